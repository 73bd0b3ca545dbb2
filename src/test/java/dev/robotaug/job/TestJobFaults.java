package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.BrokenDataset;
import dev.robotaug.testing.DatasetKind;
import dev.robotaug.testing.OutputDataset;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the middle of a job, on a local master that retries a failed task up to three times
 * ({@code local[2,3]}), as a cluster does: a task dying mid-episode, a corrupt video and a
 * truncated Parquet file in the source, and output storage failing while the job writes or
 * publishes. A job either publishes an output identical, file for file, to a clean run's, or fails
 * naming the file and the episode, leaving neither an output nor its staging folder.
 *
 * <p>The source has nine episodes over five data files and three mp4s, so each fault hits one file
 * among several.
 */
class TestJobFaults {
  private static final String CAMERA = DatasetKind.Cameras.FRONT;
  private static final String REQUEST =
      "{\"augment_transforms\":\"lighting,noise\",\"augment_copies\":1}";

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path source;
  private static Map<String, String> clean;
  private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

  @BeforeAll
  static void runCleanJob() {
    source = dir.resolve("source");
    DatasetKind.ROTATING.write(source);
    spark =
        SparkSession.builder()
            .master("local[2,3]")
            .appName("faults")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.hadoop.fs.faulty.impl", FaultyFileSystem.class.getName())
            .config("spark.hadoop.fs.faulty.impl.disable.cache", "true")
            .getOrCreate();
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (!taskEnd.taskInfo().successful()) {
                  FAILED_TASKS.incrementAndGet();
                }
              }
            });

    Path out = dir.resolve("clean");
    run(spec(source, out.toUri().toString()));
    clean = files(out);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @AfterEach
  void healStorage() {
    FaultyFileSystem.heal();
    System.clearProperty(FaultInjection.FAIL_ONCE);
  }

  @Test
  void taskFailingMidEpisodeIsRetriedAndTheOutputEqualsACleanRun() {
    Path marker = dir.resolve("fail-once-episode-4");
    Path out = dir.resolve("retried");
    System.setProperty(FaultInjection.FAIL_ONCE, "4:" + marker);
    int failedBefore = failedTasks();

    run(spec(source, out.toUri().toString()));

    int failed = failedTasks() - failedBefore;
    Map<String, String> retried = files(out);
    System.out.printf(
        "Task fault: tasks failed %d, job succeeded, output files identical to a clean run %d/%d%n",
        failed, matching(retried), clean.size());
    assertThat(marker).as("the fault fired").exists();
    assertThat(failed).isEqualTo(1);
    assertThat(clean).hasSizeGreaterThan(10);
    assertThat(retried).isEqualTo(clean);
    new OutputDataset(out).checkInvariants();
  }

  @Test
  void corruptVideoFailsTheJobNamingTheFileAndEpisodeAndPublishesNothing() throws IOException {
    BrokenDataset broken = BrokenDataset.copyOf(source, dir.resolve("corrupt-video"));
    String video = broken.videoFileOf(4, CAMERA);
    Path file = broken.root().resolve(video);
    zeroMiddle(file, 4096);
    Path out = dir.resolve("out-corrupt-video");

    String reason = failure(spec(broken.root(), out.toUri().toString()));

    System.out.println("Corrupt video: job failed with: " + reason);
    assertThat(reason)
        .contains(file.getFileName().toString())
        .containsPattern("Cannot augment episode [345]: ");
    assertNothingPublished(out);
  }

  @Test
  void truncatedParquetFailsTheJobNamingTheFileAndEpisodeAndPublishesNothing() throws IOException {
    BrokenDataset broken = BrokenDataset.copyOf(source, dir.resolve("truncated-data"));
    String data = broken.dataFileOf(5);
    Path file = broken.root().resolve(data);
    long size = Files.size(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size / 2);
    }

    Path out = dir.resolve("out-truncated-data");

    String reason = failure(spec(broken.root(), out.toUri().toString()));

    System.out.println("Truncated Parquet: job failed with: " + reason);
    assertThat(reason).contains(data).containsPattern("Cannot augment episode [45]: ");
    assertNothingPublished(out);
  }

  @Test
  void storageFailingMidWriteFailsTheJobCleansStagingAndARerunSucceeds() {
    Path out = dir.resolve("faulty-out");
    String output = FaultyFileSystem.SCHEME + "://" + out;
    JobSpec spec = spec(source, output);
    // The first 8 creations copy the source files (copy mode), the next stage episodes.
    FaultyFileSystem.failCreatesAfter(10);

    String reason = failure(spec);

    System.out.println("Storage failing mid-write: job failed with: " + reason);
    assertThat(reason).contains("Injected storage fault").contains("Cannot augment episode");
    assertNothingPublished(out);

    FaultyFileSystem.heal();
    run(spec);

    assertThat(files(out)).isEqualTo(clean);
  }

  @Test
  void storageFailingToPublishFailsTheJobCleansStagingAndARerunSucceeds() {
    Path out = dir.resolve("faulty-publish");
    JobSpec spec = spec(source, FaultyFileSystem.SCHEME + "://" + out);
    FaultyFileSystem.failRenamesTo(out.getFileName().toString());

    String reason = failure(spec);

    System.out.println("Storage failing to publish: job failed with: " + reason);
    assertThat(reason).contains("Injected storage fault: cannot rename");
    assertNothingPublished(out);

    FaultyFileSystem.heal();
    run(spec);

    assertThat(files(out)).isEqualTo(clean);
  }

  private static JobSpec spec(Path in, String out) {
    return new JobSpec(
        "fault-test",
        Instant.parse("2026-01-01T00:00:00Z"),
        77L,
        in.toUri().toString(),
        out,
        null,
        null,
        SpecJson.read(REQUEST, AugmentationRequest.class));
  }

  private static void run(JobSpec spec) {
    new AugmentJob(spark, spec, JobListener.NONE).execute();
  }

  /** The reason the job reports for its failure. */
  private static String failure(JobSpec spec) {
    Throwable thrown = catchThrowable(() -> run(spec));
    assertThat(thrown).as("the job fails").isNotNull();
    return JobMain.reason(thrown);
  }

  /** No output, no marker, no staging folder beside it. */
  private static void assertNothingPublished(Path out) {
    assertThat(out).doesNotExist();
    try (Stream<Path> files = Files.walk(out.getParent())) {
      assertThat(files.map(p -> out.getParent().relativize(p).toString()))
          .noneMatch(name -> name.startsWith("." + out.getFileName() + ".staging"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file of an output but the marker (which holds the publication time), by digest. */
  private static Map<String, String> files(Path root) {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(file).toString();
        if (!name.equals(Publication.MARKER)) {
          digests.put(name, OutputDataset.sha256(Files.readAllBytes(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    assertThat(root.resolve(Publication.MARKER)).exists();
    return digests;
  }

  private static long matching(Map<String, String> other) {
    return clean.entrySet().stream()
        .filter(e -> e.getValue().equals(other.get(e.getKey())))
        .count();
  }

  /** Failed task attempts so far, once the listener has seen every event. */
  private static int failedTasks() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }

    return FAILED_TASKS.get();
  }

  /** Overwrites {@code bytes} zero bytes in the middle of a file, as a bad disk block would. */
  private static void zeroMiddle(Path file, int bytes) throws IOException {
    long size = Files.size(file);
    int length = (int) Math.min(bytes, size / 3);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(size / 2 - length / 2);
      raf.write(new byte[length]);
    }
  }
}
