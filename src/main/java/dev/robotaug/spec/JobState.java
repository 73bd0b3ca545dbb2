package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Life cycle of a job. {@code succeeded}, {@code failed} and {@code cancelled} are terminal. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  @JsonValue
  public String wireName() {
    return WireEnum.wireName(this);
  }

  @JsonCreator
  public static JobState fromWireName(String value) {
    return WireEnum.parse(JobState.class, "status", value);
  }

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
