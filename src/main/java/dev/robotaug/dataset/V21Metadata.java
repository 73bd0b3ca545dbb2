package dev.robotaug.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads the metadata of a LeRobot v2.1 dataset into the v3.0 model: {@code meta/tasks.jsonl}
 * becomes the rows of a {@code tasks.parquet} table, and each line of {@code meta/episodes.jsonl}
 * (with its {@code meta/episodes_stats.jsonl} entry) becomes a {@code meta/episodes} row.
 *
 * <p>In such a synthesised row {@code dataset_from_index} is the sum of the lengths of the episodes
 * listed before it, {@code data/chunk_index} is the episode's chunk ({@code episode_index //
 * chunks_size}) and {@code data/file_index} the episode index itself, and every camera's segment is
 * its own per-episode mp4 from 0 to {@code length / fps}. Per-episode stats become {@code
 * stats/<feature>/<stat>} columns with the value types a v3.0 file has (int64 min and max of
 * integer features and every {@code count}, doubles otherwise); v2.1 has no quantiles.
 */
public final class V21Metadata {
  public static final String TASKS = "meta/tasks.jsonl";
  public static final String EPISODES = "meta/episodes.jsonl";
  public static final String EPISODES_STATS = "meta/episodes_stats.jsonl";

  private V21Metadata() {}

  /** The tasks, as a table with the v3.0 tasks schema, in file order. */
  public static ParquetTable readTasks(Configuration conf, Path root) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Line line : readLines(conf, new Path(root, TASKS))) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("task", line.values().get("task"));
      row.put("task_index", line.number("task_index"));
      rows.add(row);
    }

    return new ParquetTable(LeRobotSchemas.tasksSchema(), LeRobotSchemas.tasksMetadata(), rows);
  }

  /** One v3.0-shaped episode row per line of {@code episodes.jsonl}, in file order. */
  public static List<Map<String, Object>> readEpisodeRows(
      Configuration conf, Path root, DatasetInfo info) {
    Map<Long, Map<String, Object>> statsByEpisode = readStats(conf, root);
    List<Map<String, Object>> rows = new ArrayList<>();
    long from = 0;
    for (Line line : readLines(conf, new Path(root, EPISODES))) {
      long episode = line.number("episode_index");
      long length = line.number("length");
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("episode_index", episode);
      row.put("tasks", line.values().getOrDefault("tasks", List.of()));
      row.put("length", length);
      row.put("data/chunk_index", info.episodeChunk(episode));
      row.put("data/file_index", episode);
      row.put("dataset_from_index", from);
      row.put("dataset_to_index", from + length);
      for (String key : info.videoKeys()) {
        String prefix = "videos/" + key + "/";
        row.put(prefix + "chunk_index", info.episodeChunk(episode));
        row.put(prefix + "file_index", episode);
        row.put(prefix + "from_timestamp", 0.0);
        row.put(prefix + "to_timestamp", (double) length / info.fps());
      }

      putStats(row, info, statsByEpisode.getOrDefault(episode, Map.of()));
      row.put("meta/episodes/chunk_index", 0L);
      row.put("meta/episodes/file_index", 0L);
      rows.add(row);
      from += length;
    }

    return rows;
  }

  private static Map<Long, Map<String, Object>> readStats(Configuration conf, Path root) {
    Path file = new Path(root, EPISODES_STATS);
    Map<Long, Map<String, Object>> stats = new HashMap<>();
    if (!Storage.exists(conf, file)) {
      return stats;
    }

    for (Line line : readLines(conf, file)) {
      Object features = line.values().get("stats");
      if (features instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> byFeature = (Map<String, Object>) map;
        stats.put(line.number("episode_index"), byFeature);
      }
    }

    return stats;
  }

  private static void putStats(
      Map<String, Object> row, DatasetInfo info, Map<String, Object> byFeature) {
    byFeature.forEach(
        (feature, values) -> {
          if (!(values instanceof Map<?, ?> stats)) {
            return;
          }

          Feature declared = info.features().get(feature);
          stats.forEach(
              (stat, value) ->
                  row.put(
                      "stats/" + feature + "/" + stat,
                      typed(value, isIntegerStat(declared, stat.toString()))));
        });
  }

  private static boolean isIntegerStat(Feature feature, String stat) {
    if (stat.equals("count")) {
      return true;
    }

    boolean numeric = feature != null && !feature.isVideo() && !feature.isImage();
    return numeric
        && LeRobotSchemas.isIntegral(feature.dtype())
        && (stat.equals("min") || stat.equals("max"));
  }

  /** A JSON value with every number as a Long or a Double, nesting kept. */
  private static Object typed(Object value, boolean integer) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(element -> out.add(typed(element, integer)));
      return out;
    }

    if (value instanceof Number number) {
      return integer ? (Object) number.longValue() : (Object) number.doubleValue();
    }

    return value;
  }

  /** One JSON object of a jsonl file, with where it came from for error messages. */
  private record Line(String file, int lineNumber, Map<String, Object> values) {
    long number(String key) {
      if (!(values.get(key) instanceof Number value)) {
        throw new IllegalArgumentException(
            "Invalid " + file + " line " + lineNumber + ": " + key + " is missing or not a number");
      }

      return value.longValue();
    }
  }

  private static List<Line> readLines(Configuration conf, Path file) {
    if (!Storage.exists(conf, file)) {
      throw new IllegalArgumentException("Cannot read v2.1 metadata: " + file + " not found");
    }

    List<Line> lines = new ArrayList<>();
    String[] texts = Storage.readText(conf, file).split("\n");
    for (int i = 0; i < texts.length; i++) {
      if (texts[i].isBlank()) {
        continue;
      }

      lines.add(new Line("meta/" + file.getName(), i + 1, parseLine(file, i + 1, texts[i])));
    }

    return lines;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseLine(Path file, int line, String text) {
    try {
      Object value = DatasetJson.MAPPER.readValue(text, Object.class);
      if (!(value instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(
            "Invalid " + file.getName() + " line " + line + ": not a JSON object");
      }

      return (Map<String, Object>) value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid " + file.getName() + " line " + line + ": " + e.getOriginalMessage(), e);
    }
  }
}
