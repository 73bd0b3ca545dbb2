package dev.robotaug.job;

import dev.robotaug.augment.CopyParameters;
import dev.robotaug.augment.CopyPlanner;
import dev.robotaug.augment.CopyRecipe;
import dev.robotaug.augment.FrameAugmenter;
import dev.robotaug.augment.FrameSize;
import dev.robotaug.augment.ParameterSampler;
import dev.robotaug.dataset.CameraStats;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Storage;
import dev.robotaug.preview.PreviewCell;
import dev.robotaug.preview.PreviewPlan;
import dev.robotaug.preview.Thumbnails;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.video.EpisodeEncoder;
import dev.robotaug.video.SegmentDecoder;
import dev.robotaug.video.VideoSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The augment stage, one partition at a time: for each source episode, decode every camera's
 * segment once, run each frame through every copy's augmenter and encoder, compute the copies'
 * camera stats on the augmented frames, and write each copy's rows with its new {@code
 * episode_index} and {@code index}. Outputs go to the staging area as one mp4 per (copy, camera)
 * and one Parquet file per copy; the assemble stage joins them into LeRobot's shared files.
 */
final class AugmentEpisodes implements FlatMapFunction<Iterator<WorkUnit>, EpisodeResult> {
  private static final Logger LOG = LoggerFactory.getLogger(AugmentEpisodes.class);

  private final Broadcast<JobContext> context;
  private final LongAccumulator episodesDone;

  AugmentEpisodes(Broadcast<JobContext> context, LongAccumulator episodesDone) {
    this.context = context;
    this.episodesDone = episodesDone;
  }

  @Override
  public Iterator<EpisodeResult> call(Iterator<WorkUnit> units) throws IOException {
    // One task per core: OpenCV's own pool would only make two tasks' blurs fight for the cores.
    FrameAugmenter.useCallerThreadsOnly();
    JobContext job = context.value();
    JobSpec spec = job.spec();
    Configuration conf = job.hadoopConf();
    Path scratch = Files.createTempDirectory("robotaug-augment-");
    try {
      List<EpisodeResult> results = new ArrayList<>();
      while (units.hasNext()) {
        WorkUnit unit = units.next();
        results.addAll(new EpisodeWork(job, spec, conf, scratch, unit).run());
        episodesDone.add(unit.copies().size());
      }

      return results.iterator();
    } finally {
      deleteRecursively(scratch);
    }
  }

  /** The work on one source episode; holds its copies' parameters and partial results. */
  private static final class EpisodeWork {
    private final JobContext job;
    private final JobSpec spec;
    private final Configuration conf;
    private final Path scratch;
    private final WorkUnit unit;
    private final List<CopyParameters> parameters = new ArrayList<>();
    private final List<Map<String, Long>> videoBytes = new ArrayList<>();
    private final List<Map<String, String>> cameraStats = new ArrayList<>();
    private final List<Map<String, String>> frameDigests = new ArrayList<>();
    private final List<List<PreviewCell>> previewCells = new ArrayList<>();
    private final StageTimer timer = new StageTimer();

    EpisodeWork(JobContext job, JobSpec spec, Configuration conf, Path scratch, WorkUnit unit) {
      this.job = job;
      this.spec = spec;
      this.conf = conf;
      this.scratch = scratch;
      this.unit = unit;
    }

    List<EpisodeResult> run() {
      try {
        return augment();
      } catch (RuntimeException e) {
        throw episodeFailure(unit.sourceEpisode(), e);
      }
    }

    private List<EpisodeResult> augment() {
      long started = System.nanoTime();
      drawParameters();

      for (JobContext.CameraFeature camera : job.cameras()) {
        long cameraStarted = System.nanoTime();
        augmentCamera(camera);
        timer.cameraDone(cameraStarted);
        FaultInjection.midEpisode(unit.sourceEpisode());
      }

      long rowsStarted = System.nanoTime();
      List<EpisodeRows.Written> rows = new EpisodeRows(job, conf, unit, parameters).write();
      timer.rowsWritten(rowsStarted);
      for (int i = 0; i < rows.size(); i++) {
        cameraStats.get(i).putAll(rows.get(i).statsJson());
        frameDigests.get(i).putAll(rows.get(i).digests());
      }

      List<EpisodeResult> results = new ArrayList<>();
      for (int i = 0; i < unit.copies().size(); i++) {
        WorkUnit.OutputCopy copy = unit.copies().get(i);
        results.add(
            new EpisodeResult(
                copy.outputEpisode(),
                unit.sourceEpisode(),
                copy.recipeIndex(),
                unit.length(),
                copy.outputFromIndex(),
                rows.get(i).bytes(),
                videoBytes.get(i),
                cameraStats.get(i),
                frameDigests.get(i),
                previewCells.get(i),
                SpecJson.write(parameters.get(i))));
      }

      // The process id shows which executor JVM did the work (checked by the cluster test).
      LOG.info(
          "Augmented episode {} into {} copies: {} cameras, {} frames each, {} ms in process {} ({})",
          unit.sourceEpisode(),
          unit.copies().size(),
          job.cameras().size(),
          unit.length(),
          timer.total(started),
          ProcessHandle.current().pid(),
          timer);
      return results;
    }

