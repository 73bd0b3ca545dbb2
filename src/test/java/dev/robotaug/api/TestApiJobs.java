package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.KEY_A;
import static dev.robotaug.api.TestingApi.KEY_B;
import static dev.robotaug.api.TestingApi.PROJECT_A;
import static dev.robotaug.api.TestingApi.PROJECT_B;
import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.JobState;
import dev.robotaug.spec.JobStatus;
import dev.robotaug.spec.JobStore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job resource: {@code GET /v1/augmentation/{job_id}}, the paginated list, cancel, and that
 * everything comes from storage, so a restarted server answers the same.
 */
class TestApiJobs {
  @TempDir Path dir;
  private TestingApi api;

  @BeforeEach
  void start() throws Exception {
    api = TestingApi.start(dir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void submittedJobShowsAsQueuedWithItsOutputLocation() {
    ObjectNode body = validBody();
    body.put("name", "pusht x3");
    String jobId = submit(body);

    JsonNode job = json(api.get("/v1/augmentation/" + jobId, KEY_A));

    assertThat(job.get("job_id").asText()).isEqualTo(jobId);
    assertThat(job.get("project_id").asText()).isEqualTo(PROJECT_A);
    assertThat(job.get("name").asText()).isEqualTo("pusht x3");
    assertThat(job.get("status").asText()).isEqualTo("queued");
    assertThat(job.get("progress").asText()).isEqualTo("0/0");
    assertThat(job.get("output").asText()).endsWith("/datasets/" + jobId);
    assertThat(Instant.parse(job.get("created_at").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(job.get("started_at").isNull()).isTrue();
    assertThat(job.get("cancel_requested").asBoolean()).isFalse();
  }

  @Test
  void progressAndTimesComeFromTheStatusTheJobWrites() throws Exception {
    String jobId = submit(validBody());
    JobStore store = api.server.store();
    JobStatus queued = store.readStatus(jobId).orElseThrow();
    Instant started = Instant.parse("2030-01-02T03:04:05Z");
    store.writeStatus(queued.running(started, 3, 10, "Augmenting"));

    JsonNode job = json(api.get("/v1/augmentation/" + jobId, KEY_A));

    assertThat(job.get("status").asText()).isEqualTo("running");
    assertThat(job.get("progress").asText()).isEqualTo("3/10");
    assertThat(job.get("episodes_done").asLong()).isEqualTo(3);
    assertThat(job.get("episodes_total").asLong()).isEqualTo(10);
    assertThat(job.get("started_at").asText()).isEqualTo("2030-01-02T03:04:05Z");
    assertThat(job.get("message").asText()).isEqualTo("Augmenting");
  }

  @Test
  void unknownJobAndAnotherProjectsJobAre404() {
    String jobId = submit(validBody());
    String unknown = UUID.randomUUID().toString();

    HttpResponse<String> missing = api.get("/v1/augmentation/" + unknown, KEY_A);
    HttpResponse<String> foreign = api.get("/v1/augmentation/" + jobId, KEY_B);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"detail\":\"Job " + unknown + " not found\"}");
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).isEqualTo("{\"detail\":\"Job " + jobId + " not found\"}");
  }

  @Test
  void jobIdThatIsNoUuidIs422InThePath() {
    HttpResponse<String> response = api.get("/v1/augmentation/..%2Fsecrets", KEY_A);

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode problem = json(response).get("detail").get(0);
    assertThat(problem.get("type").asText()).isEqualTo("uuid_parsing");
    assertThat(problem.get("loc").toString()).isEqualTo("[\"path\",\"job_id\"]");
  }

  @Test
  void listPagesThroughAProjectsJobsNewestFirst() {
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      submitted.add(submit(validBody()));
    }

    ObjectNode other = validBody();
    other.put("project_id", PROJECT_B);
    api.post("/v1/augmentation", TestingApi.write(other), KEY_B);

    List<String> listed = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String cursor = null;
    do {
      String query =
          "?project_id=" + PROJECT_A + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = json(api.get("/v1/augmentation" + query, KEY_A));
      page.get("data").forEach(job -> listed.add(job.get("job_id").asText()));
      pageSizes.add(page.get("data").size());
      cursor = page.get("has_more").asBoolean() ? page.get("next_cursor").asText() : null;
      assertThat(page.get("next_cursor").isNull()).isEqualTo(cursor == null);
    } while (cursor != null);

    assertThat(pageSizes).containsExactly(2, 2, 1);
    assertThat(listed).containsExactlyInAnyOrderElementsOf(submitted);
    List<JsonNode> jobs =
        listed.stream().map(id -> json(api.get("/v1/augmentation/" + id, KEY_A))).toList();
    for (int i = 1; i < jobs.size(); i++) {
      Instant newer = Instant.parse(jobs.get(i - 1).get("created_at").asText());
      Instant older = Instant.parse(jobs.get(i).get("created_at").asText());
      assertThat(newer).isAfterOrEqualTo(older);
    }
  }

  @Test
  void listOfAProjectWithoutJobsIsEmpty() {
    JsonNode page = json(api.get("/v1/augmentation?project_id=" + PROJECT_A, KEY_A));

    assertThat(page.get("data")).isEmpty();
    assertThat(page.get("has_more").asBoolean()).isFalse();
    assertThat(page.get("next_cursor").isNull()).isTrue();
  }

  @Test
  void listQueryIsValidated() {
    JsonNode missing = json(api.get("/v1/augmentation", KEY_A)).get("detail").get(0);
    JsonNode notUuid = json(api.get("/v1/augmentation?project_id=abc", KEY_A)).get("detail").get(0);
    JsonNode zero = json(api.get("/v1/augmentation?project_id=" + PROJECT_A + "&limit=0", KEY_A));
    JsonNode tooMany =
        json(api.get("/v1/augmentation?project_id=" + PROJECT_A + "&limit=101", KEY_A));
    HttpResponse<String> badCursor =
        api.get("/v1/augmentation?project_id=" + PROJECT_A + "&cursor=xyz", KEY_A);

    assertThat(missing.get("type").asText()).isEqualTo("missing");
    assertThat(missing.get("loc").toString()).isEqualTo("[\"query\",\"project_id\"]");
    assertThat(notUuid.get("type").asText()).isEqualTo("uuid_parsing");
    assertThat(zero.get("detail").get(0).get("msg").asText())
        .isEqualTo("Input should be greater than or equal to 1");
    assertThat(tooMany.get("detail").get(0).get("ctx").get("le").asInt()).isEqualTo(100);
    assertThat(badCursor.statusCode()).isEqualTo(400);
    assertThat(json(badCursor).get("detail").asText()).startsWith("Invalid cursor: 'xyz'");
  }

  @Test
  void cancellingAQueuedJobCancelsItAtOnceAndTwiceIs409() throws Exception {
    String jobId = submit(validBody());

    HttpResponse<String> first = api.post("/v1/augmentation/" + jobId + "/cancel", "", KEY_A);
    HttpResponse<String> second = api.post("/v1/augmentation/" + jobId + "/cancel", "", KEY_A);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(json(first).get("status").asText()).isEqualTo("cancelled");
    assertThat(json(first).get("cancel_requested").asBoolean()).isTrue();
    assertThat(Files.exists(dir.resolve("store/jobs/" + jobId + "/" + JobStatus.CANCEL_MARKER)))
        .isTrue();
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.body())
        .isEqualTo("{\"detail\":\"Cannot cancel job " + jobId + ": it is already cancelled\"}");
  }

