package dev.robotaug.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;

/**
 * The metadata of a LeRobot v3.0 or v2.1 dataset, as the driver reads it: info, tasks and the
 * episode table. Frames, rows and videos are read later, per episode, on the executors.
 *
 * <p>A v2.1 dataset is read into the v3.0 model (see {@link V21Metadata}): its tasks become a
 * {@code tasks.parquet}-shaped table and its episodes {@code meta/episodes} rows whose file indices
 * are the episode's own per-episode files. {@link #dataPathOf} and {@link #videoPathOf} name an
 * episode's files in either layout; {@code info().dataPath(chunk, file)} only fills v3.0 templates.
 */
public record SourceDataset(
    String root,
    DatasetInfo info,
    ParquetTable tasks,
    List<Episode> episodes,
    MessageType episodesSchema,
    Map<String, String> episodesMetadata) {

  public SourceDataset {
    episodes = List.copyOf(episodes);
    episodesMetadata = Map.copyOf(episodesMetadata);
  }

  /** Opens the dataset at {@code root}, checking what later stages rely on. */
  public static SourceDataset open(Configuration conf, String root) {
    DatasetInfo info = readInfo(conf, root);
    Path base = new Path(root);
    ParquetTable tasks = readTasks(conf, root, info);
    if (info.isV21()) {
      List<Map<String, Object>> rows = V21Metadata.readEpisodeRows(conf, base, info);
      List<Episode> episodes = toEpisodes(root, rows, info);
      checkEpisodes(root, info, episodes);
      return new SourceDataset(
          root, info, tasks, episodes, LeRobotSchemas.episodesSchema(info.features()), Map.of());
    }

    List<Episode> episodes = new ArrayList<>();
    MessageType schema = null;
    Map<String, String> metadata = Map.of();
    for (Path file : episodeFiles(conf, root)) {
      ParquetTable table = ParquetTable.read(conf, file);
      schema = schema == null ? table.schema() : schema;
      metadata = table.keyValueMetadata();
      episodes.addAll(toEpisodes(root, table.rows(), info));
    }

    checkEpisodes(root, info, episodes);
    return new SourceDataset(root, info, tasks, episodes, schema, metadata);
  }

  /**
   * Reads {@code meta/info.json}, failing when it is missing, unreadable or of a version other than
   * v3.0 and v2.1.
   */
  public static DatasetInfo readInfo(Configuration conf, String root) {
    Path infoPath = new Path(new Path(root), "meta/info.json");
    if (!Storage.exists(conf, infoPath)) {
      throw new IllegalArgumentException(
          "Cannot read dataset " + root + ": meta/info.json not found");
    }

    DatasetInfo info = DatasetInfo.parse(Storage.readText(conf, infoPath));
    String version = info.codebaseVersion();
    if (!DatasetInfo.V30.equals(version) && !DatasetInfo.V21.equals(version)) {
      throw new IllegalArgumentException(
          "Cannot read dataset "
              + root
              + ": codebase_version '"
              + version
              + "' is not supported, only v3.0 and v2.1");
    }

    return info;
  }

  /** The tasks table: {@code meta/tasks.parquet} (v3.0) or {@code meta/tasks.jsonl} (v2.1). */
  public static ParquetTable readTasks(Configuration conf, String root, DatasetInfo info) {
    Path base = new Path(root);
    return info.isV21()
        ? V21Metadata.readTasks(conf, base)
        : ParquetTable.read(conf, new Path(base, "meta/tasks.parquet"));
  }

  /**
   * The episode rows exactly as stored (v3.0, every {@code meta/episodes/*}{@code /*.parquet} file
   * in sorted path order) or as synthesised from the jsonl files (v2.1), unchecked: the validator
   * reads a dataset through this to report what {@link #open} would refuse.
   */
  public static List<Map<String, Object>> readEpisodeRows(
      Configuration conf, String root, DatasetInfo info) {
    if (info.isV21()) {
      return V21Metadata.readEpisodeRows(conf, new Path(root), info);
    }

    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path file : episodeFiles(conf, root)) {
      rows.addAll(ParquetTable.read(conf, file).rows());
    }

    return rows;
  }

  /** The v3.0 episode files, in sorted path order; fails when there is none. */
  public static List<Path> episodeFiles(Configuration conf, String root) {
    List<Path> files = new ArrayList<>();
    for (Path chunk : Storage.listDirectories(conf, new Path(new Path(root), "meta/episodes"))) {
      files.addAll(Storage.listFiles(conf, chunk, ".parquet"));
    }

    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read dataset " + root + ": no meta/episodes/*/*.parquet files");
    }

    return files;
  }

  private static List<Episode> toEpisodes(
      String root, List<Map<String, Object>> rows, DatasetInfo info) {
    List<Episode> episodes = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      try {
        episodes.add(Episode.fromRow(row, info.videoKeys()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Cannot read dataset " + root + ": " + e.getMessage(), e);
      }
    }

    return episodes;
  }

  private static void checkEpisodes(String root, DatasetInfo info, List<Episode> episodes) {
    long expectedFrom = 0;
    for (int i = 0; i < episodes.size(); i++) {
      Episode episode = episodes.get(i);
      if (episode.index() != i) {
        throw new IllegalArgumentException(
            "Cannot read dataset "
                + root
                + ": meta/episodes row "
                + i
                + " holds episode "
                + episode.index());
      }

      if (episode.fromIndex() != expectedFrom) {
        throw new IllegalArgumentException(
            "Cannot read dataset "
                + root
                + ": episode "
                + i
                + " starts at index "
                + episode.fromIndex()
                + ", expected "
                + expectedFrom);
      }

      expectedFrom = episode.toIndex();
    }

    if (episodes.size() != info.totalEpisodes() || expectedFrom != info.totalFrames()) {
      throw new IllegalArgumentException(
          "Cannot read dataset "
              + root
              + ": info.json says "
              + info.totalEpisodes()
              + " episodes and "
              + info.totalFrames()
              + " frames, meta/episodes has "
              + episodes.size()
              + " and "
              + expectedFrom);
    }
  }

  public Path path(String relative) {
    return new Path(new Path(root), relative);
  }

  /** The file holding the episode's rows, relative to the root, in either layout. */
  public String dataPathOf(Episode episode) {
    return info.isV21()
        ? info.episodeDataPath(episode.index())
        : info.dataPath(episode.dataChunk(), episode.dataFile());
  }

  /** The mp4 holding the episode's frames of one camera, relative to the root. */
  public String videoPathOf(Episode episode, String videoKey) {
    if (info.isV21()) {
      return info.episodeVideoPath(videoKey, episode.index());
    }

    VideoRef ref = episode.videos().get(videoKey);
    if (ref == null) {
      throw new IllegalArgumentException(
          "Invalid camera " + videoKey + ": not a video feature of dataset " + root);
    }

    return info.videoPath(videoKey, ref.chunkIndex(), ref.fileIndex());
  }

  public Path dataFile(Episode episode) {
    return path(dataPathOf(episode));
  }

  public Path videoFile(Episode episode, String videoKey) {
    return path(videoPathOf(episode, videoKey));
  }
}
