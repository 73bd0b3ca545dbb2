package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.dataset.Storage;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.OutputDataset;
import dev.robotaug.testing.S3ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same job read from and written to {@code s3a://} (an S3-compatible server in its own JVM)
 * gives the same dataset as on local files, published with {@code _SUCCESS} on the bucket.
 */
class TestS3Storage {
  private static final String REQUEST =
      "{\"augment_transforms\":\"lighting,noise\",\"augment_copies\":1}";
  private static final String BUCKET = "s3a://" + S3ServerProcess.BUCKET;

  @TempDir static Path dir;
  private static S3ServerProcess s3;
  private static SparkSession spark;
  private static Configuration conf;
  private static Path localOut;
  private static Path s3OutCopy;
  private static long s3JobMillis;
  private static long localJobMillis;

  @BeforeAll
  static void runTheJobOnLocalFilesAndOnS3() {
    long started = System.nanoTime();
    s3 = S3ServerProcess.start(dir.resolve("s3-data"));
    long serverMillis = (System.nanoTime() - started) / 1_000_000;
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName("s3")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false");
    s3.sparkSettings().forEach(builder::config);
    spark = builder.getOrCreate();
    conf = Storage.configuration(s3.hadoopSettings());

    Path source = dir.resolve("source");
    SyntheticDataset.write(source, SyntheticDataset.Spec.small("av1"));
    Storage.copy(conf, hadoop(source), new org.apache.hadoop.fs.Path(BUCKET + "/datasets/source"));

    localOut = dir.resolve("local-out");
    started = System.nanoTime();
    run(source.toUri().toString(), localOut.toUri().toString());
    localJobMillis = (System.nanoTime() - started) / 1_000_000;
    started = System.nanoTime();
    run(BUCKET + "/datasets/source", BUCKET + "/outputs/augmented");
    s3JobMillis = (System.nanoTime() - started) / 1_000_000;

    s3OutCopy = dir.resolve("s3-out-copy");
    Storage.copy(
        conf, new org.apache.hadoop.fs.Path(BUCKET + "/outputs/augmented"), hadoop(s3OutCopy));
    System.err.printf(
        "[TestS3Storage] S3 server start %d ms, job on local files %d ms, job on s3a %d ms%n",
        serverMillis, localJobMillis, s3JobMillis);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }

    if (s3 != null) {
      s3.close();
    }
  }

  private static void run(String source, String output) {
    JobSpec spec =
        new JobSpec(
            "s3-equivalence",
            Instant.parse("2026-01-01T00:00:00Z"),
            77L,
            source,
            output,
            null,
            null,
            SpecJson.read(REQUEST, AugmentationRequest.class));
    new AugmentJob(spark, spec, JobListener.NONE).execute();
  }

  @Test
  void theS3OutputHasTheSameFilesAndBytesAsTheLocalOne() throws IOException {
    List<String> local = files(localOut);
    List<String> fromS3 = files(s3OutCopy);

    assertThat(fromS3).isEqualTo(local).contains("_SUCCESS", "meta/info.json");
    assertThat(local).noneMatch(file -> file.endsWith(".crc"));
    for (String file : local) {
      // These two name the source location, which differs by design.
      if (file.equals("_SUCCESS")
          || file.equals("README.md")
          || file.equals("meta/augmentation.json")) {
        continue;
      }

      assertThat(Files.readAllBytes(s3OutCopy.resolve(file)))
          .as("bytes of %s", file)
          .isEqualTo(Files.readAllBytes(localOut.resolve(file)));
    }
  }

  @Test
  void theS3OutputDecodesToTheSameFramesAndKeepsTheFormat() {
    OutputDataset onLocal = new OutputDataset(localOut);
    OutputDataset fromS3 = new OutputDataset(s3OutCopy);

    fromS3.checkInvariants();
    assertThat(fromS3.dataset().episodes()).hasSize(10);
    for (int e = 0; e < 10; e++) {
      for (String camera : fromS3.dataset().info().videoKeys()) {
        assertThat(fromS3.frameHashes(e, camera))
            .as("episode %d %s", e, camera)
            .isEqualTo(onLocal.frameHashes(e, camera));
      }
    }
  }

  @Test
  void nothingButTheOutputIsLeftOnTheBucket() {
    List<String> outputs =
        Storage.listDirectories(conf, new org.apache.hadoop.fs.Path(BUCKET + "/outputs")).stream()
            .map(org.apache.hadoop.fs.Path::getName)
            .toList();

    assertThat(outputs).containsExactly("augmented");
    assertThat(
            Storage.exists(
                conf, new org.apache.hadoop.fs.Path(BUCKET + "/outputs/augmented/_SUCCESS")))
        .isTrue();
  }

  private static List<String> files(Path root) throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .forEach(f -> files.add(root.relativize(f).toString().replace('\\', '/')));
    }

    files.sort(null);
    return files;
  }

  private static org.apache.hadoop.fs.Path hadoop(Path path) {
    return new org.apache.hadoop.fs.Path(path.toUri());
  }
}
