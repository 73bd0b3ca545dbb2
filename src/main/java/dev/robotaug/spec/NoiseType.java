package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Values of {@code noise_type}. Sensor noise model; 'mixed' cycles the three per copy. */
public enum NoiseType {
  GAUSSIAN,
  SHOT,
  READ,
  MIXED;

  @JsonValue
  public String wireName() {
    return WireEnum.wireName(this);
  }

  /** Parses the exact, case-sensitive wire value. */
  @JsonCreator
  public static NoiseType fromWireName(String value) {
    return WireEnum.parse(NoiseType.class, "noise_type", value);
  }

  /** The allowed wire values, comma separated, for error messages. */
  public static String allowedValues() {
    return WireEnum.allowed(NoiseType.class);
  }
}
