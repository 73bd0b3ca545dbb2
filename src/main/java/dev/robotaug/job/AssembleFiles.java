package dev.robotaug.job;

import dev.robotaug.dataset.ParquetFiles;
import dev.robotaug.dataset.Storage;
import dev.robotaug.video.VideoConcat;
import dev.robotaug.video.VideoSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assemble stage: joins staged per-episode files into LeRobot's shared files, videos by stream
 * copy (no re-encode) and Parquet by copying row groups, so each episode keeps its own row group.
 * Runs on executors so that video bytes never pass through the driver.
 */
final class AssembleFiles
    implements FlatMapFunction<Iterator<FileAssembly>, FileAssembly.Assembled> {
  private static final Logger LOG = LoggerFactory.getLogger(AssembleFiles.class);

  /** Prefix of an input that is a source file (relative to the source root), not a staged one. */
  static final String SOURCE = "source:";

  private final Broadcast<JobContext> context;

  AssembleFiles(Broadcast<JobContext> context) {
    this.context = context;
  }

  @Override
  public Iterator<FileAssembly.Assembled> call(Iterator<FileAssembly> files) throws IOException {
    JobContext job = context.value();
    Configuration conf = job.hadoopConf();
    Path scratch = Files.createTempDirectory("robotaug-assemble-");
    try {
      List<FileAssembly.Assembled> assembled = new ArrayList<>();
      while (files.hasNext()) {
        FileAssembly file = files.next();
        long started = System.nanoTime();
        assembled.add(
            file.isVideo() ? joinVideo(job, conf, scratch, file) : joinData(job, conf, file));
        LOG.info(
            "Assembled {} from {} episodes in {} ms",
            file.output(),
            file.inputs().size(),
            (System.nanoTime() - started) / 1_000_000);
      }

      return assembled.iterator();
    } finally {
      AugmentEpisodes.deleteRecursively(scratch);
    }
  }

  private static FileAssembly.Assembled joinData(
      JobContext job, Configuration conf, FileAssembly file) {
    List<org.apache.hadoop.fs.Path> inputs = new ArrayList<>();
    file.inputs().forEach(input -> inputs.add(resolve(job, conf, input)));
    ParquetFiles.concat(
        conf, inputs, new org.apache.hadoop.fs.Path(job.stagingRoot(), file.output()));
    return new FileAssembly.Assembled(file, List.of(), List.of());
  }

  private static FileAssembly.Assembled joinVideo(
      JobContext job, Configuration conf, Path scratch, FileAssembly file) throws IOException {
    Path dir = Files.createTempDirectory(scratch, "video-");
    List<Path> parts = new ArrayList<>();
    for (String input : file.inputs()) {
      parts.add(Storage.localCopy(conf, resolve(job, conf, input), dir));
    }

    Path joined = dir.resolve("joined.mp4");
    List<VideoSegment> segments = VideoConcat.concat(parts, joined);
    Storage.upload(conf, joined, new org.apache.hadoop.fs.Path(job.stagingRoot(), file.output()));

    List<Double> from = new ArrayList<>();
    List<Double> to = new ArrayList<>();
    for (VideoSegment segment : segments) {
      from.add(segment.fromTimestamp());
      to.add(segment.toTimestamp());
    }

    return new FileAssembly.Assembled(file, from, to);
  }

  /** A staged file's path, or a source file's, fetched first when the source is mirrored. */
  private static org.apache.hadoop.fs.Path resolve(
      JobContext job, Configuration conf, String input) {
    if (!input.startsWith(SOURCE)) {
      return new org.apache.hadoop.fs.Path(job.stagingRoot(), input);
    }

    String relative = input.substring(SOURCE.length());
    job.source().ensure(conf, relative);
    return new org.apache.hadoop.fs.Path(job.sourceRoot(), relative);
  }
}
