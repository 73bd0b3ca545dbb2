package dev.robotaug.validate;

import dev.robotaug.validate.ValidationReport.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems one check finds. A check reports its first few problems in its detail and counts the
 * rest, so that a dataset broken everywhere still gives a readable line.
 */
final class Findings {
  private static final int SHOWN = 3;

  private final List<String> shown = new ArrayList<>();
  private int count;

  void add(String problem) {
    if (shown.size() < SHOWN) {
      shown.add(problem);
    }

    count++;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** A passing check with {@code passDetail}, or a failing one listing the problems. */
  Check toCheck(String name, String passDetail) {
    if (count == 0) {
      return Check.pass(name, passDetail);
    }

    String detail = String.join("; ", shown);
    if (count > shown.size()) {
      detail += "; and " + (count - shown.size()) + " more";
    }

    return Check.fail(name, detail);
  }
}
