package dev.robotaug.job;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One source episode and the augmented copies to make of it: the unit of work of the augment stage.
 * Each camera's segment is decoded once and feeds every copy.
 *
 * @param dataFile source data file holding the episode's rows (relative to the source root)
 * @param fromIndex first global {@code index} of the episode in the source
 * @param videoFiles per camera, the source mp4 holding the episode (relative to the source root)
 * @param firstFrames per camera, the episode's first frame in that mp4
 * @param previewFrames frames of this episode that go into the preview contact sheets, else empty
 */
record WorkUnit(
    long sourceEpisode,
    long length,
    String dataFile,
    long fromIndex,
    Map<String, String> videoFiles,
    Map<String, Long> firstFrames,
    List<OutputCopy> copies,
    List<Long> previewFrames)
    implements Serializable {

  WorkUnit {
    videoFiles = Map.copyOf(videoFiles);
    firstFrames = Map.copyOf(firstFrames);
    copies = List.copyOf(copies);
    previewFrames = List.copyOf(previewFrames);
  }

  /**
   * One output episode made from the unit's source episode.
   *
   * @param recipeIndex position of the copy in {@code CopyPlanner.copiesFor(request, episode)}
   * @param outputFromIndex first global {@code index} of the copy in the output
   */
  record OutputCopy(long outputEpisode, int recipeIndex, long outputFromIndex)
      implements Serializable {}
}
