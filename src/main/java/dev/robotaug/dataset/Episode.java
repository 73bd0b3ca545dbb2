package dev.robotaug.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a v3.0 {@code meta/episodes} table: where the episode's frames live, plus the raw row
 * (per-episode stats included) so that it can be copied into an output episode.
 */
public record Episode(
    long index,
    long length,
    List<String> tasks,
    long dataChunk,
    long dataFile,
    long fromIndex,
    long toIndex,
    Map<String, VideoRef> videos,
    Map<String, Object> row) {

  public Episode {
    Objects.requireNonNull(row, "row is null");
    tasks = List.copyOf(tasks);
    videos = Map.copyOf(videos);
    if (toIndex - fromIndex != length) {
      throw new IllegalArgumentException(
          "Invalid episode "
              + index
              + ": dataset_to_index - dataset_from_index = "
              + (toIndex - fromIndex)
              + " but length = "
              + length);
    }
  }

  static Episode fromRow(Map<String, Object> row, List<String> videoKeys) {
    long index = number(row, "episode_index", -1);
    Map<String, VideoRef> videos = new LinkedHashMap<>();
    for (String key : videoKeys) {
      String prefix = "videos/" + key + "/";
      videos.put(
          key,
          new VideoRef(
              number(row, prefix + "chunk_index", index),
              number(row, prefix + "file_index", index),
              decimal(row, prefix + "from_timestamp", index),
              decimal(row, prefix + "to_timestamp", index)));
    }

    @SuppressWarnings("unchecked")
    List<String> tasks = (List<String>) row.getOrDefault("tasks", List.of());
    return new Episode(
        index,
        number(row, "length", index),
        tasks,
        number(row, "data/chunk_index", index),
        number(row, "data/file_index", index),
        number(row, "dataset_from_index", index),
        number(row, "dataset_to_index", index),
        videos,
        row);
  }

  private static long number(Map<String, Object> row, String column, long episode) {
    Object value = row.get(column);
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(
          "Invalid episode " + episode + " in meta/episodes: column " + column + " is missing");
    }

    return number.longValue();
  }

  private static double decimal(Map<String, Object> row, String column, long episode) {
    Object value = row.get(column);
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(
          "Invalid episode " + episode + " in meta/episodes: column " + column + " is missing");
    }

    return number.doubleValue();
  }
}
