package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.JobState;
import dev.robotaug.spec.JobStatus;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.ChildJvm;
import dev.robotaug.testing.OutputDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job killed between writing its staging folder and publishing leaves no finished-looking output
 * and no {@code succeeded} status; rerunning the same job id starts clean and publishes.
 */
class TestPublicationKill {
  @TempDir Path dir;

  @Test
  void aJobKilledBeforePublishingLeavesNoMarkerAndARerunPublishes() throws IOException {
    Path source = dir.resolve("source");
    SyntheticDataset.write(source, SyntheticDataset.Spec.small("h264"));
    Path output = dir.resolve("out");
    JobSpec spec = TestAugmentJobEndToEnd.spec(source, output, "{\"augment_copies\":1}");
    Path jobFolder = dir.resolve("jobs").resolve(spec.jobId());
    Files.createDirectories(jobFolder);
    Path specFile = jobFolder.resolve(JobStatus.SPEC_FILE);
    Files.writeString(specFile, SpecJson.write(spec));
    Path pause = dir.resolve("paused-before-publish");
    Path staging = dir.resolve(".out.staging-" + spec.jobId());

    long started = System.nanoTime();
    try (ChildJvm job =
        ChildJvm.start(
            "dev.robotaug.job.AugmentJob",
            List.of("--spec", specFile.toUri().toString(), "--master", "local[2]"),
            Map.of(Publication.PAUSE_BEFORE_PUBLISH, pause.toString()),
            Map.of(),
            dir,
            dir.resolve("job.log"))) {
      waitFor(pause, job);
      long pausedMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(staging.resolve("meta/info.json")).exists();
      assertThat(staging.resolve("data")).isDirectory();
      job.kill();
      System.err.printf(
          "[TestPublicationKill] job paused before publish after %d ms%n", pausedMillis);
    }

    assertThat(output.resolve("_SUCCESS")).doesNotExist();
    assertThat(output).doesNotExist();
    JobStatus killed = status(jobFolder);
    assertThat(killed.status()).isNotEqualTo(JobState.SUCCEEDED).isEqualTo(JobState.RUNNING);

    Files.delete(pause);
    boolean rerun = JobMain.run(specFile.toUri().toString(), "local[2]");

    assertThat(rerun).isTrue();
    assertThat(status(jobFolder).status()).isEqualTo(JobState.SUCCEEDED);
    assertThat(output.resolve("_SUCCESS")).exists();
    assertThat(staging).doesNotExist();
    OutputDataset published = new OutputDataset(output);
    published.checkInvariants();
    assertThat(published.dataset().episodes()).hasSize(10);
  }

  private static JobStatus status(Path jobFolder) throws IOException {
    return SpecJson.read(
        Files.readString(jobFolder.resolve(JobStatus.STATUS_FILE)), JobStatus.class);
  }

  private static void waitFor(Path marker, ChildJvm job) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!Files.exists(marker)) {
      if (!job.isAlive()) {
        throw new AssertionError("The job ended before pausing; log:\n" + job.logTail(4000));
      }

      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "The job did not pause within 5 minutes; log:\n" + job.logTail(4000));
      }

      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
