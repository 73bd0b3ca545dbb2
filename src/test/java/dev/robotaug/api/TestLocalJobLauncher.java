package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.KEY_A;
import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.api.testing.TestingJobMain;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code local} launcher end to end: each job runs in a child JVM (here {@link TestingJobMain},
 * standing in for the Spark job) that keeps its status document, and the API shows it.
 */
class TestLocalJobLauncher {
  static final ApiConfig.LauncherConfig LAUNCHER =
      new ApiConfig.LauncherConfig(
          "local",
          TestingJobMain.class.getName(),
          2,
          new ApiConfig.LocalConfig("local[1]", List.of("-Xmx96m"), null, null),
          null);

  @TempDir Path dir;

  @Test
  void jobOnALocalDatasetRunsToSucceededAndShowsItsOutput() throws Exception {
    Path dataset = Files.createDirectories(dir.resolve("input/pusht"));
    try (TestingApi api = TestingApi.start(dir, LAUNCHER)) {
      String jobId = submit(api, dataset.toUri().toString(), null);

      JsonNode job = awaitFinished(api, jobId);

      assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("succeeded");
      assertThat(job.get("progress").asText()).isEqualTo("4/4");
      assertThat(job.get("error").isNull()).isTrue();
      assertThat(job.get("output").asText())
          .isEqualTo(
              dir.resolve("datasets").toUri().toString().replace("file:///", "file:/") + jobId);
      assertThat(Files.readString(dir.resolve("datasets/" + jobId + "/SUCCESS"))).isEqualTo(jobId);
      assertThat(Instant.parse(job.get("finished_at").asText()))
          .isAfterOrEqualTo(Instant.parse(job.get("started_at").asText()));
      assertThat(dir.resolve("store/jobs/" + jobId + "/" + JobProcesses.LOG_FILE)).exists();
    }
  }

  @Test
  void jobOnAMissingDatasetEndsFailedNamingIt() throws Exception {
    String missing = dir.resolve("input/not-there").toUri().toString();
    try (TestingApi api = TestingApi.start(dir, LAUNCHER)) {
      String jobId = submit(api, missing, null);

      JsonNode job = awaitFinished(api, jobId);

      assertThat(job.get("status").asText()).isEqualTo("failed");
      assertThat(job.get("error").asText()).contains(missing).contains("does not exist");
    }
  }

  @Test
  void crashedJobEndsFailedWithItsExitCodeAndTheApiLivesOn() throws Exception {
    Path dataset = Files.createDirectories(dir.resolve("input/pusht"));
    try (TestingApi api = TestingApi.start(dir, LAUNCHER)) {
      String jobId = submit(api, dataset.toUri().toString(), "crash");

      JsonNode job = awaitFinished(api, jobId);

      assertThat(job.get("status").asText()).isEqualTo("failed");
      assertThat(job.get("error").asText())
          .contains("exited with code 3")
          .contains(JobProcesses.LOG_FILE);
      assertThat(api.get("/openapi.json", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void runningJobStopsOnCancel() throws Exception {
    Path dataset = Files.createDirectories(dir.resolve("input/pusht"));
    try (TestingApi api = TestingApi.start(dir, LAUNCHER)) {
      String jobId = submit(api, dataset.toUri().toString(), "slow");
      await(api, jobId, job -> job.get("status").asText().equals("running"));

      HttpResponse<String> cancel = api.post("/v1/augmentation/" + jobId + "/cancel", "", KEY_A);
      JsonNode job = awaitFinished(api, jobId);

      assertThat(cancel.statusCode()).isEqualTo(200);
      assertThat(job.get("status").asText()).isEqualTo("cancelled");
    }
  }

  @Test
  void commandLineCarriesSparkFlagsProfileSettingsAndJobArguments() {
    ApiConfig config = TestingApi.config(dir, LAUNCHER);
    LocalJobLauncher launcher = new LocalJobLauncher(config, null);
    JobSpec spec =
        new JobSpec(
            "job-1",
            Instant.EPOCH,
            null,
            "lerobot/pusht",
            "file:/out/job-1",
            null,
            null,
            AugmentationRequest.defaults());

    List<String> command = launcher.command(spec, "file:/store/jobs/job-1/spec.json");

    assertThat(command.get(0)).endsWith("/bin/java");
    assertThat(command).containsSubsequence(LocalJobLauncher.SPARK_JVM_FLAGS);
    assertThat(command).contains("-Xmx96m", "-Dspark.executor.cores=2");
    assertThat(command.subList(command.size() - 5, command.size()))
        .containsExactly(
            TestingJobMain.class.getName(),
            "--spec",
            "file:/store/jobs/job-1/spec.json",
            "--master",
            "local[1]");
    assertThat(command.get(command.indexOf("-cp") + 1))
        .isEqualTo(System.getProperty("java.class.path"));
  }

  @Test
  void sparkJvmFlagsAreThoseOfThePom() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher flags =
        Pattern.compile("<spark.jvm.flags>(.*?)</spark.jvm.flags>", Pattern.DOTALL).matcher(pom);

    assertThat(flags.find()).isTrue();
    assertThat(LocalJobLauncher.SPARK_JVM_FLAGS)
        .containsExactlyElementsOf(Arrays.asList(flags.group(1).trim().split("\\s+")));
  }

  private static String submit(TestingApi api, String datasetId, String name) {
    ObjectNode body = validBody();
    body.put("dataset_id", datasetId);
    if (name != null) {
      body.put("name", name);
    }

    HttpResponse<String> response = api.submit(body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("job_id").asText();
  }

  static JsonNode awaitFinished(TestingApi api, String jobId) throws InterruptedException {
    return await(
        api,
        jobId,
        job -> List.of("succeeded", "failed", "cancelled").contains(job.get("status").asText()));
  }

  static JsonNode await(TestingApi api, String jobId, java.util.function.Predicate<JsonNode> done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    JsonNode job = poll(api, jobId);
    while (!done.test(job) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      job = poll(api, jobId);
    }

    assertThat(done.test(job)).as("job state in time: " + job).isTrue();
    return job;
  }

  /** One status read; any answer but 200 with a status fails the test with the answer in view. */
  private static JsonNode poll(TestingApi api, String jobId) {
    HttpResponse<String> response = api.get("/v1/augmentation/" + jobId, KEY_A);
    assertThat(response.statusCode()).as("GET job %s: %s", jobId, response.body()).isEqualTo(200);
    JsonNode job = json(response);
    assertThat(job.hasNonNull("status")).as("GET job %s: %s", jobId, job).isTrue();
    return job;
  }
}
