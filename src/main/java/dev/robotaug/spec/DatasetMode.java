package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Values of {@code augment_dataset_mode}. Whether augmented episodes are added to the originals or
 * replace them.
 */
public enum DatasetMode {
  COPY,
  INPLACE;

  @JsonValue
  public String wireName() {
    return WireEnum.wireName(this);
  }

  /** Parses the exact, case-sensitive wire value. */
  @JsonCreator
  public static DatasetMode fromWireName(String value) {
    return WireEnum.parse(DatasetMode.class, "augment_dataset_mode", value);
  }

  /** The allowed wire values, comma separated, for error messages. */
  public static String allowedValues() {
    return WireEnum.allowed(DatasetMode.class);
  }
}
