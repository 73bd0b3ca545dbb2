package dev.robotaug.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.hub.testing.HubDownloads;
import dev.robotaug.hub.testing.TestingHubServer;
import dev.robotaug.hub.testing.TestingHubServer.FaultKind;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.testing.ChildJvm;
import dev.robotaug.testing.OutputDataset;
import dev.robotaug.validate.DatasetValidator;
import dev.robotaug.validate.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/augment --dataset <org>/<name>} (the same main class and classpath, as its own
 * process configured by {@code HF_ENDPOINT}/{@code HF_TOKEN}) against the testing Hub server with
 * 429s, 503s and dropped connections injected: it downloads, augments and uploads, and the uploaded
 * repo, downloaded again, is a valid dataset.
 */
class TestHubJob {
  private static final String SOURCE_REPO = "lerobot-test/synthetic";
  private static final String TOKEN = "hf_alice_job_token";
  private static final String FRONT_VIDEO =
      "videos/observation.images.front/chunk-000/file-000.mp4";

  @TempDir static Path dir;
  private static TestingHubServer server;
  private static Path source;
  private static ChildJvm job;
  private static int exitCode;
  private static String log;
  private static long jobMillis;

  @BeforeAll
  static void runTheCommandAgainstAFlakyHub() {
    server = TestingHubServer.start(dir.resolve("hub"));
    server.addUser("alice", TOKEN);
    server.setMultipartChunkSize(64 * 1024);
    source = dir.resolve("source");
    SyntheticDataset.write(source, SyntheticDataset.Spec.small("av1"));
    server.seed(SOURCE_REPO, source, false, "v3.0");

    server.inject("GET", "/api/datasets/lerobot-test/synthetic/tree/.*", FaultKind.RATE_LIMITED, 2);
    server.inject(
        "GET",
        "/datasets/lerobot-test/synthetic/resolve/.*/data/.*parquet",
        FaultKind.UNAVAILABLE,
        2);
    // The storage URL of one source video: only an executor fetches it.
    server.inject("GET", "/lfs/" + sha256(FRONT_VIDEO), FaultKind.DROP_CONNECTION, 2);
    server.inject("PUT", "/upload/.*", FaultKind.UNAVAILABLE, 2);
    server.inject("POST", "/api/datasets/alice/.*/commit/main", FaultKind.RATE_LIMITED, 1);

    Path work = dir.resolve("work");
    long started = System.nanoTime();
    try {
      Files.createDirectories(work);
      job =
          ChildJvm.start(
              "dev.robotaug.cli.AugmentCommand",
              List.of(
                  "--dataset", SOURCE_REPO, "--set", "augment_copies=1", "--master", "local[2]"),
              Map.of(HubConfig.BACKOFF_KEY, "100"),
              Map.of("HF_ENDPOINT", server.endpoint().toString(), "HF_TOKEN", TOKEN),
              work,
              dir.resolve("job.log"));
      exitCode = job.waitFor(Duration.ofMinutes(8));
      log = job.log();
      // Kept for reading after the run: the temp folder goes away.
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "TestHubJob-job.log"), log);
      Files.writeString(
          Path.of("target", "TestHubJob-requests.txt"),
          String.join("\n", server.requests().stream().map(Object::toString).toList()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    jobMillis = (System.nanoTime() - started) / 1_000_000;
    System.err.printf("[TestHubJob] scripts/augment against the testing Hub: %d ms%n", jobMillis);
  }

  @AfterAll
  static void stopServer() {
    if (job != null) {
      job.close();
    }

    server.close();
  }

  @Test
  void theCommandSucceedsAndNamesTheUploadedRepo() {
    assertThat(exitCode).as("exit code; log:\n%s", tail()).isZero();
    String repo = outputRepo();

    assertThat(repo).matches("alice/synthetic-augmented-[0-9a-f]{8}");
    assertThat(log).contains("hf://datasets/" + repo);
    assertThat(server.isPrivate(repo)).isTrue();
    assertThat(server.tags(repo)).containsEntry("v3.0", server.head(repo));
  }

  @Test
  void retriesOfEveryInjectedFaultShowInTheLog() {
    assertThat(server.pendingFaults()).isZero();
    assertThat(log).contains("answered 429; retry 1 of 5");
    assertThat(log).contains("answered 503; retry 1 of 5");
    assertThat(log)
        .containsPattern("Hub request to download \\S+\\.mp4 .* failed \\(java.io.IOException");
    assertThat(log)
        .containsPattern("Hub request to upload \\S+ \\(\\d+ bytes\\) through LFS answered 503");
    assertThat(server.tokenLeaks()).isZero();
  }

  @Test
  void theUploadedRepoDownloadsToAValidDatasetWithTheSourceEpisodesFirst() {
    String repo = outputRepo();
    Path downloaded = dir.resolve("downloaded");
    HubClient client =
        new HubClient(new HubConfig(server.endpoint(), TOKEN, RetryPolicy.defaults()));

    int files = HubDownloads.downloadAll(client, HubRepoId.parse(repo), "v3.0", downloaded);
    OutputDataset output = new OutputDataset(downloaded);
    OutputDataset original = new OutputDataset(source);

    output.checkInvariants();
    ValidationReport report =
        DatasetValidator.validate(
            dev.robotaug.dataset.Storage.configuration(java.util.Map.of()),
            downloaded.toUri().toString());
    assertThat(report.failures()).as("scripts/validate on the downloaded repo").isEmpty();
    assertThat(files).isGreaterThan(8);
    assertThat(output.dataset().episodes()).hasSize(10);
    for (String camera : output.dataset().info().videoKeys()) {
      assertThat(output.frameHashes(0, camera)).isEqualTo(original.frameHashes(0, camera));
    }

    String card = new String(server.read(repo, "README.md"), StandardCharsets.UTF_8);
    assertThat(card)
        .startsWith("---\n")
        .contains("configs:", "data_files: data/*/*.parquet", "LeRobot");
    assertThat(server.commitSizes(repo)).allMatch(size -> size <= 100);
    assertThat(server.read(repo, "_SUCCESS")).isNull();
  }

  @Test
  void executorsFetchTheVideoFilesAndTheDriverOnlyTabularFiles() {
    List<String> fetched = log.lines().filter(line -> line.contains("HubMirror: Fetched")).toList();

    assertThat(fetched)
        .filteredOn(line -> line.contains(" videos/"))
        .hasSizeGreaterThanOrEqualTo(2);
    // The driver reads meta/ and the first data file's schema; every video comes to an executor.
    assertThat(fetched)
        .filteredOn(line -> line.contains(" videos/"))
        .allMatch(line -> line.contains("Executor task launch worker"));
    assertThat(fetched)
        .filteredOn(line -> line.contains(" meta/"))
        .hasSizeGreaterThanOrEqualTo(3)
        .noneMatch(line -> line.contains("Executor task launch worker"));
  }

  private static String sha256(String path) {
    try {
      byte[] bytes = Files.readAllBytes(source.resolve(path));
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String outputRepo() {
    return server.repoIds().stream()
        .filter(id -> id.startsWith("alice/"))
        .findFirst()
        .orElseThrow();
  }

  private static String tail() {
    return log.length() < 6000 ? log : log.substring(log.length() - 6000);
  }
}
