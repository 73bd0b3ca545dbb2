package dev.robotaug.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.dataset.Storage;
import dev.robotaug.hub.testing.TestingHubServer;
import dev.robotaug.hub.testing.TestingHubServer.FaultKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hub client and uploader against the testing Hub server on loopback. */
class TestHubClient {
  private static final String TOKEN = "hf_alice_token";
  private static final RetryPolicy FAST =
      new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5));

  @TempDir Path dir;
  private TestingHubServer server;
  private HubClient client;
  private Path source;

  @BeforeEach
  void startServer() throws IOException {
    server = TestingHubServer.start(dir.resolve("hub"));
    server.addUser("alice", TOKEN, "robots");
    server.addUser("bob", "hf_bob_token");
    client = new HubClient(new HubConfig(server.endpoint(), TOKEN, FAST));
    source = dir.resolve("source");
    write(source.resolve("meta/info.json"), "{\"codebase_version\":\"v3.0\"}");
    write(source.resolve("README.md"), "# card\n");
    for (int i = 0; i < 4; i++) {
      write(source.resolve("data/chunk-000/file-00" + i + ".parquet"), bytes(3000 + i, i));
    }

    write(source.resolve("videos/front/chunk-000/file-000.mp4"), bytes(50_000, 9));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void listingFollowsEveryLinkPageAndKeepsOnlyFiles() {
    server.seed("robots/private", source, true, "v3.0");
    server.setPageSize(3);

    List<HubFile> files = client.listFiles(HubRepoId.parse("robots/private"), "main");

    // .gitattributes + 7 files; with 5 directories that is 13 entries, 5 pages of 3.
    assertThat(files).hasSize(8);
    assertThat(files).extracting(HubFile::path).contains("videos/front/chunk-000/file-000.mp4");
    assertThat(server.count("GET", "/api/datasets/robots/private/tree/main")).isEqualTo(5);
    HubFile video = files.stream().filter(f -> f.path().endsWith(".mp4")).findFirst().orElseThrow();
    assertThat(video.isLfs()).isTrue();
    assertThat(video.size()).isEqualTo(50_000);
  }

  @Test
  void downloadsFollowTheStorageRedirectWithoutTheTokenAndCheckDigests() throws IOException {
    String commit = server.seed("robots/private", source, true, "v3.0");
    HubRepoId repo = HubRepoId.parse("robots/private");
    HubDatasetInfo info = client.datasetInfo(repo);
    Map<String, HubFile> files = byPath(client.listFiles(repo, info.sha()));

    byte[] video = download(repo, info.sha(), files.get("videos/front/chunk-000/file-000.mp4"));
    byte[] infoJson = download(repo, info.sha(), files.get("meta/info.json"));

    assertThat(info.sha()).isEqualTo(commit);
    assertThat(info.isPrivate()).isTrue();
    assertThat(video).isEqualTo(bytes(50_000, 9));
    assertThat(new String(infoJson, StandardCharsets.UTF_8)).contains("v3.0");
    assertThat(server.count("GET", "/lfs/.*")).isEqualTo(1);
    assertThat(server.tokenLeaks()).isZero();
  }

  @Test
  void errorsAreTypedByStatusWithTheHubErrorCode() {
    server.seed("robots/private", source, true, null);
    HubClient anonymous = new HubClient(new HubConfig(server.endpoint(), null, FAST));
    HubClient bob = new HubClient(new HubConfig(server.endpoint(), "hf_bob_token", FAST));

    assertThatThrownBy(() -> anonymous.datasetInfo(HubRepoId.parse("robots/private")))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(HubException.Kind.UNAUTHORIZED);
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.errorCode()).isEqualTo("RepoNotFound");
            })
        .hasMessageContaining("Cannot read dataset robots/private: HTTP 401 RepoNotFound");
    assertThatThrownBy(() -> bob.datasetInfo(HubRepoId.parse("robots/private")))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> bob.createRepo(HubRepoId.parse("robots/other"), true))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.FORBIDDEN));
    assertThat(client.createRepo(HubRepoId.parse("robots/fresh"), true)).isTrue();
    assertThat(client.createRepo(HubRepoId.parse("robots/fresh"), true)).isFalse();
  }

  @Test
  void rateLimitsAndUnavailableAnswersAreRetriedAsTheServerAsks() {
    server.seed("robots/private", source, true, null);
    server.inject("GET", "/api/datasets/robots/private/tree/.*", FaultKind.RATE_LIMITED, 2);
    server.inject("GET", "/api/datasets/robots/private/tree/.*", FaultKind.UNAVAILABLE, 1);

    long started = System.nanoTime();
    List<HubFile> files = client.listFiles(HubRepoId.parse("robots/private"), "main");
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(files).hasSize(8);
    assertThat(server.pendingFaults()).isZero();
    assertThat(server.count("GET", "/api/datasets/robots/private/tree/main")).isEqualTo(4);
    // Two "Retry-After: 1" waits; the 503 waits only the policy's 10 ms.
    assertThat(millis).isBetween(2000L, 4000L);
  }

  @Test
  void aConnectionDroppedMidDownloadStartsTheFileOver() {
    server.seed("robots/private", source, true, null);
    server.inject("GET", "/lfs/.*", FaultKind.DROP_CONNECTION, 2);
    HubRepoId repo = HubRepoId.parse("robots/private");
    HubFile video =
        byPath(client.listFiles(repo, "main")).get("videos/front/chunk-000/file-000.mp4");

    byte[] bytes = download(repo, "main", video);

    assertThat(bytes).isEqualTo(bytes(50_000, 9));
    assertThat(server.count("GET", "/lfs/.*")).isEqualTo(3);
  }

  @Test
  void aClientWithTooFewTriesGivesUpWithATransportError() {
    server.seed("robots/private", source, true, null);
    server.inject("GET", "/lfs/.*", FaultKind.DROP_CONNECTION, 5);
    HubClient impatient =
        new HubClient(
            new HubConfig(
                server.endpoint(),
                TOKEN,
                new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ZERO)));
    HubRepoId repo = HubRepoId.parse("robots/private");
    HubFile video =
        byPath(client.listFiles(repo, "main")).get("videos/front/chunk-000/file-000.mp4");

    assertThatThrownBy(() -> impatient.download(repo, "main", video, ByteArrayOutputStream::new))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.TRANSPORT))
        .hasMessageContaining("Cannot download videos/front/chunk-000/file-000.mp4");
    assertThat(server.count("GET", "/lfs/.*")).isEqualTo(2);
  }

  @Test
  void uploadCommitsAtMostAHundredFilesAtATimeTagsAndSkipsWhatIsThereOnARerun() throws IOException {
    for (int i = 0; i < 230; i++) {
      write(source.resolve("meta/extra/part-" + i + ".json"), "{\"part\":" + i + "}");
    }

    write(source.resolve("meta/augmentation.json"), "{\"job_id\":\"job-1\"}");
    write(source.resolve("_SUCCESS"), "{}");
    server.setMultipartChunkSize(16_384);
    HubRepoId repo = HubRepoId.parse("robots/augmented");
    HubUploader uploader = new HubUploader(client);
    Configuration conf = Storage.configuration(Map.of());
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(source.toUri());

    HubUploader.Result first =
        uploader.upload(conf, folder, repo, HubUploader.Options.forJob("job-1", "v3.0"));
    long putsAfterFirst = server.count("PUT", "/upload/.*");
    HubUploader.Result second =
        uploader.upload(conf, folder, repo, HubUploader.Options.forJob("job-1", "v3.0"));

    // 230 extra + info + augmentation + README + 4 parquet + 1 mp4 = 238 files, _SUCCESS left out.
    assertThat(first.filesSent()).isEqualTo(238);
    assertThat(first.commits()).isEqualTo(3);
    assertThat(server.commitSizes("robots/augmented")).containsExactly(1, 100, 100, 38);
    assertThat(server.isPrivate("robots/augmented")).isTrue();
    assertThat(server.tags("robots/augmented"))
        .containsEntry("v3.0", server.head("robots/augmented"));
    assertThat(server.read("robots/augmented", "_SUCCESS")).isNull();
    // 4 parquet files in one PUT each, the 50,000-byte video in 4 parts of 16 KiB.
    assertThat(putsAfterFirst).isEqualTo(8);
    assertThat(server.count("POST", "/api/complete_multipart")).isEqualTo(1);
    assertThat(first.lfsBytesSent()).isEqualTo(50_000 + 3000 + 3001 + 3002 + 3003);
    assertThat(second.filesSent()).isZero();
    assertThat(second.filesUnchanged()).isEqualTo(238);
    assertThat(second.commits()).isZero();
    assertThat(server.count("PUT", "/upload/.*")).isEqualTo(putsAfterFirst);
    assertThat(server.tokenLeaks()).isZero();
  }

  @Test
  void aCommitWhoseConnectionDropsIsCompletedFromAFreshListing() throws IOException {
    write(source.resolve("meta/augmentation.json"), "{\"job_id\":\"job-2\"}");
    server.inject("POST", "/api/datasets/robots/resumed/commit/main", FaultKind.DROP_CONNECTION, 1);
    server.inject(
        "POST", "/datasets/robots/resumed.git/info/lfs/objects/batch", FaultKind.RATE_LIMITED, 1);
    server.inject("PUT", "/upload/.*", FaultKind.UNAVAILABLE, 2);
    HubRepoId repo = HubRepoId.parse("robots/resumed");
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(source.toUri());

    HubUploader.Result result =
        new HubUploader(client)
            .upload(
                Storage.configuration(Map.of()),
                folder,
                repo,
                HubUploader.Options.forJob("job-2", "v3.0"));

    assertThat(result.filesSent()).isEqualTo(8);
    assertThat(server.pendingFaults()).isZero();
    assertThat(server.read("robots/resumed", "videos/front/chunk-000/file-000.mp4"))
        .isEqualTo(bytes(50_000, 9));
    assertThat(server.count("POST", "/api/datasets/robots/resumed/commit/main")).isEqualTo(2);
  }

  @Test
  void anExistingRepoOfAnotherJobIsNeverOverwritten() throws IOException {
    write(source.resolve("meta/augmentation.json"), "{\"job_id\":\"job-3\"}");
    server.seed("robots/taken", source, false, null);
    write(source.resolve("meta/augmentation.json"), "{\"job_id\":\"job-4\"}");

    assertThatThrownBy(
            () ->
                new HubUploader(client)
                    .upload(
                        Storage.configuration(Map.of()),
                        new org.apache.hadoop.fs.Path(source.toUri()),
                        HubRepoId.parse("robots/taken"),
                        HubUploader.Options.forJob("job-4", "v3.0")))
        .hasMessageContaining("Cannot upload to Hub dataset robots/taken")
        .hasMessageContaining("job job-4 did not write")
        .hasMessageContaining("from job job-3");
    assertThat(server.commitSizes("robots/taken")).hasSize(1);
  }

  private byte[] download(HubRepoId repo, String revision, HubFile file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client.download(
        repo,
        revision,
        file,
        () -> {
          out.reset();
          return out;
        });
    return out.toByteArray();
  }

  private static Map<String, HubFile> byPath(List<HubFile> files) {
    Map<String, HubFile> map = new java.util.TreeMap<>();
    files.forEach(f -> map.put(f.path(), f));
    return map;
  }

  private static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static void write(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }
}
