package dev.robotaug.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.dataset.DatasetInfo;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Feature;
import dev.robotaug.dataset.ParquetTable;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dataset as the checks see it, read once and leniently: info, tasks, the episode rows as stored
 * (v3.0) or synthesised from the jsonl files (v2.1), the frame-index columns of every data file in
 * sorted path order, and {@code meta/stats.json}. Nothing here judges the dataset; only what cannot
 * be read at all (info.json, the episode table, the tasks, a data file's footer) makes {@link
 * #open} fail.
 */
final class DatasetUnderTest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetUnderTest.class);
  static final List<String> FRAME_COLUMNS =
      List.of("index", "episode_index", "frame_index", "timestamp", "task_index");

  final Configuration conf;
  final String root;
  final DatasetInfo info;
  final List<TaskRow> tasks;
  final List<Map<String, Object>> episodeRows;
  final List<FrameColumns> dataFiles;
  final JsonNode statsJson;
  final String statsJsonProblem;
  private java.nio.file.Path scratch;

  /** One row of the tasks table, at its position in the file. */
  record TaskRow(int position, String task, Long taskIndex) {}

  private DatasetUnderTest(
      Configuration conf,
      String root,
      DatasetInfo info,
      List<TaskRow> tasks,
      List<Map<String, Object>> episodeRows,
      List<FrameColumns> dataFiles,
      JsonNode statsJson,
      String statsJsonProblem) {
    this.conf = conf;
    this.root = root;
    this.info = info;
    this.tasks = List.copyOf(tasks);
    this.episodeRows = List.copyOf(episodeRows);
    this.dataFiles = List.copyOf(dataFiles);
    this.statsJson = statsJson;
    this.statsJsonProblem = statsJsonProblem;
  }

  /**
   * Reads the dataset's metadata and frame-index columns.
   *
   * @throws IllegalArgumentException "Cannot open dataset &lt;root&gt;: &lt;reason&gt;" when a file
   *     every check needs is missing or unreadable
   */
  static DatasetUnderTest open(Configuration conf, String root) {
    try {
      DatasetInfo info = SourceDataset.readInfo(conf, root);
      List<TaskRow> tasks = tasks(SourceDataset.readTasks(conf, root, info));
      List<Map<String, Object>> episodes = SourceDataset.readEpisodeRows(conf, root, info);
      List<FrameColumns> dataFiles = new ArrayList<>();
      for (String relative : dataFileNames(conf, root)) {
        dataFiles.add(FrameColumns.read(conf, relative, new Path(new Path(root), relative)));
      }

      Path statsPath = new Path(new Path(root), "meta/stats.json");
      JsonNode stats = null;
      String statsProblem = "meta/stats.json is missing";
      if (Storage.exists(conf, statsPath)) {
        try {
          stats = DatasetJson.MAPPER.readTree(Storage.readText(conf, statsPath));
          statsProblem = null;
        } catch (JsonProcessingException e) {
          statsProblem = "meta/stats.json is not JSON: " + e.getOriginalMessage();
        }
      }

      return new DatasetUnderTest(
          conf, root, info, tasks, episodes, dataFiles, stats, statsProblem);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      reason = reason.replace("Cannot read dataset " + root + ": ", "");
      throw new IllegalArgumentException("Cannot open dataset " + root + ": " + reason, e);
    }
  }

  private static List<TaskRow> tasks(ParquetTable table) {
    List<TaskRow> rows = new ArrayList<>();
    for (Map<String, Object> row : table.rows()) {
      Object task = row.containsKey("task") ? row.get("task") : row.get("__index_level_0__");
      Object index = row.get("task_index");
      rows.add(
          new TaskRow(
              rows.size(),
              task == null ? null : task.toString(),
              index instanceof Number number ? number.longValue() : null));
    }

    return rows;
  }

  /** {@code data/*}{@code /*.parquet}, relative to the root, sorted as LeRobot's glob sorts. */
  private static List<String> dataFileNames(Configuration conf, String root) {
    return Storage.listRecursive(conf, new Path(new Path(root), "data"), root).stream()
        .filter(name -> name.endsWith(".parquet") && name.split("/").length == 3)
        .sorted()
        .toList();
  }

  Path path(String relative) {
    return new Path(new Path(root), relative);
  }

  boolean exists(String relative) {
    return Storage.exists(conf, path(relative));
  }

  /** The dataset's fps, or 0 when info.json's is not a positive number (info.fields reports it). */
  int fpsOrZero() {
    try {
      return info.fps();
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  List<String> videoKeys() {
    return info.videoKeys();
  }

  List<String> imageKeys() {
    return info.features().values().stream().filter(Feature::isImage).map(Feature::name).toList();
  }

  /** The data file an episode row names, relative to the root, in either layout. */
  String dataPathOf(Map<String, Object> row) {
    long episode = number(row, "episode_index");
    return info.isV21()
        ? info.episodeDataPath(episode)
        : info.dataPath(number(row, "data/chunk_index"), number(row, "data/file_index"));
  }

  /** The mp4 an episode row names for one camera, relative to the root, in either layout. */
  String videoPathOf(Map<String, Object> row, String camera) {
    if (info.isV21()) {
      return info.episodeVideoPath(camera, number(row, "episode_index"));
    }

    String prefix = "videos/" + camera + "/";
    return info.videoPath(
        camera, number(row, prefix + "chunk_index"), number(row, prefix + "file_index"));
  }

  /** A local copy of a dataset file (the file itself on local disk), for FFmpeg to open. */
  java.nio.file.Path localFile(String relative) {
    try {
      if (scratch == null) {
        scratch = Files.createTempDirectory("robotaug-validate");
      }

      return Storage.localCopy(conf, path(relative), scratch);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a scratch folder: " + e.getMessage(), e);
    }
  }

  /** A column of an episode row as a long; fails naming the episode row when absent. */
  static long number(Map<String, Object> row, String column) {
    Object value = row.get(column);
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(
          "Invalid episode " + row.get("episode_index") + ": column " + column + " is missing");
    }

    return number.longValue();
  }

  static double decimal(Map<String, Object> row, String column) {
    Object value = row.get(column);
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(
          "Invalid episode " + row.get("episode_index") + ": column " + column + " is missing");
    }

    return number.doubleValue();
  }

  @Override
  public void close() {
    if (scratch == null) {
      return;
    }

    try (Stream<java.nio.file.Path> files = Files.walk(scratch)) {
      for (java.nio.file.Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      LOG.warn("Cannot delete the scratch folder {}: {}", scratch, e.getMessage());
    }
  }
}
