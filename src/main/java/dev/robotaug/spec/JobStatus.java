package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The status document of one job, {@code <store>/jobs/<job_id>/status.json}, next to its {@code
 * spec.json}. The submitter writes it as {@code queued}; from then on the job itself keeps it up to
 * date, so the API holds no state of its own. A cancel request is the marker file {@value
 * #CANCEL_MARKER} in the same folder, which the job polls between units of work.
 *
 * @param episodesDone output episodes finished so far
 * @param episodesTotal output episodes planned, 0 until planned
 * @param output where the finished dataset is (or will be) published
 * @param error reason of a failure, naming the field, file or episode
 * @param outputRepo the Hub dataset repo the output is uploaded to, or null
 */
public record JobStatus(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("project_id") String projectId,
    @JsonProperty("name") String name,
    @JsonProperty("status") JobState status,
    @JsonProperty("episodes_done") long episodesDone,
    @JsonProperty("episodes_total") long episodesTotal,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("output") String output,
    @JsonProperty("error") String error,
    @JsonProperty("message") String message,
    @JsonProperty("output_repo") String outputRepo) {

  public static final String SPEC_FILE = "spec.json";
  public static final String STATUS_FILE = "status.json";
  public static final String CANCEL_MARKER = "cancel-requested";

  public JobStatus {
    Objects.requireNonNull(jobId, "job_id is null");
    Objects.requireNonNull(status, "status is null");
  }

  /** A status without a Hub output repo. */
  public JobStatus(
      String jobId,
      String projectId,
      String name,
      JobState status,
      long episodesDone,
      long episodesTotal,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      Instant updatedAt,
      String output,
      String error,
      String message) {
    this(
        jobId,
        projectId,
        name,
        status,
        episodesDone,
        episodesTotal,
        createdAt,
        startedAt,
        finishedAt,
        updatedAt,
        output,
        error,
        message,
        null);
  }

  /** The first status of a submitted job. */
  public static JobStatus queued(JobSpec spec, Instant now) {
    return new JobStatus(
        spec.jobId(),
        spec.request().projectId(),
        spec.request().name(),
        JobState.QUEUED,
        0,
        0,
        spec.createdAt(),
        null,
        null,
        now,
        spec.output(),
        null,
        "Job queued",
        spec.outputRepo());
  }

  public JobStatus running(Instant now, long done, long total, String newMessage) {
    Instant started = startedAt == null ? now : startedAt;
    return new JobStatus(
        jobId,
        projectId,
        name,
        JobState.RUNNING,
        done,
        total,
        createdAt,
        started,
        null,
        now,
        output,
        null,
        newMessage,
        outputRepo);
  }

  public JobStatus finished(Instant now, JobState state, String newError, String newMessage) {
    if (!state.isTerminal()) {
      throw new IllegalArgumentException(
          "Cannot finish job " + jobId + ": " + state + " is not terminal");
    }

    Instant started = startedAt == null ? now : startedAt;
    return new JobStatus(
        jobId,
        projectId,
        name,
        state,
        episodesDone,
        episodesTotal,
        createdAt,
        started,
        now,
        now,
        output,
        newError,
        newMessage,
        outputRepo);
  }
}
