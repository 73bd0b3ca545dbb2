package dev.robotaug.validate;

import dev.robotaug.dataset.ParquetTable;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * One data file: its schema, key-value metadata, row count and the five frame-index columns as
 * arrays (null where the file lacks the column), read without the other columns so that image bytes
 * are never loaded here.
 */
record FrameColumns(
    String relative,
    Path path,
    MessageType schema,
    Map<String, String> metadata,
    int rows,
    long[] index,
    long[] episode,
    long[] frameIndex,
    float[] timestamp,
    long[] taskIndex) {

  static FrameColumns read(Configuration conf, String relative, Path path) {
    ParquetMetadata footer = ParquetTable.footer(conf, path);
    long rows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
    MessageType schema = footer.getFileMetaData().getSchema();
    List<Map<String, Object>> values =
        ParquetTable.readColumns(conf, path, DatasetUnderTest.FRAME_COLUMNS).rows();
    return new FrameColumns(
        relative,
        path,
        schema,
        footer.getFileMetaData().getKeyValueMetaData(),
        Math.toIntExact(rows),
        longs(schema, values, "index"),
        longs(schema, values, "episode_index"),
        longs(schema, values, "frame_index"),
        floats(schema, values, "timestamp"),
        longs(schema, values, "task_index"));
  }

  private static long[] longs(MessageType schema, List<Map<String, Object>> rows, String column) {
    if (!schema.containsField(column)) {
      return null;
    }

    long[] values = new long[rows.size()];
    for (int i = 0; i < values.length; i++) {
      Object value = rows.get(i).get(column);
      values[i] = value instanceof Number number ? number.longValue() : Long.MIN_VALUE;
    }

    return values;
  }

  private static float[] floats(MessageType schema, List<Map<String, Object>> rows, String column) {
    if (!schema.containsField(column)) {
      return null;
    }

    float[] values = new float[rows.size()];
    for (int i = 0; i < values.length; i++) {
      Object value = rows.get(i).get(column);
      values[i] = value instanceof Number number ? number.floatValue() : Float.NaN;
    }

    return values;
  }
}
