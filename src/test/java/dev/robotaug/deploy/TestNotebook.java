package dev.robotaug.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.robotaug.job.AugmentJob;
import dev.robotaug.job.JobListener;
import dev.robotaug.job.SparkSessions;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.LocalCluster;
import dev.robotaug.testing.Notebooks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notebooks/augment-over-rest.ipynb} executes headless from the first cell to the last: it
 * submits a job over REST, follows it to {@code succeeded}, and shows the previews and a
 * before/after frame pair read from the output dataset.
 */
class TestNotebook {
  private static final Path NOTEBOOK = Path.of("notebooks/augment-over-rest.ipynb");
  private static final String KEY = "robotaug-local-dev-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * Against a stand-in for the API that answers as the contract says (201 with a job id, then the
   * job resource going queued, running, succeeded) for a job that really ran: the notebook's REST
   * calls, its polling and its reading of the output dataset are the real ones.
   */
  @Test
  void notebookRunsHeadlessAgainstAnApiThatReplaysARealJob() throws Exception {
    Path source = dir.resolve("source");
    Path output = dir.resolve("output");
    SyntheticDataset.write(source, SyntheticDataset.Spec.small("av1"));
    runJob(source, output);
    List<String> calls = new ArrayList<>();
    HttpServer api = replayingApi(output, calls);
    try {
      Notebooks.Run run =
          Notebooks.execute(
              NOTEBOOK,
              dir.resolve("executed.ipynb"),
              Map.of(
                  "ROBOTAUG_API",
                  "http://127.0.0.1:" + api.getAddress().getPort(),
                  "ROBOTAUG_API_KEY",
                  KEY,
                  "ROBOTAUG_DATASET",
                  source.toString(),
                  "ROBOTAUG_TIMEOUT_S",
                  "60"));

      assertThat(run.exit()).as(run.log()).isZero();
      String outputs = outputsOf(run.executed());
      assertThat(outputs)
          .contains(
              "succeeded", "cameras: ['observation.images.front', 'observation.images.wrist']")
          .containsPattern(
              "episode 0 \\(source\\) vs episode 5 \\(copy\\), .* mean absolute difference")
          .contains("image/png");
      assertThat(calls.get(0)).isEqualTo("POST /v1/augmentation " + source.toRealPath());
      assertThat(calls.subList(1, calls.size()))
          .allMatch(c -> c.startsWith("GET /v1/augmentation/"));
      assertThat(calls).hasSizeGreaterThanOrEqualTo(4);
    } finally {
      api.stop(0);
    }
  }

  /**
   * Against the real API server ({@code scripts/serve}) with its local launcher. Enable once the
   * REST API is on this branch; it needs nothing else.
   */
  @Test
  void notebookRunsHeadlessAgainstTheApiServer() throws Exception {
    Path config = dir.resolve("api.json");
    JsonNode defaults = JSON.readTree(Path.of("conf/api.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) defaults)
        .put("storage_root", dir.resolve("store").toString())
        .put("output_root", dir.resolve("datasets").toString());
    Files.writeString(config, defaults.toString());
    int port = 18_000 + (int) (ProcessHandle.current().pid() % 1000);
    Process server =
        new ProcessBuilder(
                "scripts/serve", "--port", String.valueOf(port), "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    try {
      awaitServer(port, dir.resolve("server.log"));
      Notebooks.Run run =
          Notebooks.execute(
              NOTEBOOK,
              dir.resolve("executed.ipynb"),
              Map.of(
                  "ROBOTAUG_API",
                  "http://127.0.0.1:" + port,
                  "ROBOTAUG_API_KEY",
                  KEY,
                  "ROBOTAUG_DATASET",
                  Path.of("data/sample").toAbsolutePath().toUri().toString()));

      assertThat(run.exit())
          .as(run.log() + "\n" + LocalCluster.tail(dir.resolve("server.log"), 40))
          .isZero();
      assertThat(outputsOf(run.executed())).contains("succeeded", "mean absolute difference");
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** Waits until the server answers {@code /openapi.json}; scripts/serve may build first. */
  private static void awaitServer(int port, Path log) throws InterruptedException {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/openapi.json"))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline) {
      try {
        if (client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }

      Thread.sleep(250);
    }

    throw new AssertionError("API server did not start: " + LocalCluster.tail(log, 40));
  }

  private static void runJob(Path source, Path output) {
    SparkSession spark = SparkSessions.create("local[2]", "notebook");
    try {
      JobSpec spec =
          new JobSpec(
              "notebook-job",
              Instant.now(),
              5L,
              source.toUri().toString(),
              output.toUri().toString(),
              null,
              null,
              SpecJson.read(
                  "{\"augment_transforms\":\"lighting,noise\",\"augment_copies\":2}",
                  AugmentationRequest.class));
      new AugmentJob(spark, spec, JobListener.NONE).execute();
    } finally {
      spark.stop();
    }
  }

  /** The contract's create and get calls for one job that already ran and wrote {@code output}. */
  private static HttpServer replayingApi(Path output, List<String> calls) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String jobId = "3b0c54d2-7c0f-4f6e-9d4e-2f1a6b8c9d10";
    AtomicInteger polls = new AtomicInteger();
    server.createContext(
        "/v1/augmentation",
        exchange -> {
          if (!KEY.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
            reply(exchange, 401, "{\"detail\":\"Invalid or missing API key\"}");
            return;
          }

          if (exchange.getRequestMethod().equals("POST")) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            calls.add("POST /v1/augmentation " + body.path("dataset_id").asText());
            reply(
                exchange,
                201,
                "{\"job_id\":\"" + jobId + "\",\"status\":\"queued\",\"message\":null}");
            return;
          }

          calls.add("GET " + exchange.getRequestURI().getPath());
          int poll = polls.getAndIncrement();
          String state = poll == 0 ? "queued" : poll == 1 ? "running" : "succeeded";
          String progress = poll == 0 ? "0/0" : poll == 1 ? "4/10" : "10/10";
          reply(
              exchange,
              200,
              JSON.createObjectNode()
                  .put("job_id", jobId)
                  .put("status", state)
                  .put("progress", progress)
                  .put("output", output.toUri().toString())
                  .put("message", state.equals("succeeded") ? "Augmented 5 episodes into 15" : null)
                  .putNull("error")
                  .toString());
        });
    server.start();
    return server;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** Every cell output of an executed notebook as one text. */
  private static String outputsOf(Path executed) throws IOException {
    StringBuilder text = new StringBuilder();
    for (JsonNode cell : JSON.readTree(executed.toFile()).path("cells")) {
      for (JsonNode out : cell.path("outputs")) {
        text.append(out.toString()).append('\n');
      }
    }

    return text.toString();
  }
}
