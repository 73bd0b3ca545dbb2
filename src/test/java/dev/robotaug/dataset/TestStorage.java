package dev.robotaug.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  private static String document(int version) {
    return "{\"version\": " + version + ", \"padding\": \"" + "x".repeat(4_000) + "\"}";
  }
}
