package dev.robotaug.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestParquetTable {
  private final Configuration conf = new Configuration();

  @Test
  void lerobotDataRowsRoundTripWithTheirTypesAndMetadata(@TempDir Path dir) {
    Map<String, Feature> features = new LinkedHashMap<>();
    features.put("action", new Feature("action", "float32", List.of(2), null));
    features.put(
        "observation.image", new Feature("observation.image", "image", List.of(4, 4, 3), null));
    features.put("next.done", new Feature("next.done", "bool", List.of(1), null));
    features.put("index", new Feature("index", "int64", List.of(1), null));
    MessageType schema = LeRobotSchemas.dataSchema(features);
    Map<String, String> metadata =
        Map.of("huggingface", LeRobotSchemas.huggingfaceMetadata(features));
    List<Map<String, Object>> rows =
        List.of(row(0, 0.5f, true), row(1, -2.25f, false), row(2, 7f, false));
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(dir.resolve("data.parquet").toUri());

    ParquetRowWriter.writeTable(conf, file, new ParquetTable(schema, metadata, rows));
    ParquetTable all = ParquetTable.read(conf, file);
    ParquetTable middle = ParquetTable.readRange(conf, file, "index", 1, 2);

    assertThat(all.schema()).isEqualTo(schema);
    assertThat(all.keyValueMetadata()).containsEntry("huggingface", metadata.get("huggingface"));
    assertThat(all.rows()).hasSize(3);
    assertThat(all.rows().get(1).get("action")).isEqualTo(List.of(1f, -2.25f));
    assertThat(all.rows().get(0).get("next.done")).isEqualTo(true);
    assertThat((byte[]) ((Map<?, ?>) all.rows().get(2).get("observation.image")).get("bytes"))
        .containsExactly(2, 3);
    assertThat(middle.rows()).extracting(r -> r.get("index")).containsExactly(1L);
    assertThat(metadata.get("huggingface"))
        .contains("\"_type\" : \"List\"", "\"length\" : 2", "\"_type\" : \"Image\"");
  }

  @Test
  void episodesSchemaCarriesNestedCameraStats(@TempDir Path dir) {
    Map<String, Feature> features = new LinkedHashMap<>();
    features.put("cam", new Feature("cam", "video", List.of(4, 4, 3), Map.of()));
    features.put("index", new Feature("index", "int64", List.of(1), null));
    MessageType schema = LeRobotSchemas.episodesSchema(features);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("episode_index", 0L);
    row.put("tasks", List.of("pick", "place"));
    row.put(
        "stats/cam/mean",
        List.of(List.of(List.of(0.25)), List.of(List.of(0.5)), List.of(List.of(0.75))));
    row.put("stats/cam/count", List.of(3L));
    row.put("stats/index/min", List.of(0L));
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(dir.resolve("episodes.parquet").toUri());

    ParquetRowWriter.writeTable(conf, file, new ParquetTable(schema, Map.of(), List.of(row)));
    Map<String, Object> read = ParquetTable.read(conf, file).rows().get(0);

    assertThat(read.get("tasks")).isEqualTo(List.of("pick", "place"));
    assertThat(read.get("stats/cam/mean")).isEqualTo(row.get("stats/cam/mean"));
    assertThat(read.get("stats/cam/count")).isEqualTo(List.of(3L));
    assertThat(read.get("stats/index/min")).isEqualTo(List.of(0L));
    assertThat(read.get("videos/cam/from_timestamp")).isNull();
  }

  private static Map<String, Object> row(long index, float action, boolean done) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("action", List.of((float) index, action));
    row.put(
        "observation.image",
        Map.of("bytes", new byte[] {(byte) index, 3}, "path", "f" + index + ".png"));
    row.put("next.done", done);
    row.put("index", index);
    return row;
  }
}