    private void drawParameters() {
      Map<String, FrameSize> sizes = new LinkedHashMap<>();
      job.cameras().forEach(c -> sizes.put(c.key(), new FrameSize(c.width(), c.height())));
      job.imageCameras().forEach(c -> sizes.put(c.key(), new FrameSize(c.width(), c.height())));
      List<CopyRecipe> recipes = CopyPlanner.copiesFor(spec.request(), unit.sourceEpisode());
      for (WorkUnit.OutputCopy copy : unit.copies()) {
        CopyRecipe recipe = recipes.get(copy.recipeIndex());
        parameters.add(
            ParameterSampler.sample(
                spec.request(), spec.seed(), unit.sourceEpisode(), recipe, sizes));
        videoBytes.add(new LinkedHashMap<>());
        cameraStats.add(new LinkedHashMap<>());
        frameDigests.add(new LinkedHashMap<>());
        previewCells.add(new ArrayList<>());
      }
    }

    private void augmentCamera(JobContext.CameraFeature camera) {
      job.source().ensure(conf, unit.videoFiles().get(camera.key()));
      org.apache.hadoop.fs.Path sourceVideo =
          new org.apache.hadoop.fs.Path(job.sourceRoot(), unit.videoFiles().get(camera.key()));
      Path localSource = Storage.localCopy(conf, sourceVideo, scratch);
      VideoSettings settings =
          VideoSettings.fromFeatureInfo(infoOf(camera), camera.width(), camera.height(), job.fps());
      FrameSize size = new FrameSize(camera.width(), camera.height());
      int copies = unit.copies().size();
      List<FrameAugmenter> augmenters = new ArrayList<>(copies);
      List<EpisodeEncoder> encoders = new ArrayList<>(copies);
      List<CameraStats> stats = new ArrayList<>(copies);
      List<Mat> outputs = new ArrayList<>(copies);
      List<FrameDigest> digests = new ArrayList<>(copies);
      List<Path> encoded = new ArrayList<>(copies);
      byte[] pixels = new byte[camera.width() * camera.height() * 3];
      try (SegmentDecoder decoder =
          new SegmentDecoder(
              localSource,
              job.fps(),
              unit.firstFrames().get(camera.key()),
              Math.toIntExact(unit.length()))) {
        for (int i = 0; i < copies; i++) {
          Path out =
              scratch.resolve(
                  "episode-" + unit.copies().get(i).outputEpisode() + "-" + camera.key() + ".mp4");
          encoded.add(out);
          if (!job.benchIdentity()) {
            augmenters.add(new FrameAugmenter(parameters.get(i), camera.key(), size));
          }
          encoders.add(
              new EpisodeEncoder(out, settings, job.encoderThreadsFor(settings.encoder())));
          stats.add(new CameraStats(camera.width(), camera.height(), unit.length()));
          outputs.add(new Mat(camera.height(), camera.width(), opencv_core.CV_8UC3));
          digests.add(new FrameDigest());
        }

        for (long frame = 0; frame < unit.length(); frame++) {
          long decodeStarted = System.nanoTime();
          Mat source = decoder.next();
          timer.decoded(decodeStarted);
          if (source == null) {
            throw new IllegalStateException(
                "Cannot augment episode "
                    + unit.sourceEpisode()
                    + ": "
                    + unit.videoFiles().get(camera.key())
                    + " ended at frame "
                    + frame
                    + " of "
                    + unit.length());
          }

          boolean previewed = unit.previewFrames().contains(frame);
          if (previewed) {
            previewCells.get(0).add(cell(camera, frame, PreviewCell.SOURCE_COLUMN, source));
          }

          for (int i = 0; i < copies; i++) {
            long augmentStarted = System.nanoTime();
            Mat output = job.benchIdentity() ? source : outputs.get(i);
            if (!job.benchIdentity()) {
              augmenters.get(i).apply(source, output, frame);
            }
            long encodeStarted = timer.augmented(augmentStarted);
            encoders.get(i).write(output);
            long checkStarted = timer.encoded(encodeStarted);
            digests.get(i).add(output);
            if (previewed && i < PreviewPlan.MAX_COPIES) {
              previewCells.get(i).add(cell(camera, frame, i, output));
            }

            if (stats.get(i).wants(frame)) {
              copyPixels(output, pixels, camera.width() * 3);
              stats.get(i).add(frame, pixels, camera.width() * 3);
            }
            timer.checked(checkStarted);
          }
        }

        long flushStarted = System.nanoTime();
        for (int i = 0; i < copies; i++) {
          encoders.get(i).finish();
        }
        timer.encoded(flushStarted);
      } finally {
        encoders.forEach(EpisodeEncoder::close);
        augmenters.forEach(FrameAugmenter::close);
        outputs.forEach(Mat::close);
      }

      for (int i = 0; i < copies; i++) {
        long episode = unit.copies().get(i).outputEpisode();
        org.apache.hadoop.fs.Path staged =
            new org.apache.hadoop.fs.Path(
                job.stagingRoot(), EpisodeResult.stagedVideo(camera.key(), episode));
        Storage.upload(conf, encoded.get(i), staged);
        videoBytes.get(i).put(camera.key(), sizeOf(encoded.get(i)));
        cameraStats.get(i).put(camera.key(), DatasetJson.write(stats.get(i).result()));
        frameDigests.get(i).put(camera.key(), digests.get(i).hex());
        deleteQuietly(encoded.get(i));
      }
    }

