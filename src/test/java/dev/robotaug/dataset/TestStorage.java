package dev.robotaug.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.JobStatus;
import dev.robotaug.spec.JobStore;
import dev.robotaug.testing.S3ServerProcess;
import dev.robotaug.testing.SampleSpecs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestStorage {
  @TempDir java.nio.file.Path dir;

  /**
   * The job rewrites its status document while the API reads it: a reader must always find a whole
   * document, never none (the API would answer 404) and never half of one.
   */
  @Test
  void aRewrittenFileIsNeverMissingOrPartialForAReader() throws Exception {
    Configuration conf = Storage.configuration(Map.of());
    Path status = new Path(dir.resolve("status.json").toUri());
    java.nio.file.Path file = dir.resolve("status.json");
    Storage.writeText(conf, status, document(0));

    Rewrites rewrites =
        Rewrites.underReader(
            () -> Files.readString(file, StandardCharsets.UTF_8),
            version -> Storage.writeText(conf, status, document(version)),
            400,
            0);

    assertThat(rewrites.reads()).isGreaterThan(100);
    assertThat(rewrites.failed()).as("reads that found no file of %d", rewrites.reads()).isZero();
    assertThat(rewrites.partial()).as("reads that found part of a file").isZero();
    assertThat(Storage.readText(conf, status)).isEqualTo(document(400));
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("status.json");
    }
  }

  /**
   * The same on an object store ({@code s3a://}, an S3-compatible server in its own JVM), where a
   * rename is a copy and a delete: an object written in place appears whole when its upload ends.
   */
  @Test
  void aRewrittenObjectIsNeverMissingOrPartialForAReader() throws Exception {
    try (S3ServerProcess s3 = S3ServerProcess.start(dir.resolve("s3-data"))) {
      Configuration conf = Storage.configuration(s3.hadoopSettings());
      Path status = new Path("s3a://" + S3ServerProcess.BUCKET + "/jobs/x/status.json");
      Storage.writeText(conf, status, document(0));

      Rewrites rewrites =
          Rewrites.underReader(
              () -> Storage.readText(conf, status),
              version -> Storage.writeText(conf, status, document(version)),
              40,
              100);

      assertThat(rewrites.reads()).isGreaterThan(10);
      assertThat(rewrites.failed())
          .as("reads that failed of %d, first: %s", rewrites.reads(), rewrites.firstFailure())
          .isZero();
      assertThat(rewrites.partial()).as("reads that found part of an object").isZero();
      assertThat(Storage.readText(conf, status)).isEqualTo(document(40));
      assertThat(Storage.listFiles(conf, status.getParent(), "")).containsExactly(status);

      // The API's job store rewrites status documents the same way (S3A refuses a rename onto one).
      try (JobStore store =
          JobStore.open("s3a://" + S3ServerProcess.BUCKET + "/store", s3.hadoopSettings())) {
        JobSpec spec = SampleSpecs.allFamiliesTwoCopies("job-s3", dir, dir.resolve("out"));
        JobStatus queued = JobStatus.queued(spec, Instant.parse("2026-12-04T00:00:00Z"));
        store.submit(spec, queued);
        for (int done = 1; done <= 3; done++) {
          store.writeStatus(
              queued.running(
                  Instant.parse("2026-12-04T00:00:0" + done + "Z"), done, 10, "step " + done));
        }
        assertThat(store.readStatus("job-s3").orElseThrow().episodesDone()).isEqualTo(3);
      }
    }
  }

  /**
   * What a reader in a tight loop saw while a writer rewrote a document {@code times} times, {@code
   * pauseMillis} apart (the job rewrites its status at most once a second).
   */
  private record Rewrites(int reads, int failed, int partial, String firstFailure) {
    interface Read {
      String text() throws Exception;
    }

    static Rewrites underReader(Read read, IntConsumer write, int times, long pauseMillis)
        throws Exception {
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger reads = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      AtomicInteger partial = new AtomicInteger();
      AtomicReference<String> firstFailure = new AtomicReference<>();
      Thread reader =
          new Thread(
              () -> {
                while (writing.get()) {
                  try {
                    String text = read.text();
                    if (!text.startsWith("{") || !text.endsWith("}")) {
                      partial.incrementAndGet();
                    }
                  } catch (Exception e) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                  }
                  reads.incrementAndGet();
                }
              });

      reader.start();
      try {
        for (int version = 1; version <= times; version++) {
          write.accept(version);
          Thread.sleep(pauseMillis);
        }
      } finally {
        writing.set(false);
        reader.join();
      }

      return new Rewrites(reads.get(), failed.get(), partial.get(), firstFailure.get());
    }
  }

  private static String document(int version) {
    return "{\"version\": " + version + ", \"padding\": \"" + "x".repeat(4_000) + "\"}";
  }
}
