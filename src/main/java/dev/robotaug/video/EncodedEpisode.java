package dev.robotaug.video;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A finished per-episode mp4.
 *
 * @param file where it was written
 * @param frames frames it holds (exactly the frames written)
 * @param durationSeconds {@code frames / fps}, the stream duration LeRobot adds up for {@code
 *     to_timestamp}
 * @param bytes file size
 */
public record EncodedEpisode(Path file, int frames, double durationSeconds, long bytes) {

  public EncodedEpisode {
    Objects.requireNonNull(file, "file is null");
    if (frames < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "Invalid encoded episode " + file + ": " + frames + " frames, " + bytes + " bytes");
    }
  }
}
