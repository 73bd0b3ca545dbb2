package dev.robotaug.preview;

import dev.robotaug.augment.CopyParameters;
import dev.robotaug.augment.CopyPlanner;
import dev.robotaug.augment.CopyRecipe;
import dev.robotaug.augment.FrameAugmenter;
import dev.robotaug.augment.FrameSize;
import dev.robotaug.augment.ParameterSampler;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.Feature;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.Storage;
import dev.robotaug.dataset.VideoRef;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.video.SegmentDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the contact sheets of a job without running it: decodes only the previewed frames of a
 * few source episodes and applies each copy's transforms to them, drawing the same parameters and
 * the same per-frame noise as the job would, so the sheet shows the job's frames before encoding.
 */
public final class PreviewRenderer {
  private static final Logger LOG = LoggerFactory.getLogger(PreviewRenderer.class);

  private PreviewRenderer() {}

  /** Writes {@code <outputDir>/<camera>.png} for every camera; returns the files. */
  public static List<Path> render(Configuration conf, JobSpec spec, int episodes, Path outputDir) {
    long started = System.nanoTime();
    SourceDataset source = SourceDataset.open(conf, spec.source());
    Map<String, FrameSize> sizes = new LinkedHashMap<>();
    for (String camera : source.info().videoKeys()) {
      Feature feature = source.info().features().get(camera);
      sizes.put(camera, new FrameSize(feature.width(), feature.height()));
    }

    List<PreviewCell> cells = new ArrayList<>();
    List<String> labels = null;
    Path scratch = scratch();
    for (long index : PreviewPlan.episodes(source.episodes().size(), episodes)) {
      Episode episode = source.episodes().get(Math.toIntExact(index));
      List<CopyRecipe> recipes = CopyPlanner.copiesFor(spec.request(), index);
      List<CopyRecipe> shown = recipes.subList(0, Math.min(recipes.size(), PreviewPlan.MAX_COPIES));
      if (labels == null) {
        labels = shown.stream().map(recipe -> PreviewPlan.label(spec.request(), recipe)).toList();
      }

      List<CopyParameters> parameters = new ArrayList<>();
      for (CopyRecipe recipe : shown) {
        parameters.add(ParameterSampler.sample(spec.request(), spec.seed(), index, recipe, sizes));
      }

      for (String camera : source.info().videoKeys()) {
        Path video = Storage.localCopy(conf, source.videoFile(episode, camera), scratch);
        cells.addAll(cameraCells(source, episode, camera, video, sizes.get(camera), parameters));
      }
    }

    List<Path> written = new ArrayList<>();
    for (String camera : source.info().videoKeys()) {
      ContactSheet sheet =
          new ContactSheet(camera, source.info().fps(), labels == null ? List.of() : labels);
      cells.forEach(sheet::add);
      Path file = outputDir.resolve(camera + ".png");
      sheet.write(file);
      written.add(file);
    }

    LOG.info(
        "Rendered previews of job {} (seed {}): {} cameras, {} cells in {} ms",
        spec.jobId(),
        spec.seed(),
        written.size(),
        cells.size(),
        (System.nanoTime() - started) / 1_000_000);
    return written;
  }

  private static List<PreviewCell> cameraCells(
      SourceDataset source,
      Episode episode,
      String camera,
      Path video,
      FrameSize size,
      List<CopyParameters> parameters) {
    int fps = source.info().fps();
    VideoRef ref = episode.videos().get(camera);
    List<PreviewCell> cells = new ArrayList<>();
    try (Mat output = new Mat(size.height(), size.width(), opencv_core.CV_8UC3)) {
      for (long frame : PreviewPlan.frames(episode.length())) {
        try (SegmentDecoder decoder =
            new SegmentDecoder(video, fps, ref.firstFrame(fps) + frame, 1)) {
          Mat input = decoder.next();
          cells.add(
              new PreviewCell(
                  camera,
                  episode.index(),
                  frame,
                  PreviewCell.SOURCE_COLUMN,
                  Thumbnails.png(input)));
          for (int column = 0; column < parameters.size(); column++) {
            try (FrameAugmenter augmenter =
                new FrameAugmenter(parameters.get(column), camera, size)) {
              augmenter.apply(input, output, frame);
            }

            cells.add(
                new PreviewCell(camera, episode.index(), frame, column, Thumbnails.png(output)));
          }
        }
      }
    }

    return cells;
  }

  private static Path scratch() {
    try {
      Path dir = Files.createTempDirectory("robotaug-preview-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a scratch folder: " + e.getMessage(), e);
    }
  }
}
