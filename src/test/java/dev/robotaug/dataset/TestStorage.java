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
    Storage.writeText(conf, status, document(0));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger missing = new AtomicInteger();
    AtomicInteger partial = new AtomicInteger();

    Thread reader =
        new Thread(
            () -> {
              java.nio.file.Path file = dir.resolve("status.json");
              while (writing.get()) {
                try {
                  String text = Files.readString(file, StandardCharsets.UTF_8);
                  if (!text.startsWith("{") || !text.endsWith("}")) {
                    partial.incrementAndGet();
                  }
                } catch (java.io.IOException e) {
                  missing.incrementAndGet();
                }
                reads.incrementAndGet();
              }
            });
    reader.start();
    for (int version = 1; version <= 400; version++) {
      Storage.writeText(conf, status, document(version));
    }
    writing.set(false);
    reader.join();

    assertThat(reads.get()).isGreaterThan(100);
    assertThat(missing.get()).as("reads that found no file of %d", reads.get()).isZero();
    assertThat(partial.get()).as("reads that found part of a file").isZero();
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
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger reads = new AtomicInteger();
      AtomicInteger missing = new AtomicInteger();
      AtomicInteger partial = new AtomicInteger();

      Thread reader =
          new Thread(
              () -> {
                while (writing.get()) {
                  try {
                    String text = Storage.readText(conf, status);
                    if (!text.startsWith("{") || !text.endsWith("}")) {
                      partial.incrementAndGet();
                    }
                  } catch (java.io.UncheckedIOException e) {
                    if (missing.incrementAndGet() == 1) {
                      System.err.println("[TestStorage] first miss: " + e.getMessage());
                    }
                  }
                  reads.incrementAndGet();
                }
              });
      reader.start();
      for (int version = 1; version <= 60; version++) {
        Storage.writeText(conf, status, document(version));
      }
      writing.set(false);
      reader.join();

      assertThat(reads.get()).isGreaterThan(10);
      assertThat(missing.get()).as("reads that found no object of %d", reads.get()).isZero();
      assertThat(partial.get()).as("reads that found part of an object").isZero();
      assertThat(Storage.readText(conf, status)).isEqualTo(document(60));
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

  private static String document(int version) {
    return "{\"version\": " + version + ", \"padding\": \"" + "x".repeat(4_000) + "\"}";
  }
}