    private PreviewCell cell(JobContext.CameraFeature camera, long frame, int column, Mat rgb) {
      return new PreviewCell(
          camera.key(), unit.sourceEpisode(), frame, column, Thumbnails.png(rgb));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> infoOf(JobContext.CameraFeature camera) {
      try {
        return DatasetJson.MAPPER.readValue(camera.infoJson(), Map.class);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read video info of " + camera.key(), e);
      }
    }
  }

  /**
   * The failure of one source episode, naming it and the innermost reason (which names the file).
   * The original exception rides along as a suppressed one rather than as the cause, because the
   * job reports the innermost cause's message: this way that message names the episode too.
   */
  static RuntimeException episodeFailure(long sourceEpisode, RuntimeException e) {
    String prefix = "Cannot augment episode " + sourceEpisode + ": ";
    if (e.getMessage() != null && e.getMessage().startsWith(prefix)) {
      return e;
    }

    IllegalStateException failure = new IllegalStateException(prefix + JobMain.reason(e));
    failure.addSuppressed(e);
    return failure;
  }

  /**
   * Where an episode's time goes, for the per-episode log line and {@code scripts/bench}'s profile:
   * wall time in decode, augment, encode (including the final flush), digest and stats, and the
   * rows' Parquet file. Encoders that run threads of their own make "encode" the time the task
   * waits for them, not their CPU time.
   */
  static final class StageTimer {
    private long decode;
    private long augment;
    private long encode;
    private long check;
    private long rows;
    private long cameras;
    private long total;

    void decoded(long started) {
      decode += System.nanoTime() - started;
    }

    long augmented(long started) {
      long now = System.nanoTime();
      augment += now - started;
      return now;
    }

    long encoded(long started) {
      long now = System.nanoTime();
      encode += now - started;
      return now;
    }

    void checked(long started) {
      check += System.nanoTime() - started;
    }

    void rowsWritten(long started) {
      rows += System.nanoTime() - started;
    }

    void cameraDone(long started) {
      cameras += System.nanoTime() - started;
    }

    /** Ends the episode; returns its wall time in ms. */
    long total(long started) {
      total = System.nanoTime() - started;
      return total / 1_000_000;
    }

    /**
     * The stages in ms; "setup" is the rest of the cameras' time (local copy, opening decoders,
     * augmenters and encoders, uploads), "other" the rest of the episode's.
     */
    @Override
    public String toString() {
      long setup = cameras - decode - augment - encode - check;
      long other = total - cameras - rows;
      return ("decode %d ms, augment %d ms, encode %d ms, digest+stats %d ms, setup %d ms,"
              + " rows %d ms, other %d ms")
          .formatted(
              decode / 1_000_000,
              augment / 1_000_000,
              encode / 1_000_000,
              check / 1_000_000,
              setup / 1_000_000,
              rows / 1_000_000,
              other / 1_000_000);
    }
  }

  private static void copyPixels(Mat frame, byte[] pixels, int rowBytes) {
    if (frame.isContinuous()) {
      frame.data().get(pixels, 0, pixels.length);
      return;
    }

    for (int y = 0; y < frame.rows(); y++) {
      frame.ptr(y).get(pixels, y * rowBytes, rowBytes);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stat " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Cannot delete scratch file {}; it stays until the temp dir is cleaned", file, e);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(AugmentEpisodes::deleteQuietly);
    } catch (IOException e) {
      LOG.warn("Cannot clean scratch directory {}", dir, e);
    }
  }
}
