package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Values of {@code augment_mode}. How chosen transforms combine into copies. */
public enum AugmentMode {
  STACKED,
  INDEPENDENT;

  @JsonValue
  public String wireName() {
    return WireEnum.wireName(this);
  }

  /** Parses the exact, case-sensitive wire value. */
  @JsonCreator
  public static AugmentMode fromWireName(String value) {
    return WireEnum.parse(AugmentMode.class, "augment_mode", value);
  }

  /** The allowed wire values, comma separated, for error messages. */
  public static String allowedValues() {
    return WireEnum.allowed(AugmentMode.class);
  }
}
