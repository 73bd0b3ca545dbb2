package dev.robotaug.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schemas and key-value metadata LeRobot v3.0 writes: frame data with the {@code
 * huggingface} features metadata the Hub viewer and streaming loader rely on, the episode table
 * with its per-episode stats columns, and the tasks table with pandas' index metadata.
 */
public final class LeRobotSchemas {
  public static final List<String> STAT_KEYS =
      List.of("min", "max", "mean", "std", "count", "q01", "q10", "q50", "q90", "q99");

  private LeRobotSchemas() {}

  /** Schema of {@code data/*.parquet}: every non-video feature, in {@code features} order. */
  public static MessageType dataSchema(Map<String, Feature> features) {
    StringBuilder schema = new StringBuilder("message schema {\n");
    for (Feature feature : features.values()) {
      if (feature.isVideo()) {
        continue;
      }

      if (feature.isImage()) {
        schema.append("  optional group ").append(quote(feature.name())).append(" {\n");
        schema.append("    optional binary bytes;\n    optional binary path (STRING);\n  }\n");
      } else if (isScalar(feature)) {
        schema.append("  optional ").append(primitive(feature.dtype())).append(' ');
        schema.append(quote(feature.name())).append(";\n");
      } else {
        schema.append(listOf(feature.name(), primitive(feature.dtype()), "  "));
      }
    }

    return MessageTypeParser.parseMessageType(schema.append("}\n").toString());
  }

  /** The {@code huggingface} metadata (datasets' features JSON) of a data file. */
  public static String huggingfaceMetadata(Map<String, Feature> features) {
    Map<String, Object> hfFeatures = new LinkedHashMap<>();
    for (Feature feature : features.values()) {
      if (feature.isVideo()) {
        continue;
      }

      if (feature.isImage()) {
        hfFeatures.put(feature.name(), Map.of("_type", "Image"));
      } else if (isScalar(feature)) {
        hfFeatures.put(feature.name(), value(feature.dtype()));
      } else {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("feature", value(feature.dtype()));
        list.put("length", feature.shape().get(0));
        list.put("_type", "List");
        hfFeatures.put(feature.name(), list);
      }
    }

    return DatasetJson.write(Map.of("info", Map.of("features", hfFeatures))).strip();
  }

  /** Schema of {@code meta/episodes/*.parquet} for these features and cameras. */
  public static MessageType episodesSchema(Map<String, Feature> features) {
    StringBuilder schema = new StringBuilder("message schema {\n");
    schema.append("  optional int64 episode_index;\n");
    schema.append(
        listOf("tasks", "binary", "  ").replace("binary element", "binary element (STRING)"));
    schema.append("  optional int64 length;\n");
    schema.append("  optional int64 ").append(quote("data/chunk_index")).append(";\n");
    schema.append("  optional int64 ").append(quote("data/file_index")).append(";\n");
    schema.append("  optional int64 dataset_from_index;\n  optional int64 dataset_to_index;\n");
    for (Feature feature : features.values()) {
      if (feature.isVideo()) {
        String prefix = "videos/" + feature.name() + "/";
        schema.append("  optional int64 ").append(quote(prefix + "chunk_index")).append(";\n");
        schema.append("  optional int64 ").append(quote(prefix + "file_index")).append(";\n");
        schema.append("  optional double ").append(quote(prefix + "from_timestamp")).append(";\n");
        schema.append("  optional double ").append(quote(prefix + "to_timestamp")).append(";\n");
      }
    }

    for (Feature feature : features.values()) {
      if (feature.dtype().equals("string")) {
        continue;
      }

      boolean camera = feature.isVideo() || feature.isImage();
      for (String stat : STAT_KEYS) {
        String column = "stats/" + feature.name() + "/" + stat;
        String leaf =
            stat.equals("count")
                    || (!camera
                        && isIntegral(feature.dtype())
                        && (stat.equals("min") || stat.equals("max")))
                ? "int64"
                : "double";
        schema.append(
            camera && !stat.equals("count")
                ? nestedList(column, leaf, 3)
                : listOf(column, leaf, "  "));
      }
    }

    schema.append("  optional int64 ").append(quote("meta/episodes/chunk_index")).append(";\n");
    schema.append("  optional int64 ").append(quote("meta/episodes/file_index")).append(";\n");
    return MessageTypeParser.parseMessageType(schema.append("}\n").toString());
  }

  /** Schema of {@code meta/tasks.parquet}: the task string (pandas index) and its index. */
  public static MessageType tasksSchema() {
    return MessageTypeParser.parseMessageType(
        "message schema {\n  optional binary task (STRING);\n  optional int64 task_index;\n}\n");
  }

  /** pandas metadata marking {@code task} as the index, as {@code DataFrame.to_parquet} writes. */
  public static Map<String, String> tasksMetadata() {
    Map<String, Object> pandas = new LinkedHashMap<>();
    pandas.put("index_columns", List.of("task"));
    pandas.put("column_indexes", List.of());
    List<Object> columns = new ArrayList<>();
    columns.add(pandasColumn("task_index", "int64", "int64"));
    columns.add(pandasColumn("task", "unicode", "object"));
    pandas.put("columns", columns);
    pandas.put("creator", Map.of("library", "robotaug", "version", "0.1.0"));
    pandas.put("pandas_version", "2.2.3");
    return Map.of("pandas", DatasetJson.write(pandas).strip());
  }

  private static Map<String, Object> pandasColumn(
      String name, String pandasType, String numpyType) {
    Map<String, Object> column = new LinkedHashMap<>();
    column.put("name", name);
    column.put("field_name", name);
    column.put("pandas_type", pandasType);
    column.put("numpy_type", numpyType);
    column.put("metadata", null);
    return column;
  }

  static boolean isScalar(Feature feature) {
    return feature.shape().size() == 1 && feature.shape().get(0) == 1;
  }

  static boolean isIntegral(String dtype) {
    return dtype.startsWith("int") || dtype.startsWith("uint") || dtype.equals("bool");
  }

  private static String primitive(String dtype) {
    switch (dtype) {
      case "float32":
        return "float";
      case "float64":
        return "double";
      case "int64":
        return "int64";
      case "int32":
      case "int16":
      case "int8":
        return "int32";
      case "bool":
        return "boolean";
      case "string":
        return "binary";
      default:
        throw new IllegalArgumentException("Cannot write feature dtype " + dtype + " to Parquet");
    }
  }

  private static Map<String, Object> value(String dtype) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("dtype", dtype);
    value.put("_type", "Value");
    return value;
  }

  private static String listOf(String name, String leaf, String indent) {
    return indent
        + "optional group "
        + quote(name)
        + " (LIST) {\n"
        + indent
        + "  repeated group list {\n"
        + indent
        + "    optional "
        + leaf
        + " element;\n"
        + indent
        + "  }\n"
        + indent
        + "}\n";
  }

  private static String nestedList(String name, String leaf, int depth) {
    String inner = "optional " + leaf + " element;";
    for (int level = depth; level > 1; level--) {
      inner = "optional group element (LIST) { repeated group list { " + inner + " } }";
    }

    return "  optional group "
        + quote(name)
        + " (LIST) { repeated group list { "
        + inner
        + " } }\n";
  }

  /**
   * Parquet's schema parser reads names up to whitespace, so dotted and slashed names pass as is.
   */
  private static String quote(String name) {
    if (name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "Invalid feature name: '" + name + "' contains whitespace");
    }

    return name;
  }
}
