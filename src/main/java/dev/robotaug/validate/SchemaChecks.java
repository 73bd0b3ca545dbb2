package dev.robotaug.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Feature;
import dev.robotaug.validate.ValidationReport.Check;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Checks of the data files' Parquet schemas against {@code info.json}'s features: one column per
 * non-video feature with the physical type its dtype needs (float32 vectors as lists of FLOAT,
 * int64 indices as INT64, images as {@code struct<bytes, path>}), and the {@code huggingface}
 * metadata that the Hub viewer and LeRobot's streaming loader read the column types from.
 */
final class SchemaChecks {
  private final DatasetUnderTest dataset;

  SchemaChecks(DatasetUnderTest dataset) {
    this.dataset = dataset;
  }

  void addTo(CheckList checks) {
    checks.run("data.columns", this::columns);
    checks.run("data.hf_metadata", this::huggingfaceMetadata);
  }

  private Check columns() {
    Findings findings = new Findings();
    for (FrameColumns file : dataset.dataFiles) {
      for (Feature feature : dataset.info.features().values()) {
        boolean present = file.schema().containsField(feature.name());
        if (feature.isVideo()) {
          if (present) {
            findings.add(file.relative() + " has a column for video feature " + feature.name());
          }
        } else if (!present) {
          findings.add(file.relative() + " has no column " + feature.name());
        } else {
          String problem = columnProblem(feature, file.schema().getType(feature.name()));
          if (problem != null) {
            findings.add(file.relative() + " column " + feature.name() + ": " + problem);
          }
        }
      }

      for (Type column : file.schema().getFields()) {
        if (!dataset.info.features().containsKey(column.getName())) {
          findings.add(file.relative() + " has column " + column.getName() + " not in features");
        }
      }
    }

    return findings.toCheck(
        "data.columns",
        dataset.dataFiles.size() + " data files with one typed column per non-video feature");
  }

  /** What is wrong with a column for its feature, or null. */
  private static String columnProblem(Feature feature, Type column) {
    if (feature.isImage()) {
      return imageColumnProblem(column);
    }

    PrimitiveTypeName expected = physicalType(feature.dtype());
    if (expected == null) {
      return null; // string, language and other dtypes: no fixed physical type to hold to.
    }

    Type leaf = column;
    while (!leaf.isPrimitive()) {
      GroupType group = leaf.asGroupType();
      if (group.getFieldCount() != 1) {
        return "a group of " + group.getFieldCount() + " fields, expected " + describe(feature);
      }

      leaf = group.getType(0);
    }

    boolean scalar = feature.shape().size() == 1 && feature.shape().get(0) == 1;
    if (!scalar && column.isPrimitive()) {
      return "a single " + leaf.asPrimitiveType().getPrimitiveTypeName() + ", expected a list";
    }

    PrimitiveTypeName actual = leaf.asPrimitiveType().getPrimitiveTypeName();
    return actual == expected
        ? null
        : "values are " + actual + ", expected " + expected + " for dtype " + feature.dtype();
  }

  private static String imageColumnProblem(Type column) {
    if (column.isPrimitive()
        || !column.asGroupType().containsField("bytes")
        || !column.asGroupType().containsField("path")) {
      return "expected struct<bytes: binary, path: string> for an image feature";
    }

    Type bytes = column.asGroupType().getType("bytes");
    return bytes.isPrimitive()
            && bytes.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
        ? null
        : "field bytes is " + bytes + ", expected binary";
  }

  private static String describe(Feature feature) {
    return feature.dtype() + " " + feature.shape();
  }

  /** The Parquet physical type pyarrow writes for a numpy dtype; null when not numeric. */
  static PrimitiveTypeName physicalType(String dtype) {
    switch (dtype) {
      case "float32":
        return PrimitiveTypeName.FLOAT;
      case "float64":
        return PrimitiveTypeName.DOUBLE;
      case "int64":
      case "uint32":
        return PrimitiveTypeName.INT64;
      case "int32":
      case "int16":
      case "int8":
      case "uint16":
      case "uint8":
        return PrimitiveTypeName.INT32;
      case "bool":
        return PrimitiveTypeName.BOOLEAN;
      default:
        return null;
    }
  }

  private Check huggingfaceMetadata() {
    Findings findings = new Findings();
    for (FrameColumns file : dataset.dataFiles) {
      String text = file.metadata().get("huggingface");
      if (text == null) {
        findings.add(file.relative() + " has no huggingface metadata");
        continue;
      }

      JsonNode features;
      try {
        features = DatasetJson.MAPPER.readTree(text).path("info").path("features");
      } catch (JsonProcessingException e) {
        findings.add(file.relative() + " huggingface metadata is not JSON");
        continue;
      }

      for (Feature feature : dataset.info.features().values()) {
        if (!feature.isVideo()) {
          String problem = declarationProblem(feature, features.get(feature.name()));
          if (problem != null) {
            findings.add(file.relative() + " huggingface metadata, " + problem);
          }
        }
      }
    }

    return findings.toCheck(
        "data.hf_metadata",
        dataset.dataFiles.size() + " data files declare every non-video feature");
  }

  /** What is wrong with a feature's declaration in datasets' features JSON, or null. */
  private static String declarationProblem(Feature feature, JsonNode declared) {
    String name = feature.name();
    if (declared == null) {
      return name + " is not declared";
    }

    String type = declared.path("_type").asText();
    if (feature.isImage()) {
      return type.equals("Image") ? null : name + " is " + type + ", expected Image";
    }

    boolean scalar = feature.shape().size() == 1 && feature.shape().get(0) == 1;
    if (scalar && type.equals("Value")) {
      return dtypeProblem(name, declared, feature.dtype());
    }

    if (type.equals("List") || type.equals("Sequence")) {
      int length = declared.path("length").asInt(-1);
      if (feature.shape().size() == 1 && length != feature.shape().get(0)) {
        return name + " has length " + length + ", shape is " + feature.shape();
      }

      return dtypeProblem(name, declared.path("feature"), feature.dtype());
    }

    if (type.startsWith("Array")) {
      return null; // 2-D..5-D features: datasets' ArrayND, shape checked by LeRobot's cast.
    }

    return name + " is " + (type.isEmpty() ? "untyped" : type) + " for " + describe(feature);
  }

  private static String dtypeProblem(String name, JsonNode value, String dtype) {
    String declared = value.path("dtype").asText();
    return declared.equals(dtype) ? null : name + " has dtype " + declared + ", expected " + dtype;
  }
}
