package dev.robotaug.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.robotaug.spec.JobState;
import dev.robotaug.spec.JobStatus;
import java.time.Instant;

/**
 * A job as {@code GET /v1/augmentation/{job_id}} shows it: its status document, with progress as
 * {@code "<episodes_done>/<episodes_total>"} and whether a cancel was asked for.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record JobView(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("project_id") String projectId,
    @JsonProperty("name") String name,
    @JsonProperty("status") JobState status,
    @JsonProperty("progress") String progress,
    @JsonProperty("episodes_done") long episodesDone,
    @JsonProperty("episodes_total") long episodesTotal,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("output") String output,
    @JsonProperty("error") String error,
    @JsonProperty("message") String message,
    @JsonProperty("cancel_requested") boolean cancelRequested) {

  static JobView of(JobStatus status, boolean cancelRequested) {
    return new JobView(
        status.jobId(),
        status.projectId(),
        status.name(),
        status.status(),
        status.episodesDone() + "/" + status.episodesTotal(),
        status.episodesDone(),
        status.episodesTotal(),
        status.createdAt(),
        status.startedAt(),
        status.finishedAt(),
        status.updatedAt(),
        status.output(),
        status.error(),
        status.message(),
        cancelRequested);
  }
}
