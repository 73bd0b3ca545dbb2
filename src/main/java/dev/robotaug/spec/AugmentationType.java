package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Values of {@code augmentation_type}. 'deterministic' applies CPU transforms; 'generative' (Cosmos
 * Transfer2.5) is disabled.
 */
public enum AugmentationType {
  DETERMINISTIC,
  GENERATIVE;

  @JsonValue
  public String wireName() {
    return WireEnum.wireName(this);
  }

  /** Parses the exact, case-sensitive wire value. */
  @JsonCreator
  public static AugmentationType fromWireName(String value) {
    return WireEnum.parse(AugmentationType.class, "augmentation_type", value);
  }

  /** The allowed wire values, comma separated, for error messages. */
  public static String allowedValues() {
    return WireEnum.allowed(AugmentationType.class);
  }
}
