package dev.robotaug.sample;

import dev.robotaug.dataset.CameraStats;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Feature;
import dev.robotaug.dataset.LeRobotSchemas;
import dev.robotaug.dataset.NumericStats;
import dev.robotaug.dataset.ParquetRowWriter;
import dev.robotaug.dataset.StatsAggregation;
import dev.robotaug.dataset.Storage;
import dev.robotaug.video.EpisodeEncoder;
import dev.robotaug.video.VideoConcat;
import dev.robotaug.video.VideoSegment;
import dev.robotaug.video.VideoSettings;
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

/**
 * Writes LeRobot v3.0 datasets with video cameras whose frames look like a recorded scene rather
 * than flat colours: a textured table, a jointed arm whose pose follows the episode's actions and a
 * rolling ball, each camera seeing it from its own angle. Episodes share data and video files (
 * {@code episodesPerFile} at a time), the way LeRobot's writer packs them.
 */
public final class SyntheticDataset {
  private static final int ACTION_DIM = 6;

  /** One camera: its feature key and frame size. */
  public record Camera(String key, int width, int height) {}

  /**
   * What to generate.
   *
   * @param codec stream codec of every camera: {@code av1} or {@code h264}
   * @param episodesPerFile episodes per data file and per video file before a new file starts
   */
  public record Spec(
      List<Integer> episodeLengths,
      List<Camera> cameras,
      List<String> tasks,
      String codec,
      int fps,
      int episodesPerFile,
      long seed) {

    public Spec {
      episodeLengths = List.copyOf(episodeLengths);
      cameras = List.copyOf(cameras);
      tasks = List.copyOf(tasks);
    }

    /**
     * The bundled sample: 5 episodes of 4-6 s at 15 fps, a 160x120 scene and a 128x96 wrist view.
     */
    public static Spec sample() {
      return new Spec(
          List.of(75, 60, 90, 66, 81),
          List.of(
              new Camera("observation.images.front", 160, 120),
              new Camera("observation.images.wrist", 128, 96)),
          List.of("Pick up the cube.", "Push the ball to the left."),
          "av1",
          15,
          3,
          2026L);
    }

    /** The dataset the tests mostly use: 2 cameras of different sizes, 5 episodes. */
    public static Spec small(String codec) {
      return new Spec(
          List.of(12, 9, 15, 7, 10),
          List.of(
              new Camera("observation.images.front", 96, 72),
              new Camera("observation.images.wrist", 64, 48)),
          List.of("Pick up the cube.", "Push the ball to the left."),
          codec,
          10,
          3,
          7L);
    }
  }

