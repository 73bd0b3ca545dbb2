package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.KEY_A;
import static dev.robotaug.api.TestingApi.PROJECT_A;
import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.testing.LocalCluster;
import dev.robotaug.testing.OutputDataset;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A REST submission with the {@code spark-submit} launcher: the API starts the job as a driver
 * through {@code spark-submit} on a standalone cluster of a master and two workers, each its own
 * JVM, and the job runs to {@code succeeded}.
 */
class TestApiOnLocalCluster {
  @TempDir Path dir;

  @Test
  void aSubmissionRunsOnTheLocalClusterToSucceeded() throws Exception {
    Path dataset = dir.resolve("input/small");
    SyntheticDataset.write(dataset, SyntheticDataset.Spec.small("av1"));
    Path appJar =
        LocalCluster.jarOf(Path.of("target/classes"), dir.resolve("robotaug-classes.jar"));
    try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2, false)) {
      Path sparkHome = submitWrapper(cluster);
      ApiConfig.SparkSubmitConfig submit =
          new ApiConfig.SparkSubmitConfig(
              sparkHome.toString(),
              cluster.masterUrl(),
              "client",
              appJar.toString(),
              Map.of(
                  "spark.driver.host", "127.0.0.1",
                  "spark.driver.bindAddress", "127.0.0.1",
                  "spark.ui.enabled", "false",
                  "spark.executor.memory", "1g",
                  "spark.cores.max", "2",
                  "spark.executor.extraJavaOptions", String.join(" ", LocalCluster.jvmOptions())));
      ApiConfig.LauncherConfig launcher =
          new ApiConfig.LauncherConfig(
              "spark-submit", "dev.robotaug.job.AugmentJob", 1, null, submit);
      ApiConfig base = TestingApi.config(dir, launcher);
      ApiConfig config =
          new ApiConfig(
              base.host(),
              base.port(),
              base.storageRoot(),
              base.outputRoot(),
              base.allowedDatasetSchemes(),
              base.hadoop(),
              base.apiKeys(),
              base.rateLimit(),
              launcher,
              Map.of("cpu", Map.of("spark.executor.cores", "1")));
      try (TestingApi api = TestingApi.start(dir, config)) {
        ObjectNode body = validBody();
        body.put("dataset_id", dataset.toUri().toString());
        body.put("augment_copies", 1);
        HttpResponse<String> response = api.submit(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String jobId = json(response).get("job_id").asText();

        JsonNode job = TestLocalJobLauncher.awaitFinished(api, jobId);

        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("progress").asText()).isEqualTo("5/5");
        assertThat(job.get("project_id").asText()).isEqualTo(PROJECT_A);
        OutputDataset output = new OutputDataset(Path.of(URI.create(job.get("output").asText())));
        output.checkInvariants();
        assertThat(output.dataset().episodes()).hasSize(10);
        assertThat(cluster.executorPidsSeen()).isNotEmpty();
        assertThat(KEY_A).isNotBlank();
      }
    }
  }

  /** A SPARK_HOME whose bin/spark-submit is the project's, pointed at the cluster's libraries. */
  private Path submitWrapper(LocalCluster cluster) throws Exception {
    Path home = Files.createDirectories(dir.resolve("spark-home/bin"));
    Path script = home.resolve("spark-submit");
    Files.writeString(
        script,
        "#!/usr/bin/env bash\n"
            + "export SPARK_HOME='"
            + cluster.sparkHome()
            + "' SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 SVT_LOG=1\n"
            + "exec bash '"
            + Path.of("scripts/spark-submit").toAbsolutePath()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home.getParent();
  }
}