  @Test
  void cancellingARunningJobLeavesTheMarkerForTheJob() throws Exception {
    String jobId = submit(validBody());
    JobStore store = api.server.store();
    store.writeStatus(
        store.readStatus(jobId).orElseThrow().running(Instant.now(), 1, 4, "Working"));

    HttpResponse<String> response = api.post("/v1/augmentation/" + jobId + "/cancel", "", KEY_A);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("status").asText()).isEqualTo("running");
    assertThat(json(response).get("cancel_requested").asBoolean()).isTrue();
    assertThat(store.isCancelRequested(jobId)).isTrue();
    assertThat(
            json(api.get("/v1/augmentation/" + jobId, KEY_A)).get("cancel_requested").asBoolean())
        .isTrue();
  }

  @Test
  void cancellingAFinishedJobIs409AndAnUnknownOne404() throws Exception {
    String jobId = submit(validBody());
    JobStore store = api.server.store();
    JobStatus queued = store.readStatus(jobId).orElseThrow();
    store.writeStatus(queued.finished(Instant.now(), JobState.SUCCEEDED, null, "Done"));

    HttpResponse<String> finished = api.post("/v1/augmentation/" + jobId + "/cancel", "", KEY_A);
    HttpResponse<String> unknown =
        api.post("/v1/augmentation/" + UUID.randomUUID() + "/cancel", "", KEY_A);
    HttpResponse<String> foreign = api.post("/v1/augmentation/" + jobId + "/cancel", "", KEY_B);

    assertThat(finished.statusCode()).isEqualTo(409);
    assertThat(json(finished).get("detail").asText())
        .isEqualTo("Cannot cancel job " + jobId + ": it is already succeeded");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(store.isCancelRequested(jobId)).isFalse();
  }

  @Test
  void restartedServerAnswersFromStorage() throws Exception {
    String jobId = submit(validBody());
    api.close();

    api = TestingApi.start(dir);
    JsonNode job = json(api.get("/v1/augmentation/" + jobId, KEY_A));
    JsonNode page = json(api.get("/v1/augmentation?project_id=" + PROJECT_A, KEY_A));

    assertThat(job.get("status").asText()).isEqualTo("queued");
    assertThat(page.get("data").get(0).get("job_id").asText()).isEqualTo(jobId);
  }

  @Test
  void launcherFailureIs500AndMarksTheJobFailed() throws Exception {
    api.close();
    api =
        TestingApi.start(
            dir,
            store ->
                (JobSpec spec, String specUri) -> {
                  throw new IOException("cluster unreachable");
                });

    HttpResponse<String> response = api.submit(validBody());

    assertThat(response.statusCode()).isEqualTo(500);
    String detail = json(response).get("detail").asText();
    assertThat(detail).startsWith("Cannot start job ").endsWith(": cluster unreachable");
    String jobId = detail.substring("Cannot start job ".length(), detail.indexOf(':'));
    JsonNode job = json(api.get("/v1/augmentation/" + jobId, KEY_A));
    assertThat(job.get("status").asText()).isEqualTo("failed");
    assertThat(job.get("error").asText()).isEqualTo(detail);
  }

  @Test
  void unknownRoutesAnswerInTheErrorShape() {
    HttpResponse<String> notFound = api.get("/v2/nothing", KEY_A);
    HttpResponse<String> wrongMethod =
        api.get("/v1/augmentation/" + UUID.randomUUID() + "/cancel", KEY_A);

    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(json(notFound).get("detail").isTextual()).isTrue();
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(json(wrongMethod).get("detail").isTextual()).isTrue();
  }

  private String submit(ObjectNode body) {
    String project = body.get("project_id").asText();
    HttpResponse<String> response =
        api.post(
            "/v1/augmentation", TestingApi.write(body), project.equals(PROJECT_A) ? KEY_A : KEY_B);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("job_id").asText();
  }
}
