package dev.robotaug.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of plain Java values (see {@link ParquetValues}) with an exact schema and key-value
 * metadata, snappy-compressed with dictionaries as pyarrow writes LeRobot files. All rows written
 * through one writer land in one row group unless they exceed the 128 MB row-group size, which is
 * how the job gets LeRobot's one row group per episode: one writer per episode, files merged later
 * row group by row group.
 */
public final class ParquetRowWriter implements AutoCloseable {
  private final ParquetWriter<Map<String, Object>> writer;
  private final Path file;

  public ParquetRowWriter(
      Configuration conf, Path file, MessageType schema, Map<String, String> metadata) {
    this.file = file;
    try {
      this.writer =
          new Builder(file, schema, metadata)
              .withConf(conf)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .withDictionaryEncoding(true)
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Map<String, Object> row) {
    try {
      writer.write(row);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot close Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a whole table to one file. */
  public static void writeTable(Configuration conf, Path file, ParquetTable table) {
    try (ParquetRowWriter writer =
        new ParquetRowWriter(conf, file, table.schema(), table.keyValueMetadata())) {
      table.rows().forEach(writer::write);
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Map<String, Object>, Builder> {
    private final MessageType schema;
    private final Map<String, String> metadata;

    private Builder(Path file, MessageType schema, Map<String, String> metadata) {
      super(file);
      this.schema = schema;
      this.metadata = metadata;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Map<String, Object>> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(schema, metadata);
    }
  }

  private static final class RowWriteSupport extends WriteSupport<Map<String, Object>> {
    private final MessageType schema;
    private final Map<String, String> metadata;
    private RecordConsumer consumer;

    private RowWriteSupport(MessageType schema, Map<String, String> metadata) {
      this.schema = schema;
      this.metadata = metadata;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Map<String, Object> row) {
      consumer.startMessage();
      ParquetValues.writeRow(consumer, schema, row);
      consumer.endMessage();
    }
  }
}
