package dev.robotaug.spec;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Parses the contract's case-sensitive, lower-case enum values into Java enums. */
final class WireEnum {
  private WireEnum() {}

  static String wireName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    for (E candidate : type.getEnumConstants()) {
      if (wireName(candidate).equals(value)) {
        return candidate;
      }
    }

    throw new IllegalArgumentException(
        "Invalid " + field + ": '" + value + "', allowed: " + allowed(type));
  }

  static <E extends Enum<E>> String allowed(Class<E> type) {
    return Stream.of(type.getEnumConstants())
        .map(WireEnum::wireName)
        .collect(Collectors.joining(", "));
  }
}
