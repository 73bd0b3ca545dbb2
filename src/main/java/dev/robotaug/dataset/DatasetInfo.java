package dev.robotaug.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code meta/info.json} of a LeRobot dataset. The JSON tree is kept whole so that keys this code
 * does not know survive a rewrite; typed accessors cover what the job needs.
 */
public final class DatasetInfo {
  public static final String V30 = "v3.0";
  public static final String V21 = "v2.1";

  /** LeRobot v3.0's path templates, for outputs converted from v2.1. */
  public static final String V30_DATA_PATH =
      "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";

  public static final String V30_VIDEO_PATH =
      "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4";

  private static final Pattern TEMPLATE_FIELD = Pattern.compile("\\{(\\w+)(?::0(\\d+)d)?}");

  private final ObjectNode json;
  private final Map<String, Feature> features;

  private DatasetInfo(ObjectNode json) {
    this.json = json;
    Map<String, Feature> parsed = new LinkedHashMap<>();
    JsonNode featuresNode = json.path("features");
    if (!featuresNode.isObject()) {
      throw new IllegalArgumentException("Invalid info.json: features is missing");
    }

    for (Iterator<Map.Entry<String, JsonNode>> it = featuresNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      parsed.put(entry.getKey(), Feature.fromJson(entry.getKey(), entry.getValue()));
    }

    this.features = Collections.unmodifiableMap(parsed);
  }

  public static DatasetInfo parse(String text) {
    try {
      JsonNode node = DatasetJson.MAPPER.readTree(text);
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalArgumentException("Invalid info.json: not a JSON object");
      }

      return new DatasetInfo(object);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid info.json: " + e.getOriginalMessage(), e);
    }
  }

  /** A deep copy of the JSON tree, for building the output's info.json. */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  public String codebaseVersion() {
    return json.path("codebase_version").asText("");
  }

  public int fps() {
    int fps = (int) Math.round(json.path("fps").asDouble(0));
    if (fps <= 0) {
      throw new IllegalArgumentException("Invalid info.json: fps must be > 0");
    }

    return fps;
  }

  public long totalEpisodes() {
    return json.path("total_episodes").asLong();
  }

  public long totalFrames() {
    return json.path("total_frames").asLong();
  }

  public int chunksSize() {
    return json.path("chunks_size").asInt(1000);
  }

  public long dataFilesSizeInMb() {
    return json.path("data_files_size_in_mb").asLong(100);
  }

  public long videoFilesSizeInMb() {
    return json.path("video_files_size_in_mb").asLong(200);
  }

  public Map<String, Feature> features() {
    return features;
  }

  /** Camera features stored as mp4, in {@code features} order. */
  public List<String> videoKeys() {
    List<String> keys = new ArrayList<>();
    features.values().stream().filter(Feature::isVideo).forEach(f -> keys.add(f.name()));
    return List.copyOf(keys);
  }

  /** Whether this is the v2.1 layout: one data file and one mp4 per episode and camera. */
  public boolean isV21() {
    return V21.equals(codebaseVersion());
  }

  /** v2.1: the chunk directory of an episode, {@code episode_index // chunks_size}. */
  public long episodeChunk(long episodeIndex) {
    int size = chunksSize();
    if (size <= 0) {
      throw new IllegalArgumentException("Invalid info.json: chunks_size must be > 0");
    }

    return episodeIndex / size;
  }

  /** v2.1: the data file of one episode, from a template with episode_chunk and episode_index. */
  public String episodeDataPath(long episodeIndex) {
    return format(
        json.path("data_path").asText(),
        Map.of("episode_chunk", episodeChunk(episodeIndex), "episode_index", episodeIndex));
  }

  /** v2.1: the mp4 of one episode and camera. */
  public String episodeVideoPath(String videoKey, long episodeIndex) {
    return format(
        videoTemplate(videoKey),
        Map.of(
            "video_key",
            videoKey,
            "episode_chunk",
            episodeChunk(episodeIndex),
            "episode_index",
            episodeIndex));
  }

  /** A v3.0 data file path, whatever the source's templates. */
  public static String v30DataPath(long chunk, long file) {
    return format(V30_DATA_PATH, Map.of("chunk_index", chunk, "file_index", file));
  }

  /** A v3.0 video file path, whatever the source's templates. */
  public static String v30VideoPath(String videoKey, long chunk, long file) {
    return format(
        V30_VIDEO_PATH, Map.of("video_key", videoKey, "chunk_index", chunk, "file_index", file));
  }

  public String dataPath(long chunk, long file) {
    return format(
        json.path("data_path").asText(), Map.of("chunk_index", chunk, "file_index", file));
  }

  public String videoPath(String videoKey, long chunk, long file) {
    return format(
        videoTemplate(videoKey),
        Map.of("video_key", videoKey, "chunk_index", chunk, "file_index", file));
  }

  private String videoTemplate(String videoKey) {
    String template = json.path("video_path").asText(null);
    if (template == null) {
      throw new IllegalArgumentException(
          "Invalid info.json: video_path is null but " + videoKey + " is a video");
    }

    return template;
  }

  /** Fills a Python format-string template such as {@code file-{file_index:03d}.parquet}. */
  static String format(String template, Map<String, Object> values) {
    Matcher matcher = TEMPLATE_FIELD.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Object value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "Invalid path template " + template + ": unknown field " + matcher.group(1));
      }

      String text =
          matcher.group(2) == null
              ? value.toString()
              : String.format("%0" + matcher.group(2) + "d", ((Number) value).longValue());
      matcher.appendReplacement(out, Matcher.quoteReplacement(text));
    }

    matcher.appendTail(out);
    return out.toString();
  }
}
