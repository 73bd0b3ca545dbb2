package dev.robotaug.video;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The frames {@code [firstFrame, firstFrame + frameCount)} of an mp4, e.g. one episode of a LeRobot
 * v3 video file (first frame {@code round(from_timestamp * fps)}), to be copied by {@link
 * VideoConcat#concatClips} without re-encoding.
 *
 * @param file the source mp4 on local disk
 * @param firstFrame the clip's first frame; must be a key frame of the source
 * @param frameCount number of frames, at least 1
 */
public record VideoClip(Path file, long firstFrame, int frameCount) {

  public VideoClip {
    Objects.requireNonNull(file, "file is null");
    if (firstFrame < 0 || frameCount <= 0) {
      throw new IllegalArgumentException(
          "Invalid clip of %s: first frame %d, %d frames".formatted(file, firstFrame, frameCount));
    }
  }
}
