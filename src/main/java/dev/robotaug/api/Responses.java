package dev.robotaug.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Bodies of the API's successful answers, apart from {@link JobView}. */
final class Responses {
  private Responses() {}

  /** The answer to a submission, as the contract's AugmentationResponse. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Submitted(
      @JsonProperty("job_id") String jobId,
      @JsonProperty("status") String status,
      @JsonProperty("message") String message) {}

  /** One page of a project's jobs, newest first. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record JobPage(
      @JsonProperty("data") List<JobView> data,
      @JsonProperty("has_more") boolean hasMore,
      @JsonProperty("next_cursor") String nextCursor) {

    JobPage {
      data = List.copyOf(data);
    }
  }
}
