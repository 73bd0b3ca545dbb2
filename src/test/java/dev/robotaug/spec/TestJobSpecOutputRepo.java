package dev.robotaug.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The optional Hub output repo of a job spec and its status. */
class TestJobSpecOutputRepo {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void aSpecWithoutOutputRepoPublishesToStorageOnly() {
    JobSpec spec = new JobSpec("job-1", NOW, 1L, "lerobot/pusht", "file:/out", null, null, null);

    assertThat(spec.outputRepo()).isNull();
    assertThat(SpecJson.read(SpecJson.write(spec), JobSpec.class)).isEqualTo(spec);
    assertThat(JobStatus.queued(spec, NOW).outputRepo()).isNull();
  }

  @Test
  void theOutputRepoTravelsThroughJsonAndIntoTheStatus() {
    JobSpec spec =
        new JobSpec(
            "job-2", NOW, 1L, "lerobot/pusht", "file:/out", null, null, null, "alice/pusht-aug");

    String json = SpecJson.write(spec);
    JobStatus status = JobStatus.queued(spec, NOW).running(NOW, 1, 4, "Working");

    assertThat(json).containsPattern("\"output_repo\"\\s*:\\s*\"alice/pusht-aug\"");
    assertThat(SpecJson.read(json, JobSpec.class).outputRepo()).isEqualTo("alice/pusht-aug");
    assertThat(status.outputRepo()).isEqualTo("alice/pusht-aug");
    assertThat(status.finished(NOW, JobState.SUCCEEDED, null, "Done").outputRepo())
        .isEqualTo("alice/pusht-aug");
  }

  @Test
  void anOutputRepoThatIsNoNamespaceAndNameIsRejected() {
    assertThatThrownBy(
            () -> new JobSpec("job-3", NOW, 1L, "a/b", "file:/out", null, null, null, "no-slash"))
        .hasMessage("Invalid output_repo: 'no-slash', expected namespace/name");
  }
}
