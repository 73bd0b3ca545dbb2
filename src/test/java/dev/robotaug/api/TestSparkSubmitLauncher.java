package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code spark-submit} launcher: the command it builds, and that it runs {@code
 * $SPARK_HOME/bin/spark-submit} (here a script that records its call) and settles the job when
 * spark-submit returns without the job having written a final status.
 */
class TestSparkSubmitLauncher {
  @TempDir Path dir;

  @Test
  void commandHasClassMasterDeployModeConfAndJobArguments() {
    ApiConfig config =
        config(
            "/opt/spark",
            "cluster",
            Map.of("spark.executor.cores", "8", "spark.eventLog.enabled", "true"));
    SparkSubmitLauncher launcher = new SparkSubmitLauncher(config, null);
    JobSpec spec =
        new JobSpec(
            "job-7",
            Instant.EPOCH,
            null,
            "lerobot/pusht",
            "s3a://out/job-7",
            null,
            null,
            AugmentationRequest.defaults());

    List<String> command = launcher.command(spec, "s3a://store/jobs/job-7/spec.json");

    assertThat(command)
        .containsExactly(
            "/opt/spark/bin/spark-submit",
            "--class",
            "dev.robotaug.job.AugmentJob",
            "--master",
            "spark://master:7077",
            "--deploy-mode",
            "cluster",
            "--conf",
            "spark.eventLog.enabled=true",
            "--conf",
            "spark.executor.cores=2",
            "--name",
            "robotaug-job-7",
            "/opt/robotaug/robotaug-all.jar",
            "--spec",
            "s3a://store/jobs/job-7/spec.json");
  }

  @Test
  void deployModeIsLeftOutWhenNotConfigured() {
    SparkSubmitLauncher launcher =
        new SparkSubmitLauncher(config("/opt/spark", null, Map.of()), null);
    JobSpec spec =
        new JobSpec(
            "job-8",
            Instant.EPOCH,
            null,
            "lerobot/pusht",
            "file:/out/job-8",
            null,
            null,
            AugmentationRequest.defaults());

    assertThat(launcher.command(spec, "file:/s/jobs/job-8/spec.json"))
        .doesNotContain("--deploy-mode");
  }

  @Test
  void launchRunsSparkSubmitOfSparkHomeAndFailsAJobThatLeftNoFinalStatus() throws Exception {
    Path sparkHome = Files.createDirectories(dir.resolve("spark/bin")).getParent();
    Path calls = dir.resolve("calls.txt");
    Path script = sparkHome.resolve("bin/spark-submit");
    Files.writeString(
        script,
        "#!/bin/sh\necho \"SPARK_HOME=$SPARK_HOME\" > '"
            + calls
            + "'\necho \"$@\" >> '"
            + calls
            + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    ApiConfig config = config(sparkHome.toString(), "client", Map.of());

    try (TestingApi api = TestingApi.start(dir, config.launcher())) {
      String jobId = json(api.submit(validBody())).get("job_id").asText();
      JsonNode job = TestLocalJobLauncher.awaitFinished(api, jobId);

      List<String> recorded = Files.readAllLines(calls);
      assertThat(recorded.get(0)).isEqualTo("SPARK_HOME=" + sparkHome);
      assertThat(recorded.get(1))
          .startsWith(
              "--class dev.robotaug.job.AugmentJob --master spark://master:7077 --deploy-mode client")
          .endsWith("--spec " + api.server.store().specUri(jobId));
      assertThat(job.get("status").asText()).isEqualTo("failed");
      assertThat(job.get("error").asText()).startsWith("Job process exited without a final status");
    }
  }

  @Test
  void clusterModeLeavesTheStatusToTheJobUnlessSubmissionFailed() throws Exception {
    Path sparkHome = Files.createDirectories(dir.resolve("spark/bin")).getParent();
    Path calls = dir.resolve("calls.txt");
    Path exitCode = dir.resolve("exit-code.txt");
    Path script = sparkHome.resolve("bin/spark-submit");
    Files.writeString(
        script,
        "#!/bin/sh\ncode=$(cat '" + exitCode + "')\necho called >> '" + calls + "'\nexit $code\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(exitCode, "0");
    ApiConfig config = config(sparkHome.toString(), "cluster", Map.of());

    try (TestingApi api = TestingApi.start(dir, config.launcher())) {
      String accepted = json(api.submit(validBody())).get("job_id").asText();
      awaitLines(calls, 1);
      Files.writeString(exitCode, "1");
      String refused = json(api.submit(validBody())).get("job_id").asText();
      JsonNode failed = TestLocalJobLauncher.awaitFinished(api, refused);
      JsonNode stillQueued = json(api.get("/v1/augmentation/" + accepted, TestingApi.KEY_A));

      assertThat(failed.get("status").asText()).isEqualTo("failed");
      assertThat(failed.get("error").asText()).startsWith("Job process exited with code 1");
      assertThat(stillQueued.get("status").asText()).isEqualTo("queued");
      assertThat(Files.readAllLines(calls)).hasSize(2);
    }
  }

  @Test
  void missingSparkSubmitFailsTheJobSayingSo() throws Exception {
    ApiConfig config = config(dir.resolve("no-spark").toString(), "client", Map.of());

    try (TestingApi api = TestingApi.start(dir, config.launcher())) {
      String jobId = json(api.submit(validBody())).get("job_id").asText();
      JsonNode job = TestLocalJobLauncher.awaitFinished(api, jobId);

      assertThat(job.get("status").asText()).isEqualTo("failed");
      assertThat(job.get("error").asText())
          .startsWith("Cannot start job process: ")
          .contains("no-spark/bin/spark-submit");
    }
  }

  private static void awaitLines(Path file, int lines) throws Exception {
    for (int i = 0;
        i < 300 && (!Files.exists(file) || Files.readAllLines(file).size() < lines);
        i++) {
      Thread.sleep(100);
    }
  }

  private ApiConfig config(String sparkHome, String deployMode, Map<String, String> conf) {
    ApiConfig.LauncherConfig launcher =
        new ApiConfig.LauncherConfig(
            "spark-submit",
            null,
            null,
            null,
            new ApiConfig.SparkSubmitConfig(
                sparkHome,
                "spark://master:7077",
                deployMode,
                "/opt/robotaug/robotaug-all.jar",
                conf));
    return TestingApi.config(dir, launcher);
  }
}
