package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.JobStatus;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@value #SUBMISSIONS} submissions at the same moment from one key, limited to a burst of {@value
 * #BURST} by its rate limit, into a launcher with room for {@value #ROOM} waiting jobs: every
 * answer is a 200, a 429 or a 503, and no job is lost. Lost means a 200 whose job has no spec or
 * status in storage or was never handed to the launcher, or a stored job whose id no client got.
 */
class TestSubmissionBurst {
  static final int SUBMISSIONS = 200;
  static final int BURST = 120;
  static final int ROOM = 90;

  @TempDir Path dir;

  @Test
  void aBurstOfSubmissionsIsAcceptedOrCleanlyRefusedAndNoJobIsLost() throws Exception {
    BoundedLauncher launcher = new BoundedLauncher(ROOM);
    ApiConfig config =
        TestingApi.config(dir, null).withRateLimit(new ApiConfig.RateLimitConfig(1.0, BURST));
    Map<Integer, Integer> statuses = new TreeMap<>();
    Set<String> acceptedIds = new HashSet<>();
    List<String> problems = new ArrayList<>();
    try (TestingApi api = TestingApi.start(config, store -> launcher)) {
      ExecutorService clients = Executors.newFixedThreadPool(SUBMISSIONS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < SUBMISSIONS; i++) {
        ObjectNode body = validBody();
        body.put("name", "burst-" + i);
        answers.add(
            clients.submit(
                () -> {
                  go.await();
                  return api.submit(body);
                }));
      }

      go.countDown();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        statuses.merge(response.statusCode(), 1, Integer::sum);
        check(response, acceptedIds, problems);
      }

      clients.shutdown();
      Set<String> stored = storedJobs();
      long withoutSpec = acceptedIds.stream().filter(id -> !complete(api, id)).count();
      long withoutId = stored.stream().filter(id -> !acceptedIds.contains(id)).count();
      Set<String> launched = new HashSet<>(launcher.launched);
      long notLaunched = acceptedIds.stream().filter(id -> !launched.contains(id)).count();
      long lost = withoutSpec + withoutId + notLaunched;
      System.out.printf(
          Locale.ROOT,
          "Burst: %d submissions, accepted %d, 429 %d, 503 %d, other %d;"
              + " jobs lost %d (accepted without spec/status %d, not launched %d,"
              + " stored without an id %d)%n",
          SUBMISSIONS,
          statuses.getOrDefault(200, 0),
          statuses.getOrDefault(429, 0),
          statuses.getOrDefault(503, 0),
          SUBMISSIONS
              - statuses.getOrDefault(200, 0)
              - statuses.getOrDefault(429, 0)
              - statuses.getOrDefault(503, 0),
          lost,
          withoutSpec,
          notLaunched,
          withoutId);

      assertThat(problems).isEmpty();
      assertThat(statuses.keySet()).isSubsetOf(200, 429, 503);
      assertThat(statuses.get(429)).as("beyond the key's burst").isGreaterThan(0);
      assertThat(statuses.get(503)).as("beyond the launcher's room").isGreaterThan(0);
      assertThat(statuses.get(200)).as("the launcher's room, reserved atomically").isEqualTo(ROOM);
      assertThat(lost).isZero();
      assertThat(stored).isEqualTo(acceptedIds);
      assertThat(launcher.launched).hasSize(acceptedIds.size());
    }
  }

  private static void check(
      HttpResponse<String> response, Set<String> accepted, List<String> problems) {
    int status = response.statusCode();
    if (status == 200) {
      String id = json(response).get("job_id").asText();
      if (!accepted.add(id)) {
        problems.add("job id given twice: " + id);
      }

      return;
    }

    boolean retryAfter = response.headers().firstValue("Retry-After").isPresent();
    boolean detail = json(response).path("detail").isTextual();
    if ((status != 429 && status != 503) || !retryAfter || !detail) {
      problems.add(status + " " + response.headers().map() + " " + response.body());
    }
  }

  private static boolean complete(TestingApi api, String jobId) {
    try {
      JobSpec spec = api.server.store().readSpec(jobId).orElse(null);
      JobStatus status = api.server.store().readStatus(jobId).orElse(null);
      return spec != null && status != null && spec.jobId().equals(status.jobId());
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private Set<String> storedJobs() throws java.io.IOException {
    Path jobs = dir.resolve("store/jobs");
    if (!Files.isDirectory(jobs)) {
      return Set.of();
    }

    try (Stream<Path> folders = Files.list(jobs)) {
      return new HashSet<>(folders.map(p -> p.getFileName().toString()).toList());
    }
  }

  /** Takes jobs while it has room; they never leave, as if none finished during the burst. */
  static final class BoundedLauncher implements JobLauncher {
    final List<String> launched = new CopyOnWriteArrayList<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final int room;

    BoundedLauncher(int room) {
      this.room = room;
    }

    @Override
    public boolean reserve() {
      if (waiting.incrementAndGet() <= room) {
        return true;
      }

      waiting.decrementAndGet();
      return false;
    }

    @Override
    public void release() {
      waiting.decrementAndGet();
    }

    @Override
    public void launch(JobSpec spec, String specUri) {
      launched.add(spec.jobId());
    }
  }
}
