package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.testing.OutputDataset;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's {@code local} launcher running the real Spark job in a child JVM. */
class TestApiWithSparkJob {
  private static final ApiConfig.LauncherConfig LAUNCHER =
      new ApiConfig.LauncherConfig(
          "local",
          "dev.robotaug.job.AugmentJob",
          1,
          new ApiConfig.LocalConfig("local[2]", List.of("-Xmx2g"), null, null),
          null);

  @TempDir Path dir;

  @Test
  void aSubmittedJobRunsToSucceededAndItsOutputIsAValidDataset() throws Exception {
    Path dataset = dir.resolve("input/small");
    SyntheticDataset.write(dataset, SyntheticDataset.Spec.small("av1"));
    try (TestingApi api = TestingApi.start(dir, LAUNCHER)) {
      ObjectNode body = validBody();
      body.put("dataset_id", dataset.toUri().toString());
      body.put("augment_copies", 2);
      HttpResponse<String> response = api.submit(body);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      String jobId = json(response).get("job_id").asText();

      JsonNode job = TestLocalJobLauncher.awaitFinished(api, jobId);

      assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("succeeded");
      assertThat(job.get("progress").asText()).isEqualTo("10/10");
      OutputDataset output = new OutputDataset(Path.of(URI.create(job.get("output").asText())));
      output.checkInvariants();
      assertThat(output.dataset().episodes()).hasSize(15);
      assertThat(Path.of(URI.create(job.get("output").asText())).resolve("_SUCCESS")).exists();
    }
  }

  @Test
  void aMissingDatasetEndsFailedNamingIt() throws Exception {
    String missing = dir.resolve("input/not-there").toUri().toString();
    try (TestingApi api = TestingApi.start(dir, LAUNCHER)) {
      ObjectNode body = validBody();
      body.put("dataset_id", missing);
      String jobId = json(api.submit(body)).get("job_id").asText();

      JsonNode job = TestLocalJobLauncher.awaitFinished(api, jobId);

      assertThat(job.get("status").asText()).isEqualTo("failed");
      assertThat(job.get("error").asText())
          .contains("Cannot read dataset")
          .contains("not-there")
          .contains("meta/info.json not found");
    }
  }
}
