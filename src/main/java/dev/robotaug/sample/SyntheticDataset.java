package dev.robotaug.sample;

import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Feature;
import dev.robotaug.dataset.LeRobotSchemas;
import dev.robotaug.dataset.ParquetRowWriter;
import dev.robotaug.dataset.StatsAggregation;
import dev.robotaug.dataset.Storage;
import dev.robotaug.dataset.V21Metadata;
import dev.robotaug.video.EpisodeEncoder;
import dev.robotaug.video.VideoConcat;
import dev.robotaug.video.VideoSegment;
import dev.robotaug.video.VideoSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes LeRobot datasets whose camera frames look like a recorded scene rather than flat colours:
 * a textured table, a jointed arm whose pose follows the episode's actions and a rolling ball, each
 * camera seeing it from its own angle.
 *
 * <p>Two layouts: v3.0 (the default), where episodes share data files ({@code episodesPerFile} at a
 * time) and each video camera's mp4s ({@code videoEpisodesPerFile} at a time, independently of the
 * data files), files numbered across chunk directories of {@code chunksSize} files; and v2.1, one
 * data file and one mp4 per episode and camera, chunk directories of {@code chunksSize} episodes,
 * with the jsonl metadata of that version. Cameras are either video features (mp4) or image
 * features (PNG bytes in the data files).
 */
public final class SyntheticDataset {
  private static final int ACTION_DIM = 6;
  private static final List<String> CAMERA_NAMES = List.of("height", "width", "channels");

  /** Which LeRobot version, and so which files, to write. */
  public enum Layout {
    V30,
    V21
  }

  /** How a camera's frames are stored: as mp4 ({@code dtype: video}) or PNG in Parquet. */
  public enum CameraKind {
    VIDEO,
    IMAGE
  }

  /** One camera: its feature key, frame size and storage. */
  public record Camera(String key, int width, int height, CameraKind kind) {

    public Camera {
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException("Invalid camera " + key + ": " + width + "x" + height);
      }

      kind = kind == null ? CameraKind.VIDEO : kind;
    }

    /** A video camera. */
    public Camera(String key, int width, int height) {
      this(key, width, height, CameraKind.VIDEO);
    }

    /** A camera stored as PNG images in the data files. */
    public static Camera image(String key, int width, int height) {
      return new Camera(key, width, height, CameraKind.IMAGE);
    }

