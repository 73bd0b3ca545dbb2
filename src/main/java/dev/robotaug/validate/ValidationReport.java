package dev.robotaug.validate;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating one dataset: every check that ran, in order, each passed or failed with
 * a detail naming what it looked at (file, episode, camera, row).
 */
public record ValidationReport(String root, List<Check> checks) {

  public ValidationReport {
    Objects.requireNonNull(root, "root is null");
    checks = List.copyOf(checks);
  }

  /**
   * One check: a stable short name such as {@code data.index} (several entries share a name when a
   * check runs once per camera), whether it passed, and what it found.
   */
  public record Check(String name, boolean passed, String detail) {

    public Check {
      Objects.requireNonNull(name, "name is null");
      detail = detail == null ? "" : detail;
    }

    public static Check pass(String name, String detail) {
      return new Check(name, true, detail);
    }

    public static Check fail(String name, String detail) {
      return new Check(name, false, detail);
    }

    /** {@code PASS name: detail} or {@code FAIL name: detail}. */
    public String line() {
      return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
    }
  }

  public long passedCount() {
    return checks.stream().filter(Check::passed).count();
  }

  public long failedCount() {
    return checks.size() - passedCount();
  }

  public boolean valid() {
    return failedCount() == 0;
  }

  public List<Check> failures() {
    return checks.stream().filter(check -> !check.passed()).toList();
  }

  /** {@code N passed, M failed}. */
  public String summaryLine() {
    return passedCount() + " passed, " + failedCount() + " failed";
  }
}
