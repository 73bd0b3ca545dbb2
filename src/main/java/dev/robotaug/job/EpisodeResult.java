package dev.robotaug.job;

import java.io.Serializable;
import java.util.Map;

/**
 * What the augment stage made of one output episode: its staged files' sizes, the camera stats
 * computed from the augmented frames (JSON of {@code stats/<camera>/*}), the {@link FrameDigest} of
 * each camera's frames before encoding, and the drawn parameters (JSON) for provenance.
 */
record EpisodeResult(
    long outputEpisode,
    long sourceEpisode,
    int recipeIndex,
    long length,
    long outputFromIndex,
    long dataBytes,
    Map<String, Long> videoBytes,
    Map<String, String> cameraStatsJson,
    Map<String, String> frameDigests,
    String parametersJson)
    implements Serializable {

  EpisodeResult {
    videoBytes = Map.copyOf(videoBytes);
    cameraStatsJson = Map.copyOf(cameraStatsJson);
    frameDigests = Map.copyOf(frameDigests);
  }

  static String stagedVideo(String camera, long outputEpisode) {
    return String.format("_work/videos/%s/episode-%06d.mp4", camera, outputEpisode);
  }

  static String stagedData(long outputEpisode) {
    return String.format("_work/data/episode-%06d.parquet", outputEpisode);
  }
}
