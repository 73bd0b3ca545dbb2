package dev.robotaug.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.ComputeProfile;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/payload}: job id and profile from a readable spec, or from the flags. */
class TestPayloadCommand {
  private static final Path CONF = Path.of("conf");

  @TempDir Path dir;

  @Test
  void jobIdAndProfileComeFromALocalCopyOfTheSpec() throws Exception {
    Path spec = dir.resolve("spec.json");
    Files.writeString(
        spec,
        SpecJson.write(
            new JobSpec(
                "job-42",
                Instant.parse("2026-12-01T00:00:00Z"),
                7L,
                "s3://in/dataset",
                "s3://out/dataset",
                ComputeProfile.GPU,
                null,
                AugmentationRequest.defaults())));

    JsonNode body =
        new ObjectMapper()
            .readTree(
                PayloadCommand.payload(
                    new String[] {
                      "databricks",
                      "--spec",
                      "dbfs:/jobs/job-42/spec.json",
                      "--local-spec",
                      spec.toString(),
                      "--jar",
                      "dbfs:/jars/job.jar"
                    },
                    CONF));

    assertThat(body.get("idempotency_token").asText()).isEqualTo("job-42");
    assertThat(body.at("/tasks/0/new_cluster/spark_version").asText())
        .isEqualTo("14.3.x-gpu-ml-scala2.12");
    assertThat(body.at("/tasks/0/spark_jar_task/parameters/1").asText())
        .isEqualTo("dbfs:/jobs/job-42/spec.json");
  }

  @Test
  void anUnreadableSpecNeedsJobIdAndProfileFlags() throws Exception {
    String[] withoutFlags = {
      "emr-step",
      "--spec",
      "s3://nowhere/spec.json",
      "--jar",
      "s3://j/job.jar",
      "--cluster-id",
      "j-1"
    };
    String[] withFlags = {
      "emr-step",
      "--spec",
      "s3://nowhere/spec.json",
      "--jar",
      "s3://j/job.jar",
      "--cluster-id",
      "j-1",
      "--job-id",
      "job-7",
      "--profile",
      "cpu"
    };

    assertThatThrownBy(() -> PayloadCommand.payload(withoutFlags, CONF))
        .hasMessageStartingWith("Cannot read job spec s3://nowhere/spec.json: ")
        .hasMessageEndingWith("(pass --local-spec, or --job-id and --profile)");
    JsonNode body = new ObjectMapper().readTree(PayloadCommand.payload(withFlags, CONF));
    assertThat(body.at("/Steps/0/Name").asText()).isEqualTo("robotaug job-7");
  }

  @Test
  void anUnknownTargetIsRejectedWithTheUsage() {
    assertThatThrownBy(() -> PayloadCommand.payload(new String[] {"yarn"}, CONF))
        .hasMessageStartingWith(
            "Invalid target: give one of [databricks, emr-step, emr-serverless]")
        .hasMessageContaining("Usage: scripts/payload");
  }
}
