package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Values of {@code cosmos_control_type}. Control input of the (disabled) generative path. */
public enum CosmosControlType {
  EDGE,
  DEPTH,
  SEG,
  VIS;

  @JsonValue
  public String wireName() {
    return WireEnum.wireName(this);
  }

  /** Parses the exact, case-sensitive wire value. */
  @JsonCreator
  public static CosmosControlType fromWireName(String value) {
    return WireEnum.parse(CosmosControlType.class, "cosmos_control_type", value);
  }

  /** The allowed wire values, comma separated, for error messages. */
  public static String allowedValues() {
    return WireEnum.allowed(CosmosControlType.class);
  }
}
