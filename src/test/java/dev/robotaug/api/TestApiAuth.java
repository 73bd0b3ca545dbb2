package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.KEY_A;
import static dev.robotaug.api.TestingApi.KEY_B;
import static dev.robotaug.api.TestingApi.PROJECT_A;
import static dev.robotaug.api.TestingApi.PROJECT_B;
import static dev.robotaug.api.TestingApi.json;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication and authorisation: 401 without or with a wrong key, 403 for another project's id,
 * in FastAPI's order (401, then 422, then 403, then 400), and no key ever in a log line or a
 * response.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestApiAuth {
  private static final String WRONG_KEY = "wrong-key-9d8c7b6a5f4e3d2c";

  private Path dir;
  private TestingApi api;
  private CapturingAppender logs;

  @BeforeAll
  void start(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    logs = CapturingAppender.attach();
    api = TestingApi.start(dir);
  }

  @AfterAll
  void stop() {
    api.close();
    logs.detach();
  }

  @Test
  void missingKeyIs401WithTheDocumentedBody() throws Exception {
    long before = jobsStored();
    HttpResponse<String> response =
        api.post("/v1/augmentation", TestingApi.write(validBody()), null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body())
        .isEqualTo("{\"detail\":\"Not authenticated: missing x-api-key header\"}");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("APIKey");
    assertThat(jobsStored()).isEqualTo(before);
  }

  @Test
  void wrongKeyIs401WithTheDocumentedBody() throws Exception {
    long before = jobsStored();
    HttpResponse<String> response =
        api.post("/v1/augmentation", TestingApi.write(validBody()), WRONG_KEY);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("{\"detail\":\"Not authenticated: invalid API key\"}");
    assertThat(jobsStored()).isEqualTo(before);
  }

  @Test
  void keyOfAnotherProjectIs403WithTheDocumentedBody() throws Exception {
    long before = jobsStored();
    HttpResponse<String> response =
        api.post("/v1/augmentation", TestingApi.write(validBody()), KEY_B);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .isEqualTo(
            "{\"detail\":\"Not allowed: this API key may not use project " + PROJECT_A + "\"}");
    assertThat(jobsStored()).isEqualTo(before);
  }

  @Test
  void uppercaseProjectIdIsAuthorisedAsItsCanonicalForm() {
    ObjectNode body = validBody();
    body.put("project_id", PROJECT_B.toUpperCase(java.util.Locale.ROOT));

    HttpResponse<String> response = api.post("/v1/augmentation", TestingApi.write(body), KEY_B);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void checksComeInFastApiOrder() {
    ObjectNode invalid = validBody();
    invalid.put("project_id", PROJECT_B);
    invalid.put("augment_copies", 99);
    ObjectNode generative = validBody();
    generative.put("project_id", PROJECT_B);
    generative.put("augmentation_type", "generative");

    int withoutKey = api.post("/v1/augmentation", TestingApi.write(invalid), null).statusCode();
    int schemaBeforeProject =
        api.post("/v1/augmentation", TestingApi.write(invalid), KEY_A).statusCode();
    int projectBeforeRules =
        api.post("/v1/augmentation", TestingApi.write(generative), KEY_A).statusCode();
    int rules = api.post("/v1/augmentation", TestingApi.write(generative), KEY_B).statusCode();

    assertThat(List.of(withoutKey, schemaBeforeProject, projectBeforeRules, rules))
        .containsExactly(401, 422, 403, 400);
  }

  @Test
  void everyJobEndpointNeedsAKey() {
    String job = "/v1/augmentation/" + UUID.randomUUID();

    assertThat(api.get(job, null).statusCode()).isEqualTo(401);
    assertThat(api.get("/v1/augmentation?project_id=" + PROJECT_A, null).statusCode())
        .isEqualTo(401);
    assertThat(api.post(job + "/cancel", "", null).statusCode()).isEqualTo(401);
    assertThat(api.get(job, WRONG_KEY).statusCode()).isEqualTo(401);
  }

  @Test
  void listingAnotherProjectIs403() {
    HttpResponse<String> response = api.get("/v1/augmentation?project_id=" + PROJECT_B, KEY_A);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json(response).get("detail").asText())
        .isEqualTo("Not allowed: this API key may not use project " + PROJECT_B);
  }

  @Test
  void keysNeverAppearInLogsOrResponses() {
    List<HttpResponse<String>> responses = new ArrayList<>();
    responses.add(api.submit(validBody()));
    String jobId = json(responses.get(0)).get("job_id").asText();
    responses.add(api.post("/v1/augmentation", TestingApi.write(validBody()), WRONG_KEY));
    responses.add(api.post("/v1/augmentation", TestingApi.write(validBody()), KEY_B));
    responses.add(api.post("/v1/augmentation", "{broken", KEY_A));
    responses.add(api.get("/v1/augmentation/" + jobId, KEY_A));
    responses.add(api.get("/v1/augmentation/" + jobId, KEY_B));
    responses.add(api.get("/v1/augmentation?project_id=" + PROJECT_A, KEY_A));
    responses.add(api.post("/v1/augmentation/" + jobId + "/cancel", "", KEY_A));

    List<String> secrets =
        List.of(
            KEY_A,
            KEY_B,
            WRONG_KEY,
            ApiKeys.sha256Hex(KEY_A),
            ApiKeys.sha256Hex(KEY_B),
            ApiKeys.sha256Hex(WRONG_KEY));
    String logText = String.join("\n", logs.lines());
    assertThat(logs.lines()).as("the capture works").hasSizeGreaterThan(8);
    assertThat(logText).contains("Job " + jobId + " queued").contains("unknown API key");
    for (String secret : secrets) {
      assertThat(logText).doesNotContain(secret);
      for (HttpResponse<String> response : responses) {
        assertThat(response.body()).doesNotContain(secret);
        assertThat(response.headers().map().toString()).doesNotContain(secret);
      }
    }
  }

  @Test
  void hashOfAKeyIsItsSha256Hex() {
    assertThat(ApiKeys.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  private long jobsStored() throws Exception {
    Path jobs = dir.resolve("store/jobs");
    if (!Files.isDirectory(jobs)) {
      return 0;
    }

    try (var list = Files.list(jobs)) {
      return list.count();
    }
  }

  /** Collects every log line (and stack trace) of the test JVM at TRACE for our code. */
  static final class CapturingAppender extends AbstractAppender {
    private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Level rootLevel;

    private CapturingAppender() {
      super("capture", null, null, true, Property.EMPTY_ARRAY);
    }

    static CapturingAppender attach() {
      CapturingAppender appender = new CapturingAppender();
      appender.start();
      LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
      Configuration config = context.getConfiguration();
      appender.rootLevel = config.getRootLogger().getLevel();
      config.getRootLogger().addAppender(appender, Level.ALL, null);
      config.getRootLogger().setLevel(Level.INFO);
      context.updateLoggers();
      Configurator.setLevel("dev.robotaug", Level.TRACE);
      Configurator.setLevel("io.javalin", Level.DEBUG);
      return appender;
    }

    void detach() {
      LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
      Configuration config = context.getConfiguration();
      config.getRootLogger().removeAppender(getName());
      config.getRootLogger().setLevel(rootLevel);
      context.updateLoggers();
      stop();
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    @Override
    public void append(LogEvent event) {
      StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
      if (event.getThrown() != null) {
        StringWriter trace = new StringWriter();
        event.getThrown().printStackTrace(new PrintWriter(trace));
        line.append('\n').append(trace);
      }

      lines.add(line.toString());
    }
  }
}
