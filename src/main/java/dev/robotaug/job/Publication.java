package dev.robotaug.job;

import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Storage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an output becomes visible: the job writes into a hidden staging folder beside the output,
 * then moves it into place and writes the {@value #MARKER} marker last. A folder without the marker
 * is not a finished dataset. Rerunning a job id starts from a clean staging folder and replaces
 * that same job's earlier output; an output written by another job, or anything else, is never
 * overwritten.
 */
final class Publication {
  static final String MARKER = "_SUCCESS";

  /**
   * Test-only: a file path. Before moving staging into place, the job creates that file and waits
   * while it exists, so a test can kill the job between writing and publishing.
   */
  static final String PAUSE_BEFORE_PUBLISH = "robotaug.test.pauseBeforePublish";

  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

  private final Configuration conf;
  private final String jobId;
  private final Path output;

  Publication(Configuration conf, String jobId, Path output) {
    this.conf = conf;
    this.jobId = jobId;
    this.output = output;
  }

  Path prepareStaging() {
    checkOutputIsOurs();
    Path staging = new Path(output.getParent(), "." + output.getName() + ".staging-" + jobId);
    Storage.delete(conf, staging);
    return staging;
  }

  void publish(Path staging) {
    pauseIfTestAsks();
    checkOutputIsOurs();
    Storage.delete(conf, output);
    Storage.rename(conf, staging, output);

    Map<String, Object> marker = new LinkedHashMap<>();
    marker.put("job_id", jobId);
    marker.put("published_at", Instant.now().toString());
    Storage.writeText(conf, new Path(output, MARKER), DatasetJson.write(marker));
    LOG.info("Published job {} to {}", jobId, output);
  }

  /** Deletes the staging folder of a failed job; the output, if any, is left as it was. */
  void abandon(Path staging) {
    try {
      Storage.delete(conf, staging);
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot delete staging folder {} of failed job {}; delete it by hand", staging, jobId, e);
    }
  }

  private static void pauseIfTestAsks() {
    String pause = System.getProperty(PAUSE_BEFORE_PUBLISH);
    if (pause == null) {
      return;
    }

    java.nio.file.Path marker = java.nio.file.Path.of(pause);
    try {
      java.nio.file.Files.writeString(marker, "staging written, waiting to publish\n");
      LOG.warn("Paused before publishing while {} exists ({})", marker, PAUSE_BEFORE_PUBLISH);
      while (java.nio.file.Files.exists(marker)) {
        Thread.sleep(100);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot write pause marker " + marker, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while paused before publishing", e);
    }
  }

  private void checkOutputIsOurs() {
    if (!Storage.exists(conf, output)) {
      return;
    }

    Path marker = new Path(output, MARKER);
    boolean ours =
        Storage.exists(conf, marker)
            && Storage.readText(conf, marker).contains("\"" + jobId + "\"");
    boolean empty = Storage.listRecursive(conf, output, output.toString()).isEmpty();
    if (!ours && !empty) {
      throw new IllegalArgumentException(
          "Cannot publish to "
              + output
              + ": it already exists and was not written by job "
              + jobId);
    }
  }
}
