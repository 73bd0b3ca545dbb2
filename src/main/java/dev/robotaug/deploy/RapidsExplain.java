package dev.robotaug.deploy;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.robotaug.job.AugmentJob;
import dev.robotaug.job.JobListener;
import dev.robotaug.job.JobSummary;
import dev.robotaug.job.SparkSessions;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the RAPIDS Accelerator would run on a GPU, found without one: run by {@code
 * scripts/rapids-explain} through spark-submit with the plugin jar and {@code
 * spark.rapids.sql.mode=explainOnly}, {@code spark.rapids.sql.explain=ALL}, so that every query
 * below runs on the CPU while the plugin logs, per operator, whether it would have replaced it and
 * why not.
 *
 * <p>Two parts: (1) the augmentation job itself on a dataset, whose stages are RDD code; (2) the
 * tabular work one would do on its output with Spark SQL: read the frames' Parquet, aggregate per
 * episode, join with the episodes' metadata, sort, write Parquet. Arguments: {@code --dataset <dir>
 * --output <dir>}.
 */
public final class RapidsExplain {
  private static final Logger LOG = LoggerFactory.getLogger(RapidsExplain.class);

  private RapidsExplain() {}

  public static void main(String[] args) {
    if (args.length != 4 || !args[0].equals("--dataset") || !args[2].equals("--output")) {
      throw new IllegalArgumentException(
          "Invalid arguments: expected --dataset <dir> --output <dir>");
    }

    Path output = Path.of(args[3]).toAbsolutePath();
    try (SparkSession spark = SparkSessions.create("local[2]", "rapids-explain")) {
      LOG.info(
          "RAPIDS settings: plugins={}, extensions={}, mode={}, explain={}",
          spark.conf().get("spark.plugins", "(none)"),
          spark.conf().get("spark.sql.extensions", "(none)"),
          spark.conf().get("spark.rapids.sql.mode", "(default)"),
          spark.conf().get("spark.rapids.sql.explain", "(default)"));

      LOG.info("=== Part 1: the augmentation job (RDD stages) ===");
      Path augmented = output.resolve("augmented");
      JobSummary summary =
          new AugmentJob(spark, spec(args[1], augmented), JobListener.NONE).execute();
      LOG.info("=== Part 1 done: {} ===", summary.line());

      LOG.info("=== Part 2: per-episode summary of the output with Spark SQL ===");
      perEpisodeSummary(spark, augmented, output.resolve("episode-summary"));
      LOG.info("=== Part 2 done ===");
    }
  }

  /**
   * Frames per episode, time span and mean first action component, checked against the episodes'
   * metadata.
   */
  private static void perEpisodeSummary(SparkSession spark, Path dataset, Path target) {
    // LeRobot's chunk-NNN folders are no partition columns: read the files below them.
    Dataset<Row> frames =
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .parquet(dataset.resolve("data").toString());
    Dataset<Row> episodes =
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .parquet(dataset.resolve("meta/episodes").toString())
            .select(col("episode_index"), col("length"), col("tasks"));
    Dataset<Row> perEpisode =
        frames
            .filter(col("frame_index").geq(0))
            .groupBy(col("episode_index"))
            .agg(
                count("*").alias("frames"),
                min("timestamp").alias("first_timestamp"),
                max("timestamp").alias("last_timestamp"),
                avg(col("index")).alias("mean_index"),
                avg(element_at(col("action"), 1)).alias("mean_first_action"))
            .join(episodes, "episode_index")
            .withColumn("length_matches", col("frames").equalTo(col("length")))
            .orderBy(col("episode_index"));
    perEpisode.write().mode(SaveMode.Overwrite).parquet(target.toString());
    LOG.info("Episode summary: {} rows written to {}", perEpisode.count(), target);
  }

  private static JobSpec spec(String dataset, Path output) {
    return new JobSpec(
        "rapids-explain",
        Instant.now(),
        7L,
        Path.of(dataset).toAbsolutePath().normalize().toUri().toString(),
        output.toUri().toString(),
        null,
        null,
        SpecJson.read(
            "{\"augment_transforms\":\"lighting,noise\",\"augment_copies\":1}",
            AugmentationRequest.class));
  }
}
