package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Values of {@code compute_profile}. Executor profile chosen from augmentation_type; settings live
 * in conf/.
 */
public enum ComputeProfile {
  CPU,
  GPU;

  @JsonValue
  public String wireName() {
    return WireEnum.wireName(this);
  }

  /** Parses the exact, case-sensitive wire value. */
  @JsonCreator
  public static ComputeProfile fromWireName(String value) {
    return WireEnum.parse(ComputeProfile.class, "compute_profile", value);
  }

  /** The allowed wire values, comma separated, for error messages. */
  public static String allowedValues() {
    return WireEnum.allowed(ComputeProfile.class);
  }
}
