package dev.robotaug.video;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one input of {@link VideoConcat} sits in the joined mp4: the frames {@code [firstFrame,
 * firstFrame + frames)}, shown from {@code fromTimestamp} up to (not including) {@code
 * toTimestamp}. These are the values of LeRobot's {@code videos/<camera>/from_timestamp} and {@code
 * to_timestamp} episode columns.
 *
 * @param input the per-episode mp4 (or clip source) the frames came from
 * @param firstFrame number of the segment's first frame in the joined file
 * @param frames number of frames
 * @param fromTimestamp {@code firstFrame / fps} seconds
 * @param toTimestamp {@code (firstFrame + frames) / fps} seconds, the next segment's {@code
 *     fromTimestamp}
 */
public record VideoSegment(
    Path input, long firstFrame, int frames, double fromTimestamp, double toTimestamp) {

  public VideoSegment {
    Objects.requireNonNull(input, "input is null");
    if (firstFrame < 0 || frames <= 0 || toTimestamp < fromTimestamp) {
      throw new IllegalArgumentException(
          "Invalid video segment of %s: first frame %d, %d frames, [%s, %s)"
              .formatted(input, firstFrame, frames, fromTimestamp, toTimestamp));
    }
  }

  static VideoSegment of(Path input, long firstFrame, int frames, int fps) {
    // Both ends from whole frame numbers: consecutive segments share the exact same double.
    return new VideoSegment(
        input, firstFrame, frames, firstFrame / (double) fps, (firstFrame + frames) / (double) fps);
  }
}
