package dev.robotaug.api;

import static dev.robotaug.api.TestingApi.KEY_A;
import static dev.robotaug.api.TestingApi.validBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotaug.spec.SpecJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance through {@code scripts/serve}: the server it starts takes a valid request, the job
 * (the testing stand-in, in a child JVM) runs to {@code succeeded} on a local dataset and GET shows
 * its output; a missing dataset ends {@code failed} naming it. The script is given this JVM's
 * classpath so that it builds nothing.
 */
class TestServeScript {
  private static final Pattern LISTENING =
      Pattern.compile("ApiServer - Listening on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void serverStartedByTheScriptRunsJobsToTheirEnd() throws Exception {
    Path config = dir.resolve("api.json");
    Files.writeString(
        config, SpecJson.write(TestingApi.config(dir, TestLocalJobLauncher.LAUNCHER)));
    Path dataset = Files.createDirectories(dir.resolve("input/pusht"));
    ProcessBuilder builder =
        new ProcessBuilder("scripts/serve", "--port", "0", "--config", config.toString())
            .redirectErrorStream(true);
    builder.environment().put("ROBOTAUG_CLASSPATH", System.getProperty("java.class.path"));
    Process server = builder.start();
    List<String> output = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> read(server, output, port), "serve-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String base = "http://127.0.0.1:" + port.get(180, TimeUnit.SECONDS);

      HttpResponse<String> accepted = submit(base, dataset.toUri().toString());
      String jobId = TestingApi.json(accepted).get("job_id").asText();
      JsonNode done = awaitFinished(base, jobId);
      String missing = dir.resolve("input/absent").toUri().toString();
      JsonNode failed =
          awaitFinished(base, TestingApi.json(submit(base, missing)).get("job_id").asText());

      assertThat(accepted.statusCode()).isEqualTo(200);
      assertThat(TestingApi.json(accepted).get("status").asText()).isEqualTo("queued");
      JsonNode spec =
          TestingApi.JSON.readTree(dir.resolve("store/jobs/" + jobId + "/spec.json").toFile());
      assertThat(spec.get("request").size()).isEqualTo(42);
      assertThat(spec.get("request").get("augment_copies").asInt()).isEqualTo(3);
      assertThat(done.get("status").asText()).isEqualTo("succeeded");
      assertThat(done.get("output").asText()).endsWith("/datasets/" + jobId);
      assertThat(dir.resolve("datasets/" + jobId + "/SUCCESS")).exists();
      assertThat(failed.get("status").asText()).isEqualTo("failed");
      assertThat(failed.get("error").asText()).contains(missing);
      assertThat(String.join("\n", output)).doesNotContain(KEY_A);
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("server stopped").isTrue();
    }
  }

  private HttpResponse<String> submit(String base, String datasetId) throws Exception {
    ObjectNode body = validBody();
    body.put("dataset_id", datasetId);
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/augmentation"))
            .header("x-api-key", KEY_A)
            .POST(HttpRequest.BodyPublishers.ofString(TestingApi.write(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitFinished(String base, String jobId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    while (true) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/augmentation/" + jobId))
                  .header("x-api-key", KEY_A)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode job = TestingApi.json(response);
      String status = job.get("status").asText();
      if (List.of("succeeded", "failed", "cancelled").contains(status)
          || Instant.now().isAfter(deadline)) {
        return job;
      }

      Thread.sleep(100);
    }
  }

  private static void read(Process server, List<String> output, CompletableFuture<Integer> port) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.add(line);
        Matcher listening = LISTENING.matcher(line);
        if (listening.find()) {
          port.complete(Integer.parseInt(listening.group(1)));
        }
      }

      port.completeExceptionally(new IllegalStateException("Server ended: " + output));
    } catch (Exception e) {
      port.completeExceptionally(e);
    }
  }
}
