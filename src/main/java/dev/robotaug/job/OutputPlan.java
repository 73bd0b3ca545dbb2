package dev.robotaug.job;

import dev.robotaug.augment.CopyPlanner;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.VideoRef;
import dev.robotaug.preview.PreviewPlan;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.DatasetMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output's episodes, decided on the driver before any frame is touched. In {@code copy} mode
 * the source episodes keep their indices and files and the augmented copies follow, grouped by
 * source episode in the order {@link CopyPlanner} lists them; in {@code inplace} mode each source
 * episode is replaced by its one augmented version at the same index.
 *
 * @param keptEpisodes source episodes carried over unchanged (copy mode), else empty
 * @param units one unit of work per source episode that has copies
 */
record OutputPlan(
    List<Episode> keptEpisodes, List<WorkUnit> units, long totalEpisodes, long totalFrames) {

  OutputPlan {
    keptEpisodes = List.copyOf(keptEpisodes);
    units = List.copyOf(units);
  }

  static OutputPlan of(SourceDataset source, AugmentationRequest request) {
    boolean copyMode = request.augmentDatasetMode() == DatasetMode.COPY;
    List<Episode> kept = copyMode ? source.episodes() : List.of();
    long nextEpisode = kept.size();
    long nextIndex = copyMode ? source.info().totalFrames() : 0;

    List<WorkUnit> units = new ArrayList<>();
    List<Long> previewed = PreviewPlan.episodes(source.episodes().size(), PreviewPlan.MAX_EPISODES);
    for (Episode episode : source.episodes()) {
      int recipes = CopyPlanner.copiesFor(request, episode.index()).size();
      List<WorkUnit.OutputCopy> copies = new ArrayList<>(recipes);
      for (int recipe = 0; recipe < recipes; recipe++) {
        copies.add(new WorkUnit.OutputCopy(nextEpisode++, recipe, nextIndex));
        nextIndex += episode.length();
      }

      if (!copies.isEmpty()) {
        List<Long> previewFrames =
            previewed.contains(episode.index()) ? PreviewPlan.frames(episode.length()) : List.of();
        units.add(unitOf(source, episode, copies, previewFrames));
      }
    }

    return new OutputPlan(kept, units, nextEpisode, nextIndex);
  }

  private static WorkUnit unitOf(
      SourceDataset source,
      Episode episode,
      List<WorkUnit.OutputCopy> copies,
      List<Long> previewFrames) {
    Map<String, String> videoFiles = new LinkedHashMap<>();
    Map<String, Long> firstFrames = new LinkedHashMap<>();
    int fps = source.info().fps();
    for (Map.Entry<String, VideoRef> video : episode.videos().entrySet()) {
      VideoRef ref = video.getValue();
      videoFiles.put(video.getKey(), source.videoPathOf(episode, video.getKey()));
      firstFrames.put(video.getKey(), ref.firstFrame(fps));
    }

    return new WorkUnit(
        episode.index(),
        episode.length(),
        source.dataPathOf(episode),
        episode.fromIndex(),
        videoFiles,
        firstFrames,
        copies,
        previewFrames);
  }

  long outputEpisodes() {
    return units.stream().mapToLong(unit -> unit.copies().size()).sum();
  }
}
