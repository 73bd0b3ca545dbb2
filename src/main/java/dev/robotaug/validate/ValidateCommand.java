package dev.robotaug.validate;

import dev.robotaug.dataset.Storage;
import dev.robotaug.validate.ValidationReport.Check;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code scripts/validate <dataset dir|uri>}: prints one line per check ({@code PASS name: detail}
 * or {@code FAIL name: detail}) and a last line {@code N passed, M failed} to stdout. Exits 0 when
 * every check passed, 1 when any failed, 2 when the dataset cannot be opened at all (the reason on
 * stderr).
 */
public final class ValidateCommand {
  static final String USAGE = "Usage: scripts/validate <dataset dir|uri>";

  private ValidateCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command, writing to the given streams; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1 || args[0].startsWith("-")) {
      err.println(USAGE);
      return 2;
    }

    ValidationReport report;
    try {
      report = DatasetValidator.validate(Storage.configuration(Map.of()), args[0]);
    } catch (RuntimeException e) {
      err.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 2;
    }

    for (Check check : report.checks()) {
      out.println(check.line());
    }

    out.println(report.summaryLine());
    return report.valid() ? 0 : 1;
  }
}
