package dev.robotaug.validate;

import dev.robotaug.validate.ValidationReport.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The checks of one validation, in the order they ran. A check that throws (a file it needs is
 * unreadable, a column has the wrong type) becomes a failure of that check naming the error, so one
 * broken file never hides the other checks' results.
 */
final class CheckList {
  private final List<Check> checks = new ArrayList<>();

  void run(String name, Supplier<Check> check) {
    try {
      checks.add(check.get());
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      checks.add(Check.fail(name, "could not check: " + reason));
    }
  }

  List<Check> checks() {
    return List.copyOf(checks);
  }
}
