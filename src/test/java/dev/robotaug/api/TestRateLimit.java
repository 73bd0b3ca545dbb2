package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.KEY_A;
import static dev.robotaug.api.TestingApi.KEY_B;
import static dev.robotaug.api.TestingApi.PROJECT_A;
import static dev.robotaug.api.TestingApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.spec.JobStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-key token bucket: 429 with Retry-After beyond it, configured globally or per key. */
class TestRateLimit {
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dir;

  @Test
  void bucketLetsTheBurstThroughThenOneRequestPerRefill() {
    AtomicLong now = new AtomicLong(5 * SECOND);
    RateLimiter limiter = new RateLimiter(now::get);
    ApiKeys.Key key = key("k", 2.0, 3);

    assertThat(limiter.acquire(key)).isZero();
    assertThat(limiter.acquire(key)).isZero();
    assertThat(limiter.acquire(key)).isZero();
    assertThat(limiter.acquire(key)).isEqualTo(SECOND / 2);

    now.addAndGet(SECOND / 4);
    assertThat(limiter.acquire(key)).isEqualTo(SECOND / 4);
    now.addAndGet(SECOND / 4);
    assertThat(limiter.acquire(key)).isZero();
    assertThat(limiter.acquire(key)).isEqualTo(SECOND / 2);

    now.addAndGet(60 * SECOND);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire(key)).as("refilled up to the burst, not beyond").isZero();
    }

    assertThat(limiter.acquire(key)).isPositive();
  }

  @Test
  void eachKeyHasItsOwnBucket() {
    RateLimiter limiter = new RateLimiter(() -> 0L);
    ApiKeys.Key first = key("first", 1.0, 1);
    ApiKeys.Key second = key("second", 1.0, 1);

    assertThat(limiter.acquire(first)).isZero();
    assertThat(limiter.acquire(first)).isPositive();
    assertThat(limiter.acquire(second)).isZero();
  }

  @Test
  void requestsBeyondTheKeysLimitAre429WithRetryAfterWhileOtherKeysGoOn() throws Exception {
    ApiConfig base = TestingApi.config(dir, null);
    ApiConfig config =
        new ApiConfig(
            base.host(),
            base.port(),
            base.storageRoot(),
            base.outputRoot(),
            base.allowedDatasetSchemes(),
            base.hadoop(),
            List.of(
                base.apiKeys().get(0),
                new ApiConfig.KeyConfig(
                    "team-b",
                    ApiKeys.sha256Hex(KEY_B),
                    List.of(TestingApi.PROJECT_B),
                    new ApiConfig.RateLimitConfig(100.0, 100))),
            new ApiConfig.RateLimitConfig(0.1, 2),
            null,
            base.computeProfiles());
    try (TestingApi api = TestingApi.start(config)) {
      String list = "/v1/augmentation?project_id=" + PROJECT_A;
      assertThat(api.submit(TestingApi.validBody()).statusCode()).isEqualTo(200);
      assertThat(api.get(list, KEY_A).statusCode()).isEqualTo(200);

      HttpResponse<String> limited = api.submit(TestingApi.validBody());
      HttpResponse<String> limitedRead = api.get(list, KEY_A);
      HttpResponse<String> otherKey = api.get(list, KEY_B);
      HttpResponse<String> noKey = api.get(list, null);

      assertThat(limited.statusCode()).isEqualTo(429);
      String retryAfter = limited.headers().firstValue("Retry-After").orElseThrow();
      assertThat(Integer.parseInt(retryAfter)).isBetween(1, 10);
      assertThat(json(limited).get("detail").asText())
          .isEqualTo(
              "Too many requests: this API key may send 0.1 requests per second, 2 at once;"
                  + " retry after "
                  + retryAfter
                  + " s");
      assertThat(limitedRead.statusCode()).isEqualTo(429);
      assertThat(otherKey.statusCode()).as("key B has its own limit").isEqualTo(403);
      assertThat(noKey.statusCode()).as("401 before any bucket").isEqualTo(401);
      assertThat(api.launches.launches).hasSize(1);
    }
  }

  @Test
  void rateLimitIsReadFromTheConfigGloballyAndPerKey() throws Exception {
    String hash = "c".repeat(64);
    ApiConfig config =
        load(
            "{\"storage_root\": \"s\", \"output_root\": \"o\","
                + " \"rate_limit\": {\"requests_per_second\": 5, \"burst\": 10},"
                + " \"api_keys\": [{\"name\": \"ops\", \"sha256\": \""
                + hash
                + "\", \"projects\": [\"*\"]}, {\"name\": \"ci\", \"sha256\": \""
                + hash.replace('c', 'd')
                + "\", \"projects\": [\"*\"],"
                + " \"rate_limit\": {\"requests_per_second\": 0.2, \"burst\": 1}}]}");

    assertThat(config.rateLimit()).isEqualTo(new ApiConfig.RateLimitConfig(5.0, 10));
    assertThat(config.rateLimitOf(config.apiKeys().get(0))).isEqualTo(config.rateLimit());
    assertThat(config.rateLimitOf(config.apiKeys().get(1)))
        .isEqualTo(new ApiConfig.RateLimitConfig(0.2, 1));
    assertThat(ApiConfig.load(Path.of("conf", "api.json")).rateLimit())
        .isEqualTo(new ApiConfig.RateLimitConfig(20.0, 40));
  }

  @Test
  void badRateLimitsAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new ApiConfig.RateLimitConfig(0.0, 5))
        .hasMessageContaining("Invalid rate_limit.requests_per_second: 0.0");
    assertThatThrownBy(() -> new ApiConfig.RateLimitConfig(Double.POSITIVE_INFINITY, 5))
        .hasMessageContaining("requests_per_second");
    assertThatThrownBy(() -> new ApiConfig.RateLimitConfig(1.0, 0))
        .hasMessageContaining("Invalid rate_limit.burst: 0");
    assertThatThrownBy(() -> new ApiConfig.RateLimitConfig(1.0, null))
        .hasMessageContaining("needs requests_per_second and burst");
  }

  @Test
  void processesReservePlacesUntilTheConfiguredNumberOfJobsWait() throws Exception {
    try (JobStore store = JobStore.open(dir.resolve("store").toUri().toString());
        JobProcesses processes = new JobProcesses(store, 1, 2, Clock.systemUTC())) {
      for (String job : List.of("j1", "j2", "j3")) {
        Files.createDirectories(store.localJobDir(job).orElseThrow());
      }

      assertThat(processes.reserve()).isTrue();
      processes.start("j1", List.of("sleep", "5"), Map.of(), false);
      long deadline = System.nanoTime() + 10 * SECOND;
      while (processes.waiting() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertThat(processes.waiting()).as("j1 took the only slot").isZero();
      assertThat(processes.reserve()).isTrue();
      processes.start("j2", List.of("true"), Map.of(), false);
      assertThat(processes.reserve()).isTrue();
      assertThat(processes.reserve()).as("two wait or hold a place").isFalse();
      processes.release();
      assertThat(processes.reserve()).as("a place given back").isTrue();
      processes.start("j3", List.of("true"), Map.of(), false);
      assertThat(processes.waiting()).isEqualTo(2);
      assertThat(processes.reserve()).isFalse();
    }
  }

  private static ApiKeys.Key key(String name, double perSecond, int burst) {
    return new ApiKeys.Key(
        name, new byte[32], java.util.Set.of("*"), new ApiConfig.RateLimitConfig(perSecond, burst));
  }

  private ApiConfig load(String json) throws Exception {
    Path file = dir.resolve("api.json");
    Files.writeString(file, json);
    return ApiConfig.load(file);
  }
}