    public boolean isVideo() {
      return kind == CameraKind.VIDEO;
    }
  }

  /**
   * What to generate.
   *
   * @param codec stream codec of every video camera: {@code av1} or {@code h264}
   * @param episodesPerFile v3.0: episodes per data file before a new file starts
   * @param layout v3.0 or v2.1 files
   * @param videoEpisodesPerFile v3.0: episodes per mp4 of each video camera
   * @param chunksSize {@code chunks_size}: files per chunk directory (v3.0), episodes per chunk
   *     directory (v2.1)
   */
  public record Spec(
      List<Integer> episodeLengths,
      List<Camera> cameras,
      List<String> tasks,
      String codec,
      int fps,
      int episodesPerFile,
      long seed,
      Layout layout,
      int videoEpisodesPerFile,
      int chunksSize) {

    public Spec {
      episodeLengths = List.copyOf(episodeLengths);
      cameras = List.copyOf(cameras);
      tasks = List.copyOf(tasks);
      layout = layout == null ? Layout.V30 : layout;
      if (episodeLengths.isEmpty() || episodeLengths.stream().anyMatch(length -> length < 1)) {
        throw new IllegalArgumentException("Invalid episode lengths: " + episodeLengths);
      }

      if (tasks.isEmpty()) {
        throw new IllegalArgumentException("Invalid tasks: at least one is needed");
      }

      if (fps <= 0 || episodesPerFile <= 0 || videoEpisodesPerFile <= 0 || chunksSize <= 0) {
        throw new IllegalArgumentException(
            "Invalid spec: fps %d, episodes per file %d and %d, chunks size %d must be > 0"
                .formatted(fps, episodesPerFile, videoEpisodesPerFile, chunksSize));
      }
    }

    /** A v3.0 spec whose data and video files both hold {@code episodesPerFile} episodes. */
    public Spec(
        List<Integer> episodeLengths,
        List<Camera> cameras,
        List<String> tasks,
        String codec,
        int fps,
        int episodesPerFile,
        long seed) {
      this(
          episodeLengths,
          cameras,
          tasks,
          codec,
          fps,
          episodesPerFile,
          seed,
          Layout.V30,
          episodesPerFile,
          1000);
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

    public Spec withLayout(Layout otherLayout) {
      return new Spec(
          episodeLengths,
          cameras,
          tasks,
          codec,
          fps,
          episodesPerFile,
          seed,
          otherLayout,
          videoEpisodesPerFile,
          chunksSize);
    }

    public Spec withCameras(List<Camera> otherCameras) {
      return new Spec(
          episodeLengths,
          otherCameras,
          tasks,
          codec,
          fps,
          episodesPerFile,
          seed,
          layout,
          videoEpisodesPerFile,
          chunksSize);
    }

    public Spec withTasks(List<String> otherTasks) {
      return new Spec(
          episodeLengths,
          cameras,
          otherTasks,
          codec,
          fps,
          episodesPerFile,
          seed,
          layout,
          videoEpisodesPerFile,
          chunksSize);
    }

    public Spec withEpisodeLengths(List<Integer> otherLengths) {
      return new Spec(
          otherLengths,
          cameras,
          tasks,
          codec,
          fps,
          episodesPerFile,
          seed,
          layout,
          videoEpisodesPerFile,
          chunksSize);
    }

    /** The same dataset packed differently: episodes per data file and per mp4, chunk size. */
    public Spec withFiles(int dataEpisodesPerFile, int videoEpisodes, int otherChunksSize) {
      return new Spec(
          episodeLengths,
          cameras,
          tasks,
          codec,
          fps,
          dataEpisodesPerFile,
          seed,
          layout,
          videoEpisodes,
          otherChunksSize);
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
      Writer writer = new Writer(root, spec);
      if (spec.layout() == Layout.V21) {
        writer.writeV21();
      } else {
        writer.writeV30();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write synthetic dataset to " + root + ": " + e.getMessage(), e);
    }
  }

  /** The features of {@code info.json}, in LeRobot's order. */
  public static Map<String, Feature> features(Spec spec) {
    Map<String, Feature> features = new LinkedHashMap<>();
    features.put("action", new Feature("action", "float32", List.of(ACTION_DIM), null));
    features.put(
        "observation.state",
        new Feature("observation.state", "float32", List.of(ACTION_DIM), null));
    for (Camera camera : spec.cameras()) {
      List<Integer> shape = List.of(camera.height(), camera.width(), 3);
      features.put(
          camera.key(),
          camera.isVideo()
              ? new Feature(camera.key(), "video", shape, videoInfo(spec, camera))
              : new Feature(camera.key(), "image", shape, null));
    }

    for (String name :
        List.of("timestamp", "frame_index", "episode_index", "index", "task_index")) {
      features.put(
          name,
          new Feature(name, name.equals("timestamp") ? "float32" : "int64", List.of(1), null));
    }

    return features;
  }

  /** The video {@code info} block: v3.0's full encoder settings, v2.1's shorter block. */
  private static Map<String, Object> videoInfo(Spec spec, Camera camera) {
    VideoSettings settings = settings(spec, camera);
    if (spec.layout() == Layout.V30) {
      return settings.toFeatureInfo();
    }

    Map<String, Object> info = new LinkedHashMap<>();
    info.put("video.fps", settings.fps());
    info.put("video.height", settings.height());
    info.put("video.width", settings.width());
    info.put("video.channels", settings.channels());
    info.put("video.codec", settings.codec());
    info.put("video.pix_fmt", settings.pixFmt());
    info.put("video.is_depth_map", false);
    info.put("has_audio", false);
    return info;
  }

  static VideoSettings settings(Spec spec, Camera camera) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("video.codec", spec.codec());
    info.put("video.pix_fmt", "yuv420p");
    return VideoSettings.fromFeatureInfo(info, camera.width(), camera.height(), spec.fps());
  }

  /** Where one episode of one video camera landed: file number and time range. */
  private record Placement(long chunk, long file, VideoSegment segment) {}

  private static final class Writer {
    private final Path root;
    private final Spec spec;
    private final Map<String, Feature> features;
    private final Configuration conf = Storage.configuration(Map.of());
    private final SyntheticEpisodes episodes;

    Writer(Path root, Spec spec) {
      this.root = root;
      this.spec = spec;
      this.features = features(spec);
      this.episodes = new SyntheticEpisodes(spec, features);
    }

    void writeV30() throws IOException {
      int count = spec.episodeLengths().size();
      List<long[]> dataFiles = new ArrayList<>();
      for (int first = 0; first < count; first += spec.episodesPerFile()) {
        int last = Math.min(count, first + spec.episodesPerFile());
        long[] number = fileNumber(first / spec.episodesPerFile());
        List<Map<String, Object>> frames = new ArrayList<>();
        for (int e = first; e < last; e++) {
          frames.addAll(episodes.frames(e));
          dataFiles.add(number);
        }

        writeData(String.format("data/chunk-%03d/file-%03d.parquet", number[0], number[1]), frames);
      }

      Map<String, List<Placement>> videos = new LinkedHashMap<>();
      Path work = Files.createTempDirectory("synthetic-episodes");
      try {
        for (Camera camera : spec.cameras()) {
          if (camera.isVideo()) {
            videos.put(camera.key(), writeVideoFiles(camera, work));
          }
        }
      } finally {
        deleteTree(work);
      }

      List<Map<String, Object>> rows = new ArrayList<>();
      for (int e = 0; e < count; e++) {
        rows.add(episodeRow(e, dataFiles.get(e), videos));
      }

      writeMetaV30(rows);
    }

    /** File number {@code n} of a v3.0 sequence as (chunk, file). */
    private long[] fileNumber(int n) {
      return new long[] {n / spec.chunksSize(), n % spec.chunksSize()};
    }

    private List<Placement> writeVideoFiles(Camera camera, Path work) throws IOException {
      List<Placement> placements = new ArrayList<>();
      int count = spec.episodeLengths().size();
      int perFile = spec.videoEpisodesPerFile();
      for (int first = 0; first < count; first += perFile) {
        int last = Math.min(count, first + perFile);
        List<Path> parts = new ArrayList<>();
        for (int e = first; e < last; e++) {
          Path part = work.resolve(camera.key() + "-" + e + ".mp4");
          encodeEpisode(camera, e, part);
          parts.add(part);
        }

        long[] number = fileNumber(first / perFile);
        Path out =
            root.resolve(
                String.format(
                    "videos/%s/chunk-%03d/file-%03d.mp4", camera.key(), number[0], number[1]));
        Files.createDirectories(out.getParent());
        for (VideoSegment segment : VideoConcat.concat(parts, out)) {
          placements.add(new Placement(number[0], number[1], segment));
        }
      }

      return placements;
    }

    private void encodeEpisode(Camera camera, int episode, Path out) throws IOException {
      Files.createDirectories(out.getParent());
      try (EpisodeEncoder encoder = new EpisodeEncoder(out, settings(spec, camera), 1);
          Mat frame = new Mat(camera.height(), camera.width(), opencv_core.CV_8UC3)) {
        byte[] pixels = new byte[camera.width() * camera.height() * 3];
        for (int t = 0; t < spec.episodeLengths().get(episode); t++) {
          episodes.render(camera, episode, t, pixels);
          frame.data().put(pixels);
          encoder.write(frame);
        }

        encoder.finish();
      }
    }

    private Map<String, Object> episodeRow(
        int episode, long[] dataFile, Map<String, List<Placement>> videos) {
      int length = spec.episodeLengths().get(episode);
      long from = episodes.firstIndex(episode);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("episode_index", (long) episode);
      row.put("tasks", episodes.tasksOf(episode));
      row.put("length", (long) length);
      row.put("data/chunk_index", dataFile[0]);
      row.put("data/file_index", dataFile[1]);
      row.put("dataset_from_index", from);
      row.put("dataset_to_index", from + length);
      videos.forEach(
          (camera, placements) -> {
            Placement placement = placements.get(episode);
            String prefix = "videos/" + camera + "/";
            row.put(prefix + "chunk_index", placement.chunk());
            row.put(prefix + "file_index", placement.file());
            row.put(prefix + "from_timestamp", placement.segment().fromTimestamp());
            row.put(prefix + "to_timestamp", placement.segment().toTimestamp());
          });

      episodes
          .stats(episode)
          .forEach(
              (feature, values) ->
                  values.forEach((stat, value) -> row.put("stats/" + feature + "/" + stat, value)));
      row.put("meta/episodes/chunk_index", 0L);
      row.put("meta/episodes/file_index", 0L);
      return row;
    }

    private void writeData(String relative, List<Map<String, Object>> frames) {
      Map<String, String> metadata =
          Map.of("huggingface", LeRobotSchemas.huggingfaceMetadata(features));
      try (ParquetRowWriter writer =
          new ParquetRowWriter(
              conf, hadoopPath(relative), LeRobotSchemas.dataSchema(features), metadata)) {
        frames.forEach(writer::write);
      }
    }

    private void writeMetaV30(List<Map<String, Object>> episodeRows) {
      try (ParquetRowWriter writer =
          new ParquetRowWriter(
              conf,
              hadoopPath("meta/episodes/chunk-000/file-000.parquet"),
              LeRobotSchemas.episodesSchema(features),
              Map.of())) {
        episodeRows.forEach(writer::write);
      }

      try (ParquetRowWriter writer =
          new ParquetRowWriter(
              conf,
              hadoopPath("meta/tasks.parquet"),
              LeRobotSchemas.tasksSchema(),
              LeRobotSchemas.tasksMetadata())) {
        for (int i = 0; i < spec.tasks().size(); i++) {
          writer.write(Map.of("task", spec.tasks().get(i), "task_index", (long) i));
        }
      }

      Map<String, Object> info = infoHead("v3.0");
      info.put("chunks_size", spec.chunksSize());
      info.put("data_files_size_in_mb", 100);
      info.put("video_files_size_in_mb", 200);
      info.put("fps", spec.fps());
      info.put("splits", Map.of("train", "0:" + spec.episodeLengths().size()));
      info.put("data_path", "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
      info.put(
          "video_path",
          hasVideo()
              ? "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4"
              : null);
      info.put("features", featuresJson());
      Storage.writeText(conf, hadoopPath("meta/info.json"), DatasetJson.write(info));

      List<Map<String, Map<String, Object>>> perEpisode = new ArrayList<>();
      for (int e = 0; e < spec.episodeLengths().size(); e++) {
        perEpisode.add(episodes.stats(e));
      }

      Storage.writeText(
          conf,
          hadoopPath("meta/stats.json"),
          DatasetJson.write(StatsAggregation.aggregate(perEpisode)));
    }

    void writeV21() throws IOException {
      int count = spec.episodeLengths().size();
      for (int e = 0; e < count; e++) {
        long chunk = e / spec.chunksSize();
        writeData(
            String.format("data/chunk-%03d/episode_%06d.parquet", chunk, e), episodes.frames(e));
        for (Camera camera : spec.cameras()) {
          if (camera.isVideo()) {
            encodeEpisode(
                camera,
                e,
                root.resolve(
                    String.format(
                        "videos/chunk-%03d/%s/episode_%06d.mp4", chunk, camera.key(), e)));
          }
        }
      }

      writeMetaV21();
    }

    private void writeMetaV21() {
      int count = spec.episodeLengths().size();
      StringBuilder episodesJsonl = new StringBuilder();
      StringBuilder statsJsonl = new StringBuilder();
      for (int e = 0; e < count; e++) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("episode_index", e);
        line.put("tasks", episodes.tasksOf(e));
        line.put("length", spec.episodeLengths().get(e));
        episodesJsonl.append(DatasetJson.writeLine(line)).append('\n');

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("episode_index", e);
        stats.put("stats", withoutQuantiles(episodes.stats(e)));
        statsJsonl.append(DatasetJson.writeLine(stats)).append('\n');
      }

      StringBuilder tasksJsonl = new StringBuilder();
      for (int i = 0; i < spec.tasks().size(); i++) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("task_index", i);
        line.put("task", spec.tasks().get(i));
        tasksJsonl.append(DatasetJson.writeLine(line)).append('\n');
      }

      Storage.writeText(conf, hadoopPath(V21Metadata.EPISODES), episodesJsonl.toString());
      Storage.writeText(conf, hadoopPath(V21Metadata.EPISODES_STATS), statsJsonl.toString());
      Storage.writeText(conf, hadoopPath(V21Metadata.TASKS), tasksJsonl.toString());

      long videoCameras = spec.cameras().stream().filter(Camera::isVideo).count();
      Map<String, Object> info = infoHead("v2.1");
      info.put("total_videos", count * videoCameras);
      info.put("total_chunks", (count + spec.chunksSize() - 1) / spec.chunksSize());
      info.put("chunks_size", spec.chunksSize());
      info.put("fps", spec.fps());
      info.put("splits", Map.of("train", "0:" + count));
      info.put("data_path", "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet");
      info.put(
          "video_path",
          hasVideo()
              ? "videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4"
              : null);
      info.put("features", featuresJson());
      Storage.writeText(conf, hadoopPath("meta/info.json"), DatasetJson.write(info));
    }

    private static void deleteTree(Path dir) throws IOException {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }

    private static Map<String, Object> withoutQuantiles(Map<String, Map<String, Object>> stats) {
      Map<String, Object> kept = new LinkedHashMap<>();
      stats.forEach(
          (feature, values) -> {
            Map<String, Object> plain = new LinkedHashMap<>();
            for (String stat : List.of("min", "max", "mean", "std", "count")) {
              plain.put(stat, values.get(stat));
            }

            kept.put(feature, plain);
          });
      return kept;
    }

    private Map<String, Object> infoHead(String version) {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("codebase_version", version);
      info.put("robot_type", "so101_follower");
      info.put("total_episodes", spec.episodeLengths().size());
      info.put("total_frames", episodes.totalFrames());
      info.put("total_tasks", spec.tasks().size());
      return info;
    }

    private Map<String, Object> featuresJson() {
      Map<String, Object> featureJson = new LinkedHashMap<>();
      for (Feature feature : features.values()) {
        boolean camera = feature.isVideo() || feature.isImage();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("dtype", feature.dtype());
        entry.put("shape", feature.shape());
        entry.put("names", camera ? CAMERA_NAMES : null);
        if (feature.isVideo()) {
          entry.put("info", feature.info());
        }

        featureJson.put(feature.name(), entry);
      }

      return featureJson;
    }

    private boolean hasVideo() {
      return spec.cameras().stream().anyMatch(Camera::isVideo);
    }

    private org.apache.hadoop.fs.Path hadoopPath(String relative) {
      return new org.apache.hadoop.fs.Path(root.resolve(relative).toUri());
    }
  }
}
