package dev.robotaug.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/** Whole-file Parquet operations. */
public final class ParquetFiles {
  private ParquetFiles() {}

  /**
   * Concatenates files of one schema into {@code output}, copying their row groups byte for byte
   * (no decode), so each input's row group stays one row group; the first input's key-value
   * metadata is kept.
   */
  public static void concat(Configuration conf, List<Path> inputs, Path output) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Cannot write " + output + ": no input files");
    }

    try {
      FileMetaData first;
      try (ParquetFileReader reader =
          ParquetFileReader.open(HadoopInputFile.fromPath(inputs.get(0), conf))) {
        first = reader.getFooter().getFileMetaData();
      }

      ParquetFileWriter writer =
          new ParquetFileWriter(
              HadoopOutputFile.fromPath(output, conf),
              first.getSchema(),
              ParquetFileWriter.Mode.OVERWRITE,
              ParquetWriter.DEFAULT_BLOCK_SIZE,
              ParquetWriter.MAX_PADDING_SIZE_DEFAULT);
      writer.start();
      for (Path input : inputs) {
        writer.appendFile(HadoopInputFile.fromPath(input, conf));
      }

      Map<String, String> metadata = first.getKeyValueMetaData();
      writer.end(metadata);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write Parquet file " + output + ": " + e.getMessage(), e);
    }
  }
}
