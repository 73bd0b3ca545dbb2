package dev.robotaug.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job documents in a local store through Hadoop's FileSystem. */
class TestJobStore {
  private static final String PROJECT = "0b7c3a52-8f7e-4c1d-9b0a-2d4e6f8a1c3e";

  @TempDir Path dir;
  private JobStore store;

  @BeforeEach
  void open() throws IOException {
    store = JobStore.open(dir.toUri().toString());
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  @Test
  void submitWritesSpecStatusAndIndexAndNothingElse() throws IOException {
    JobSpec spec = spec(UUID.randomUUID().toString(), Instant.parse("2026-01-01T00:00:00.123Z"));

    store.submit(spec, JobStatus.queued(spec, spec.createdAt()));

    try (Stream<Path> files = Files.list(dir.resolve("jobs/" + spec.jobId()))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("spec.json", "status.json");
    }

    assertThat(dir.resolve("projects/" + PROJECT + "/jobs/001767225600123_" + spec.jobId()))
        .exists();
    assertThat(store.readSpec(spec.jobId())).contains(spec);
    assertThat(store.readStatus(spec.jobId()).orElseThrow().status()).isEqualTo(JobState.QUEUED);
    assertThat(store.specUri(spec.jobId()))
        .isEqualTo(
            dir.toUri().toString().replace("file:///", "file:/")
                + "jobs/"
                + spec.jobId()
                + "/spec.json");
  }

  @Test
  void submittingTheSameJobTwiceFails() throws IOException {
    JobSpec spec = spec(UUID.randomUUID().toString(), Instant.now());
    store.submit(spec, JobStatus.queued(spec, Instant.now()));

    assertThatThrownBy(() -> store.submit(spec, JobStatus.queued(spec, Instant.now())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Cannot submit job " + spec.jobId());
  }

  @Test
  void statusIsReplacedWholeAndLeavesNoTemporaryFile() throws IOException {
    JobSpec spec = spec(UUID.randomUUID().toString(), Instant.now());
    JobStatus status = JobStatus.queued(spec, Instant.now());
    store.submit(spec, status);

    for (int done = 1; done <= 20; done++) {
      store.writeStatus(status.running(Instant.now(), done, 20, "Episode " + done));
    }

    JobStatus last = store.readStatus(spec.jobId()).orElseThrow();
    assertThat(last.episodesDone()).isEqualTo(20);
    assertThat(last.message()).isEqualTo("Episode 20");
    try (Stream<Path> files = Files.list(dir.resolve("jobs/" + spec.jobId()))) {
      assertThat(files).hasSize(2);
    }
  }

  @Test
  void projectJobsAreNewestFirstThenByJobId() throws IOException {
    Instant early = Instant.parse("2026-01-01T00:00:00Z");
    Instant late = early.plusSeconds(60);
    List<String> ids =
        List.of(
            "00000000-0000-4000-8000-000000000003",
            "00000000-0000-4000-8000-000000000001",
            "00000000-0000-4000-8000-000000000002");
    store.submit(spec(ids.get(0), early), JobStatus.queued(spec(ids.get(0), early), early));
    store.submit(spec(ids.get(1), late), JobStatus.queued(spec(ids.get(1), late), late));
    store.submit(spec(ids.get(2), late), JobStatus.queued(spec(ids.get(2), late), late));

    List<JobStore.IndexEntry> entries = store.projectJobs(PROJECT);

    assertThat(entries.stream().map(JobStore.IndexEntry::jobId))
        .containsExactly(ids.get(1), ids.get(2), ids.get(0));
    assertThat(entries.get(2).createdAt()).isEqualTo(early);
    assertThat(store.projectJobs(UUID.randomUUID().toString())).isEmpty();
  }

  @Test
  void cancelMarkerIsSeen() throws IOException {
    JobSpec spec = spec(UUID.randomUUID().toString(), Instant.now());
    store.submit(spec, JobStatus.queued(spec, Instant.now()));

    boolean before = store.isCancelRequested(spec.jobId());
    store.requestCancel(spec.jobId());

    assertThat(before).isFalse();
    assertThat(store.isCancelRequested(spec.jobId())).isTrue();
    assertThat(dir.resolve("jobs/" + spec.jobId() + "/" + JobStatus.CANCEL_MARKER)).exists();
  }

  @Test
  void missingDocumentsAreEmptyAndUnsafeIdsRefused() throws IOException {
    assertThat(store.readStatus(UUID.randomUUID().toString())).isEmpty();
    assertThatThrownBy(() -> store.readStatus("../etc")).hasMessage("Invalid job_id: '../etc'");
  }

  @Test
  void rootOfASpecIsThreeLevelsUp() {
    assertThat(JobStore.rootOfSpec("s3a://bucket/robotaug/jobs/abc/spec.json"))
        .isEqualTo("s3a://bucket/robotaug");
    assertThatThrownBy(() -> JobStore.rootOfSpec("s3a://bucket/abc/spec.json"))
        .hasMessageContaining("expected <root>/jobs/<job_id>/spec.json");
  }

  @Test
  void localJobFolderIsAPlainPath() {
    assertThat(store.isLocal()).isTrue();
    assertThat(store.localJobDir("j1")).contains(dir.resolve("jobs/j1"));
  }

  private static JobSpec spec(String jobId, Instant createdAt) {
    AugmentationRequest request =
        SpecJson.read(
            "{\"project_id\": \"" + PROJECT + "\", \"dataset_id\": \"lerobot/pusht\"}",
            AugmentationRequest.class);
    return new JobSpec(
        jobId, createdAt, null, "lerobot/pusht", "file:/out/" + jobId, null, null, request);
  }
}
