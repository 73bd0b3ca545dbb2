package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.KEY_A;
import static dev.robotaug.api.TestingApi.KEY_B;
import static dev.robotaug.api.TestingApi.PROJECT_A;
import static dev.robotaug.api.TestingApi.PROJECT_B;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.api.HostileRequests.Category;
import dev.robotaug.api.HostileRequests.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API fuzzing from a fixed seed: {@value #HOSTILE} hostile or malformed requests of every category
 * of {@link HostileRequests} (wrong types, huge and non-finite numbers, deep nesting, megabyte
 * bodies, control characters and odd Unicode, path traversal, wrong content types, header
 * injection, malformed HTTP and JSON, foreign keys and projects, wrong methods and queries). Each
 * must get a 4xx with the documented body ({@code {"detail": "..."}}, or the list of problems for
 * 422), the status its category expects, and never a 5xx; no presented key may come back or reach a
 * log line, and no hostile request may leave a job or a file behind. After every {@value
 * #VALID_EVERY} hostile requests a valid submission, a read of it and a listing must succeed. The
 * counts are printed.
 */
class TestApiFuzz {
  static final long SEED = 0x5EED_2026_1203L;
  static final int HOSTILE = 1_200;
  static final int VALID_EVERY = 10;

  private static final Pattern STORED_FILE =
      Pattern.compile(
          "store/(jobs/[0-9a-f-]{36}/(spec|status)\\.json"
              + "|projects/[0-9a-f-]{36}/jobs/[0-9]+_[0-9a-f-]{36})");

  @TempDir Path dir;

  @Test
  void hostileRequestsGetA4xxWithTheDocumentedBodyAndValidRequestsKeepSucceeding()
      throws Exception {
    TestApiAuth.CapturingAppender logs = TestApiAuth.CapturingAppender.attach();
    Tally tally = new Tally();
    List<String> failures = new ArrayList<>();
    List<String> secrets = new ArrayList<>(List.of(KEY_A, KEY_B));
    int validJobs = 0;
    try (TestingApi api = TestingApi.start(dir)) {
      String jobOfB = submit(api, PROJECT_B, KEY_B, "job of project B");
      HostileRequests hostile = new HostileRequests(new SplittableRandom(SEED), jobOfB);
      for (int i = 0; i < HOSTILE; i++) {
        Probe probe = hostile.next();
        Answer answer = send(api, probe);
        tally.add(probe.category(), answer.status());
        check(probe, answer, failures);
        if (probe.secret() != null) {
          secrets.add(probe.secret());
        }

        if (i % VALID_EVERY == VALID_EVERY - 1) {
          validJobs += checkValidRequests(api, i, tally, failures);
        }
      }

      tally.print();
      assertThat(failures).as("requests answered otherwise than expected").isEmpty();
      assertThat(tally.serverErrors).as("5xx answers").isZero();
      assertThat(tally.hostile).isEqualTo(HOSTILE);
      assertThat(tally.clientErrors).isEqualTo(HOSTILE);
      assertThat(tally.validOk).isEqualTo(tally.valid).isEqualTo(3 * HOSTILE / VALID_EVERY);
      assertThat(storedJobs()).as("jobs stored").isEqualTo(validJobs + 1);
      assertThat(strayFiles()).as("files outside the job layout").isEmpty();
    } finally {
      logs.detach();
    }

    String logText = String.join("\n", logs.lines());
    assertThat(logs.lines()).hasSizeGreaterThan(HOSTILE);
    for (String secret : secrets) {
      assertThat(logText).as("a presented key in the log").doesNotContain(secret);
      assertThat(logText).doesNotContain(ApiKeys.sha256Hex(secret));
    }
  }

  private record Answer(int status, Map<String, String> headers, String body) {}

  /** Counts per category and in all. */
  private static final class Tally {
    final Map<Category, Map<Integer, Integer>> byCategory = new EnumMap<>(Category.class);
    int hostile;
    int clientErrors;
    int serverErrors;
    int valid;
    int validOk;

    void add(Category category, int status) {
      hostile++;
      byCategory.computeIfAbsent(category, c -> new TreeMap<>()).merge(status, 1, Integer::sum);
      if (status >= 400 && status < 500) {
        clientErrors++;
      } else if (status >= 500) {
        serverErrors++;
      }
    }

    void print() {
      System.out.printf(
          Locale.ROOT,
          "API fuzz (seed %#x): requests sent %d (hostile %d, valid %d), 4xx %d, 5xx %d,"
              + " valid answered 200: %d%n",
          SEED,
          hostile + valid,
          hostile,
          valid,
          clientErrors,
          serverErrors,
          validOk);
      byCategory.forEach(
          (category, statuses) -> System.out.printf("  %-20s %s%n", category, statuses));
    }
  }

  private static void check(Probe probe, Answer answer, List<String> failures) {
    List<String> problems = new ArrayList<>();
    if (!probe.expected().contains(answer.status())) {
      problems.add("status " + answer.status() + ", expected one of " + probe.expected());
    }

    problems.addAll(bodyProblems(answer));
    if (answer.status() == 401 && !"APIKey".equals(answer.headers().get("www-authenticate"))) {
      problems.add("401 without WWW-Authenticate: APIKey");
    }

    if (probe.secret() != null
        && (answer.body().contains(probe.secret())
            || answer.headers().toString().contains(probe.secret()))) {
      problems.add("the presented key came back");
    }

    if (!problems.isEmpty()) {
      failures.add(probe + " -> " + problems + ": " + HostileRequests.abbreviate(answer.body()));
    }
  }

  /** What is wrong with an error body: {@code {"detail": text}}, or problems for 422. */
  static List<String> bodyProblems(Answer answer) {
    JsonNode body;
    try {
      body = TestingApi.JSON.readTree(answer.body());
    } catch (IOException e) {
      return List.of("body is no JSON");
    }

    if (body == null || !body.isObject() || body.size() != 1 || !body.has("detail")) {
      return List.of("body is not {\"detail\": ...}");
    }

    JsonNode detail = body.get("detail");
    if (answer.status() != 422) {
      return detail.isTextual() && !detail.asText().isBlank()
          ? List.of()
          : List.of("detail is no text");
    }

    if (!detail.isArray() || detail.isEmpty()) {
      return List.of("422 detail is no list of problems");
    }

    List<String> problems = new ArrayList<>();
    for (JsonNode problem : detail) {
      boolean shaped =
          problem.path("type").isTextual()
              && problem.path("msg").isTextual()
              && problem.has("input")
              && problem.path("loc").isArray()
              && List.of("body", "query", "path").contains(problem.path("loc").path(0).asText());
      if (!shaped) {
        problems.add("422 problem not shaped as type/loc/msg/input: " + problem);
        break;
      }
    }

    return problems;
  }

  /** A valid submission, a read of it and a listing; returns the jobs it made (1). */
  private static int checkValidRequests(
      TestingApi api, int after, Tally tally, List<String> failures) throws IOException {
    ObjectNode body = validBody();
    String name =
        switch (after / VALID_EVERY % 4) {
          case 0 -> "../../../../etc/passwd";
          case 1 -> "valid \u0000 control \u202e and \ud83e\udd16 after #" + after;
          case 2 -> "C:\\Windows\\..\\" + after;
          default -> "plain " + after;
        };
    body.put("name", name);
    HttpResponse<String> created = api.submit(body);
    tally.valid++;
    String jobId =
        created.statusCode() == 200 ? TestingApi.json(created).get("job_id").asText() : null;
    boolean stored = jobId != null && api.spec(jobId).request().name().equals(name);
    count(tally, failures, "valid submission after #" + after, created, stored);

    HttpResponse<String> read = api.get("/v1/augmentation/" + jobId, KEY_A);
    tally.valid++;
    count(
        tally,
        failures,
        "read after #" + after,
        read,
        read.statusCode() == 200 && TestingApi.json(read).path("name").asText().equals(name));

    HttpResponse<String> listed =
        api.get("/v1/augmentation?project_id=" + PROJECT_A + "&limit=3", KEY_A);
    tally.valid++;
    count(tally, failures, "listing after #" + after, listed, listed.body().contains(jobId));
    return jobId == null ? 0 : 1;
  }

  private static void count(
      Tally tally, List<String> failures, String what, HttpResponse<String> response, boolean ok) {
    if (response.statusCode() == 200 && ok) {
      tally.validOk++;
    } else {
      failures.add(what + " -> " + response.statusCode() + ": " + response.body());
    }
  }

  private static String submit(TestingApi api, String project, String key, String name) {
    ObjectNode body = validBody();
    body.put("project_id", project);
    body.put("name", name);
    HttpResponse<String> response = api.post("/v1/augmentation", TestingApi.write(body), key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestingApi.json(response).get("job_id").asText();
  }

  /** Over the client's kept-alive connections where it can send the probe, else a raw socket. */
  private static Answer send(TestingApi api, Probe probe) {
    if (!probe.fitsHttpClient()) {
      RawHttp.Answer raw = RawHttp.exchange(api.server.port(), probe.bytes());
      return new Answer(raw.status(), raw.headers(), raw.body());
    }

    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.server.port() + probe.target()))
            .timeout(Duration.ofSeconds(30));
    for (String[] header : probe.headers()) {
      request.header(header[0], header[1]);
    }

    request.method(
        probe.method(),
        probe.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(probe.body()));
    HttpResponse<String> response = api.send(request.build());
    Map<String, String> headers = new TreeMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
    return new Answer(response.statusCode(), headers, response.body());
  }

  private long storedJobs() throws IOException {
    try (Stream<Path> jobs = Files.list(dir.resolve("store/jobs"))) {
      return jobs.count();
    }
  }

  private List<String> strayFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> dir.relativize(f).toString())
          .filter(f -> !STORED_FILE.matcher(f).matches())
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