  private SyntheticDataset() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("Usage: SyntheticDataset <output dir>");
    }

    write(Path.of(args[0]), Spec.sample());
  }

  /** Writes the dataset into {@code root}, which must not exist yet or be empty. */
  public static void write(Path root, Spec spec) {
    try {
      Files.createDirectories(root);
      new Writer(root, spec).write();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write synthetic dataset to " + root + ": " + e.getMessage(), e);
    }
  }

  /** The features of {@code info.json}, in LeRobot's order. */
  public static Map<String, Feature> features(Spec spec) {
    Map<String, Feature> features = new LinkedHashMap<>();
    List<String> motors =
        List.of(
            "shoulder_pan.pos",
            "shoulder_lift.pos",
            "elbow_flex.pos",
            "wrist_flex.pos",
            "wrist_roll.pos",
            "gripper.pos");
    features.put("action", new Feature("action", "float32", List.of(ACTION_DIM), null));
    features.put(
        "observation.state",
        new Feature("observation.state", "float32", List.of(ACTION_DIM), null));
    for (Camera camera : spec.cameras()) {
      VideoSettings settings = settings(spec, camera);
      features.put(
          camera.key(),
          new Feature(
              camera.key(),
              "video",
              List.of(camera.height(), camera.width(), 3),
              settings.toFeatureInfo()));
    }

    for (String name :
        List.of("timestamp", "frame_index", "episode_index", "index", "task_index")) {
      features.put(
          name,
          new Feature(name, name.equals("timestamp") ? "float32" : "int64", List.of(1), null));
    }

    return features;
  }

  static VideoSettings settings(Spec spec, Camera camera) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("video.codec", spec.codec());
    info.put("video.pix_fmt", "yuv420p");
    return VideoSettings.fromFeatureInfo(info, camera.width(), camera.height(), spec.fps());
  }

  private static final class Writer {
    private final Path root;
    private final Spec spec;
    private final Map<String, Feature> features;
    private final Configuration conf = Storage.configuration(Map.of());

    Writer(Path root, Spec spec) {
      this.root = root;
      this.spec = spec;
      this.features = features(spec);
    }

    void write() throws IOException {
      int episodes = spec.episodeLengths().size();
      List<Map<String, Object>> episodeRows = new ArrayList<>();
      List<Map<String, Map<String, Object>>> episodeStats = new ArrayList<>();
      Path work = Files.createTempDirectory("synthetic-episodes");
      long globalIndex = 0;
      for (int first = 0; first < episodes; first += spec.episodesPerFile()) {
        int last = Math.min(episodes, first + spec.episodesPerFile());
        long fileIndex = first / spec.episodesPerFile();
        Map<String, List<VideoSegment>> segments = writeVideos(first, last, fileIndex, work);
        List<Map<String, Object>> frames = new ArrayList<>();
        for (int e = first; e < last; e++) {
          List<Map<String, Object>> episodeFrames = frames(e, globalIndex);
          frames.addAll(episodeFrames);
          Map<String, Map<String, Object>> stats = stats(e, episodeFrames);
          episodeStats.add(stats);
          episodeRows.add(episodeRow(e, globalIndex, fileIndex, segments, e - first, stats));
          globalIndex += spec.episodeLengths().get(e);
        }

        writeData(fileIndex, frames, first, last);
      }

      writeMeta(episodeRows, episodeStats, globalIndex);
    }

    private Map<String, List<VideoSegment>> writeVideos(
        int first, int last, long fileIndex, Path work) {
      Map<String, List<VideoSegment>> segments = new LinkedHashMap<>();
      for (Camera camera : spec.cameras()) {
        List<Path> parts = new ArrayList<>();
        for (int e = first; e < last; e++) {
          Path part = work.resolve(camera.key() + "-" + e + ".mp4");
          try (EpisodeEncoder encoder = new EpisodeEncoder(part, settings(spec, camera), 1);
              Mat frame = new Mat(camera.height(), camera.width(), opencv_core.CV_8UC3)) {
            byte[] pixels = new byte[camera.width() * camera.height() * 3];
            for (int t = 0; t < spec.episodeLengths().get(e); t++) {
              Scene.render(
                  pixels,
                  camera.width(),
                  camera.height(),
                  spec.seed(),
                  e,
                  spec.cameras().indexOf(camera),
                  t,
                  spec.fps());
              frame.data().put(pixels);
              encoder.write(frame);
            }

            encoder.finish();
          }

          parts.add(part);
        }

        Path out =
            root.resolve(
                String.format("videos/%s/chunk-000/file-%03d.mp4", camera.key(), fileIndex));
        try {
          Files.createDirectories(out.getParent());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }

        segments.put(camera.key(), VideoConcat.concat(parts, out));
      }

      return segments;
    }

    private List<Map<String, Object>> frames(int episode, long firstIndex) {
      List<Map<String, Object>> frames = new ArrayList<>();
      int length = spec.episodeLengths().get(episode);
      for (int t = 0; t < length; t++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("action", floats(Scene.joints(spec.seed(), episode, t + 1, spec.fps())));
        row.put("observation.state", floats(Scene.joints(spec.seed(), episode, t, spec.fps())));
        row.put("timestamp", (float) t / spec.fps());
        row.put("frame_index", (long) t);
        row.put("episode_index", (long) episode);
        row.put("index", firstIndex + t);
        row.put("task_index", (long) taskOf(episode, t, length));
        frames.add(row);
      }

      return frames;
    }

    /** The second half of every third episode switches task, so tasks vary per frame too. */
    private int taskOf(int episode, int frame, int length) {
      int base = episode % spec.tasks().size();
      return episode % 3 == 2 && frame >= length / 2 ? (base + 1) % spec.tasks().size() : base;
    }

    private Map<String, Map<String, Object>> stats(int episode, List<Map<String, Object>> frames) {
      Map<String, Map<String, Object>> stats = new LinkedHashMap<>();
      for (Feature feature : features.values()) {
        if (feature.isVideo()) {
          Camera camera =
              spec.cameras().stream()
                  .filter(c -> c.key().equals(feature.name()))
                  .findFirst()
                  .orElseThrow();
          CameraStats cameraStats = new CameraStats(camera.width(), camera.height(), frames.size());
          byte[] pixels = new byte[camera.width() * camera.height() * 3];
          for (int t = 0; t < frames.size(); t++) {
            if (cameraStats.wants(t)) {
              Scene.render(
                  pixels,
                  camera.width(),
                  camera.height(),
                  spec.seed(),
                  episode,
                  spec.cameras().indexOf(camera),
                  t,
                  spec.fps());
              cameraStats.add(t, pixels, camera.width() * 3);
            }
          }

          stats.put(feature.name(), cameraStats.result());
          continue;
        }

        double[][] values = new double[frames.size()][];
        for (int t = 0; t < frames.size(); t++) {
          values[t] = numbers(frames.get(t).get(feature.name()));
        }

        stats.put(feature.name(), NumericStats.of(values, feature.dtype().startsWith("int")));
      }

      return stats;
    }

    private Map<String, Object> episodeRow(
        int episode,
        long from,
        long fileIndex,
        Map<String, List<VideoSegment>> segments,
        int position,
        Map<String, Map<String, Object>> stats) {
      int length = spec.episodeLengths().get(episode);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("episode_index", (long) episode);
      List<String> tasks = new ArrayList<>();
      for (int t = 0; t < length; t++) {
        String task = spec.tasks().get(taskOf(episode, t, length));
        if (!tasks.contains(task)) {
          tasks.add(task);
        }
      }

      row.put("tasks", tasks);
      row.put("length", (long) length);
      row.put("data/chunk_index", 0L);
      row.put("data/file_index", fileIndex);
      row.put("dataset_from_index", from);
      row.put("dataset_to_index", from + length);
      for (Camera camera : spec.cameras()) {
        VideoSegment segment = segments.get(camera.key()).get(position);
        String prefix = "videos/" + camera.key() + "/";
        row.put(prefix + "chunk_index", 0L);
        row.put(prefix + "file_index", fileIndex);
        row.put(prefix + "from_timestamp", segment.fromTimestamp());
        row.put(prefix + "to_timestamp", segment.toTimestamp());
      }

      stats.forEach(
          (feature, values) ->
              values.forEach((stat, value) -> row.put("stats/" + feature + "/" + stat, value)));
      row.put("meta/episodes/chunk_index", 0L);
      row.put("meta/episodes/file_index", 0L);
      return row;
    }

    private void writeData(long fileIndex, List<Map<String, Object>> frames, int first, int last) {
      Path file = root.resolve(String.format("data/chunk-000/file-%03d.parquet", fileIndex));
      Map<String, String> metadata =
          Map.of("huggingface", LeRobotSchemas.huggingfaceMetadata(features));
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
      try (ParquetRowWriter writer =
          new ParquetRowWriter(conf, path, LeRobotSchemas.dataSchema(features), metadata)) {
        frames.forEach(writer::write);
      }
    }

    private void writeMeta(
        List<Map<String, Object>> episodeRows,
        List<Map<String, Map<String, Object>>> episodeStats,
        long totalFrames) {
      org.apache.hadoop.fs.Path meta = new org.apache.hadoop.fs.Path(root.resolve("meta").toUri());
      try (ParquetRowWriter writer =
          new ParquetRowWriter(
              conf,
              new org.apache.hadoop.fs.Path(meta, "episodes/chunk-000/file-000.parquet"),
              LeRobotSchemas.episodesSchema(features),
              Map.of())) {
        episodeRows.forEach(writer::write);
      }

      try (ParquetRowWriter writer =
          new ParquetRowWriter(
              conf,
              new org.apache.hadoop.fs.Path(meta, "tasks.parquet"),
              LeRobotSchemas.tasksSchema(),
              LeRobotSchemas.tasksMetadata())) {
        for (int i = 0; i < spec.tasks().size(); i++) {
          writer.write(Map.of("task", spec.tasks().get(i), "task_index", (long) i));
        }
      }

      Map<String, Object> info = new LinkedHashMap<>();
      info.put("codebase_version", "v3.0");
      info.put("robot_type", "so101_follower");
      info.put("total_episodes", episodeRows.size());
      info.put("total_frames", totalFrames);
      info.put("total_tasks", spec.tasks().size());
      info.put("chunks_size", 1000);
      info.put("data_files_size_in_mb", 100);
      info.put("video_files_size_in_mb", 200);
      info.put("fps", spec.fps());
      info.put("splits", Map.of("train", "0:" + episodeRows.size()));
      info.put("data_path", "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
      info.put(
          "video_path", "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4");
      Map<String, Object> featureJson = new LinkedHashMap<>();
      for (Feature feature : features.values()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("dtype", feature.dtype());
        entry.put("shape", feature.shape());
        entry.put("names", feature.isVideo() ? List.of("height", "width", "channels") : null);
        if (feature.isVideo()) {
          entry.put("info", feature.info());
        }

        featureJson.put(feature.name(), entry);
      }

      info.put("features", featureJson);
      Storage.writeText(
          conf, new org.apache.hadoop.fs.Path(meta, "info.json"), DatasetJson.write(info));
      Storage.writeText(
          conf,
          new org.apache.hadoop.fs.Path(meta, "stats.json"),
          DatasetJson.write(StatsAggregation.aggregate(episodeStats)));
    }

    private static List<Float> floats(double[] values) {
      List<Float> list = new ArrayList<>(values.length);
      for (double value : values) {
        list.add((float) value);
      }

      return list;
    }

    private static double[] numbers(Object value) {
      if (value instanceof List<?> list) {
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = ((Number) list.get(i)).doubleValue();
        }

        return out;
      }

      return new double[] {((Number) value).doubleValue()};
    }
  }
}
