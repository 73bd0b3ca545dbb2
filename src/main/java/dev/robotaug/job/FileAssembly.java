package dev.robotaug.job;

import java.io.Serializable;
import java.util.List;

/**
 * One output file of the assemble stage: the staged per-episode files (relative to staging) that
 * are joined, in order, into {@code output} (relative to staging).
 *
 * @param camera the camera key for a video file, null for a data file
 */
record FileAssembly(String camera, String output, List<String> inputs, List<Long> episodes)
    implements Serializable {

  FileAssembly {
    inputs = List.copyOf(inputs);
    episodes = List.copyOf(episodes);
  }

  boolean isVideo() {
    return camera != null;
  }

  /**
   * What an assembled file holds: for video, each episode's {@code [from, to)} seconds in it.
   *
   * @param fromTimestamps per episode of {@link FileAssembly#episodes()}, in order
   */
  record Assembled(FileAssembly file, List<Double> fromTimestamps, List<Double> toTimestamps)
      implements Serializable {}
}
