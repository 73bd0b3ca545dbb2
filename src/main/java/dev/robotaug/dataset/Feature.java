package dev.robotaug.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code info.json}'s {@code features}: its dtype ({@code float32}, {@code int64},
 * {@code video}, {@code image}, ...), shape ({@code [H, W, C]} for cameras) and, for videos, the
 * stream {@code info} block.
 */
public record Feature(String name, String dtype, List<Integer> shape, Map<String, Object> info) {

  public Feature {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(dtype, "dtype of " + name + " is null");
    shape = List.copyOf(shape);
    info = info == null ? Map.of() : info;
  }

  static Feature fromJson(String name, JsonNode node) {
    JsonNode dtype = node.get("dtype");
    if (dtype == null || !dtype.isTextual()) {
      throw new IllegalArgumentException("Invalid feature " + name + ": dtype is missing");
    }

    List<Integer> shape = new java.util.ArrayList<>();
    node.path("shape").forEach(dim -> shape.add(dim.asInt()));
    JsonNode info = node.has("info") ? node.get("info") : node.get("video_info");
    @SuppressWarnings("unchecked")
    Map<String, Object> infoMap =
        info == null ? Map.of() : DatasetJson.MAPPER.convertValue(info, Map.class);
    return new Feature(name, dtype.asText(), shape, infoMap);
  }

  public boolean isVideo() {
    return dtype.equals("video");
  }

  public boolean isImage() {
    return dtype.equals("image");
  }

  public boolean isDepthMap() {
    Object flag = info.getOrDefault("is_depth_map", info.get("video.is_depth_map"));
    return Boolean.TRUE.equals(flag);
  }

  /** Height of a camera feature, from {@code shape[0]} of {@code [H, W, C]}. */
  public int height() {
    return shape.get(0);
  }

  /** Width of a camera feature, from {@code shape[1]} of {@code [H, W, C]}. */
  public int width() {
    return shape.get(1);
  }
}
