package dev.robotaug.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;

/**
 * The rows of a Parquet file as plain Java values (see {@link ParquetValues}), with the file's
 * schema and key-value metadata, so that rows can be copied to a new file field for field and with
 * the same physical types, which Spark's schema inference would not guarantee for LeRobot's dotted
 * column names and fixed-size lists.
 */
public record ParquetTable(
    MessageType schema, Map<String, String> keyValueMetadata, List<Map<String, Object>> rows) {

  public ParquetTable {
    keyValueMetadata = Map.copyOf(keyValueMetadata);
    rows = List.copyOf(rows);
  }

  /** Reads every row of a file. */
  public static ParquetTable read(Configuration conf, Path file) {
    return read(conf, file, null);
  }

  /** Reads the rows whose int64 {@code column} lies in {@code [from, to)}. */
  public static ParquetTable readRange(
      Configuration conf, Path file, String column, long from, long to) {
    FilterPredicate inRange =
        FilterApi.and(
            FilterApi.gtEq(FilterApi.longColumn(column), from),
            FilterApi.lt(FilterApi.longColumn(column), to));
    return read(conf, file, inRange);
  }

  /**
   * Reads every row of a file, only the named top-level columns (columns the file lacks are left
   * out), so that a scan over frame indices does not decode image bytes.
   */
  public static ParquetTable readColumns(Configuration conf, Path file, List<String> columns) {
    Configuration projected = new Configuration(conf);
    projected.set(ReadSupport.PARQUET_READ_SCHEMA, projection(conf, file, columns).toString());
    return read(projected, file, null);
  }

  private static MessageType projection(Configuration conf, Path file, List<String> columns) {
    MessageType schema = footer(conf, file).getFileMetaData().getSchema();
    List<Type> kept = new ArrayList<>();
    for (Type field : schema.getFields()) {
      if (columns.contains(field.getName())) {
        kept.add(field);
      }
    }

    return new MessageType(schema.getName(), kept);
  }

  /** The footer of a file: schema, key-value metadata and row groups. */
  public static ParquetMetadata footer(Configuration conf, Path file) {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      return reader.getFooter();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  private static ParquetTable read(Configuration conf, Path file, FilterPredicate filter) {
    try {
      ParquetMetadata footer = footer(conf, file);
      String projection = conf.get(ReadSupport.PARQUET_READ_SCHEMA);
      MessageType schema =
          projection == null
              ? footer.getFileMetaData().getSchema()
              : MessageTypeParser.parseMessageType(projection);
      Map<String, String> metadata =
          new LinkedHashMap<>(footer.getFileMetaData().getKeyValueMetaData());
      ParquetReader.Builder<Group> builder =
          ParquetReader.builder(new GroupReadSupport(), file).withConf(conf);
      if (filter != null) {
        builder = builder.withFilter(FilterCompat.get(filter));
      }

      List<Map<String, Object>> rows = new ArrayList<>();
      try (ParquetReader<Group> reader = builder.build()) {
        for (Group group = reader.read(); group != null; group = reader.read()) {
          rows.add(ParquetValues.toRow(group));
        }
      }

      return new ParquetTable(schema, metadata, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
  }
}
