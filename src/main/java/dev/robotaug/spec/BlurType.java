package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Values of {@code blur_type}. Optical blur model; 'mixed' cycles the two per copy. */
public enum BlurType {
  MOTION,
  DEFOCUS,
  MIXED;

  @JsonValue
  public String wireName() {
    return WireEnum.wireName(this);
  }

  /** Parses the exact, case-sensitive wire value. */
  @JsonCreator
  public static BlurType fromWireName(String value) {
    return WireEnum.parse(BlurType.class, "blur_type", value);
  }

  /** The allowed wire values, comma separated, for error messages. */
  public static String allowedValues() {
    return WireEnum.allowed(BlurType.class);
  }
}
