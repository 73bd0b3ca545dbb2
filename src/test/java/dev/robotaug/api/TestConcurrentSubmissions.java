package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.KEY_A;
import static dev.robotaug.api.TestingApi.PROJECT_A;
import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.spec.JobSpec;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submissions at the same moment each get their own job, spec and launch. */
class TestConcurrentSubmissions {
  private static final int SUBMISSIONS = 50;

  @TempDir Path dir;

  @Test
  void fiftyConcurrentSubmissionsYieldFiftyDistinctStoredJobs() throws Exception {
    try (TestingApi api = TestingApi.start(dir)) {
      ExecutorService clients = Executors.newFixedThreadPool(SUBMISSIONS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < SUBMISSIONS; i++) {
        ObjectNode body = validBody();
        body.put("name", "concurrent-" + i);
        answers.add(
            clients.submit(
                () -> {
                  go.await();
                  return api.submit(body);
                }));
      }

      go.countDown();
      Set<String> jobIds = new HashSet<>();
      Set<String> names = new HashSet<>();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String jobId = json(response).get("job_id").asText();
        jobIds.add(jobId);
        JobSpec spec = api.spec(jobId);
        assertThat(spec.jobId()).isEqualTo(jobId);
        names.add(spec.request().name());
      }

      clients.shutdown();
      JsonNode listed =
          json(api.get("/v1/augmentation?project_id=" + PROJECT_A + "&limit=100", KEY_A));
      assertThat(jobIds).hasSize(SUBMISSIONS);
      assertThat(names).hasSize(SUBMISSIONS);
      assertThat(api.launches.launches).hasSize(SUBMISSIONS);
      assertThat(api.launches.launches.stream().map(l -> l.spec().jobId()))
          .containsExactlyInAnyOrderElementsOf(jobIds);
      assertThat(listed.get("data")).hasSize(SUBMISSIONS);
    }
  }
}
