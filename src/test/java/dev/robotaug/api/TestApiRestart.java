package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.testing.OutputDataset;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API stopped while its job runs in a child JVM, and a new API started on the same storage: the
 * job runs on, and the new API reports it as the job itself records it, up to {@code succeeded}
 * with its output published.
 */
class TestApiRestart {
  private static final ApiConfig.LauncherConfig LAUNCHER =
      new ApiConfig.LauncherConfig(
          "local",
          "dev.robotaug.job.AugmentJob",
          1,
          new ApiConfig.LocalConfig("local[2]", List.of("-Xmx1g"), null, null),
          null);

  @TempDir Path dir;

  @Test
  void aJobStartedByOneApiIsReportedRightByTheApiStartedAfterIt() throws Exception {
    Path dataset = dir.resolve("input/sample");
    SyntheticDataset.write(dataset, SyntheticDataset.Spec.small("av1"));
    ObjectNode body = validBody();
    body.put("dataset_id", dataset.toUri().toString());
    body.put("augment_transforms", "lighting,noise,blur");
    body.put("augment_copies", 3);

    java.util.Set<Long> earlierChildren = childJvms();
    String jobId;
    JsonNode beforeStop;
    try (TestingApi first = TestingApi.start(dir, LAUNCHER)) {
      jobId = json(first.submit(body)).get("job_id").asText();
      beforeStop =
          TestLocalJobLauncher.await(
              first,
              jobId,
              job ->
                  job.get("episodes_total").asLong() > 0
                      || List.of("succeeded", "failed").contains(job.get("status").asText()));
    }

    java.util.Set<Long> jobJvms = childJvms();
    jobJvms.removeAll(earlierChildren);
    long childrenAfterStop = jobJvms.size();
    try (TestingApi second = TestingApi.start(dir, LAUNCHER)) {
      JsonNode afterRestart = json(second.get("/v1/augmentation/" + jobId, TestingApi.KEY_A));
      JsonNode finished = TestLocalJobLauncher.awaitFinished(second, jobId);

      System.out.printf(
          "API restart: status before stop %s (%s), after restart %s (%s), finally %s (%s);"
              + " job processes alive after the stop: %d%n",
          beforeStop.get("status").asText(),
          beforeStop.get("progress").asText(),
          afterRestart.get("status").asText(),
          afterRestart.get("progress").asText(),
          finished.get("status").asText(),
          finished.get("progress").asText(),
          childrenAfterStop);
      Thread.sleep(500);
      assertThat(jobJvms)
          .as("the job process has ended")
          .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertThat(beforeStop.get("status").asText()).isEqualTo("running");
      assertThat(beforeStop.get("episodes_total").asLong()).as("stopped mid-job").isEqualTo(15);
      assertThat(childrenAfterStop).as("the job outlives the API").isEqualTo(1);
      assertThat(afterRestart.get("status").asText()).isIn("running", "succeeded");
      assertThat(afterRestart.get("created_at")).isEqualTo(beforeStop.get("created_at"));
      assertThat(afterRestart.get("episodes_done").asLong())
          .isGreaterThanOrEqualTo(beforeStop.get("episodes_done").asLong());
      assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("succeeded");
      assertThat(finished.get("progress").asText()).isEqualTo("15/15");
      assertThat(finished.get("error").isNull()).isTrue();
      OutputDataset output =
          new OutputDataset(Path.of(URI.create(finished.get("output").asText())));
      output.checkInvariants();
      assertThat(output.dataset().episodes()).hasSize(20);
    }
  }

  /** Live child JVMs of this test JVM, by process id. */
  private static java.util.Set<Long> childJvms() {
    return ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("java"))
        .map(ProcessHandle::pid)
        .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
  }
}
