package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The four deterministic transform families. Declaration order is the order in which {@code
 * stacked} mode applies them: an occluder is an object in the scene, so it is lit, then blurred by
 * the optics, then noised by the sensor.
 */
public enum TransformFamily {
  OCCLUSION,
  LIGHTING,
  BLUR,
  NOISE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the family with this exact (lower-case) wire name. */
  public static TransformFamily fromWireName(String name) {
    for (TransformFamily family : values()) {
      if (family.wireName().equals(name)) {
        return family;
      }
    }

    throw new IllegalArgumentException(
        "Invalid transform: '" + name + "', allowed: " + wireNames(Arrays.asList(values())));
  }

  static String wireNames(List<TransformFamily> families) {
    return String.join(", ", families.stream().map(TransformFamily::wireName).toList());
  }
}
