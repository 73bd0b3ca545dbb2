package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Values of {@code occlusion_type}. Occluder fill; 'mixed' picks per patch. */
public enum OcclusionType {
  RECTANGLE,
  OVERLAY,
  MIXED;

  @JsonValue
  public String wireName() {
    return WireEnum.wireName(this);
  }

  /** Parses the exact, case-sensitive wire value. */
  @JsonCreator
  public static OcclusionType fromWireName(String value) {
    return WireEnum.parse(OcclusionType.class, "occlusion_type", value);
  }

  /** The allowed wire values, comma separated, for error messages. */
  public static String allowedValues() {
    return WireEnum.allowed(OcclusionType.class);
  }
}
