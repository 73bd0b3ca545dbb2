package dev.robotaug.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.JobStore;
import dev.robotaug.spec.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real API server on 127.0.0.1 with a free port and its storage in a test folder, plus an HTTP
 * client. Two keys: {@link #KEY_A} may use {@link #PROJECT_A} only, {@link #KEY_B} {@link
 * #PROJECT_B} only.
 */
final class TestingApi implements AutoCloseable {
  static final String PROJECT_A = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";
  static final String PROJECT_B = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
  static final String KEY_A = "test-key-a-7f3e91c2d4b5a6f8";
  static final String KEY_B = "test-key-b-0c1d2e3f4a5b6c7d";
  static final ObjectMapper JSON = SpecJson.mapper();

  /** Far above what any test sends, so that only the rate-limit tests meet a 429. */
  static final ApiConfig.RateLimitConfig GENEROUS_RATE_LIMIT =
      new ApiConfig.RateLimitConfig(10_000.0, 10_000);

  final Path dir;
  final ApiServer server;
  final RecordingLauncher launches;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestingApi(Path dir, ApiServer server, RecordingLauncher launches) {
    this.dir = dir;
    this.server = server;
    this.launches = launches;
  }

  /** A server whose launcher only records what it was asked to start. */
  static TestingApi start(Path dir) throws IOException {
    RecordingLauncher launches = new RecordingLauncher();
    return new TestingApi(dir, ApiServer.start(config(dir, null), store -> launches), launches);
  }

  /** A server with a configuration of the test's own. */
  static TestingApi start(Path dir, ApiConfig config) throws IOException {
    return new TestingApi(dir, ApiServer.start(config), null);
  }

  /** A server with the real launcher its configuration names. */
  static TestingApi start(Path dir, ApiConfig.LauncherConfig launcher) throws IOException {
    ApiConfig config = config(dir, launcher);
    return new TestingApi(dir, ApiServer.start(config), null);
  }

  static TestingApi start(Path dir, Function<JobStore, JobLauncher> launcher) throws IOException {
    return new TestingApi(dir, ApiServer.start(config(dir, null), launcher), null);
  }

  /** A server with its own configuration and a launcher that records. */
  static TestingApi start(ApiConfig config) throws IOException {
    RecordingLauncher launches = new RecordingLauncher();
    return new TestingApi(dirOf(config), ApiServer.start(config, store -> launches), launches);
  }

  /** A server with its own configuration and launcher. */
  static TestingApi start(ApiConfig config, Function<JobStore, JobLauncher> launcher)
      throws IOException {
    return new TestingApi(dirOf(config), ApiServer.start(config, launcher), null);
  }

  private static Path dirOf(ApiConfig config) {
    return Path.of(URI.create(config.storageRoot())).getParent();
  }

  static ApiConfig config(Path dir, ApiConfig.LauncherConfig launcher) {
    return new ApiConfig(
        "127.0.0.1",
        0,
        dir.resolve("store").toUri().toString(),
        dir.resolve("datasets").toUri().toString(),
        List.of("file", "s3a"),
        Map.of(),
        List.of(
            new ApiConfig.KeyConfig("team-a", ApiKeys.sha256Hex(KEY_A), List.of(PROJECT_A)),
            new ApiConfig.KeyConfig("team-b", ApiKeys.sha256Hex(KEY_B), List.of(PROJECT_B))),
        GENEROUS_RATE_LIMIT,
        launcher,
        Map.of("cpu", Map.of("spark.executor.cores", "2")));
  }

  /** The smallest valid body: project A, a Hub dataset. */
  static ObjectNode validBody() {
    ObjectNode body = JSON.createObjectNode();
    body.put("project_id", PROJECT_A);
    body.put("dataset_id", "lerobot/pusht");
    return body;
  }

  HttpResponse<String> submit(Object body) {
    return post("/v1/augmentation", body instanceof String s ? s : write(body), KEY_A);
  }

  HttpResponse<String> post(String path, String body, String key) {
    HttpRequest.Builder request =
        request(path, key)
            .header("Content-Type", "application/json")
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return send(request.build());
  }

  HttpResponse<String> get(String path, String key) {
    return send(request(path, key).GET().build());
  }

  JobSpec spec(String jobId) throws IOException {
    return server.store().readSpec(jobId).orElseThrow();
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse response: " + response.body(), e);
    }
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }

  HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header(AugmentationApi.KEY_HEADER, key);
    }

    return request;
  }

  /** Sends a request made elsewhere, on this client's kept-alive connections. */
  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A launcher that records each launch and starts nothing. */
  static final class RecordingLauncher implements JobLauncher {
    record Launch(JobSpec spec, String specUri) {}

    final List<Launch> launches = new CopyOnWriteArrayList<>();

    @Override
    public void launch(JobSpec spec, String specUri) {
      launches.add(new Launch(spec, specUri));
    }
  }
}
