package dev.robotaug.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.testing.BrokenDataset;
import dev.robotaug.testing.DatasetKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/validate}: one line per check, a summary line, exit 0 / 1 / 2. */
class TestValidateCommand {
  @TempDir static Path dir;
  private static Path valid;

  @BeforeAll
  static void writeDataset() {
    valid = DatasetKind.V30_IMAGE.write(dir.resolve("valid"));
  }

  private record Result(int status, List<String> out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ValidateCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status,
        out.toString(StandardCharsets.UTF_8).lines().toList(),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aValidDatasetPrintsEveryCheckAndExitsZero() {
    Result result = run(valid.toString());

    assertThat(result.status()).isZero();
    assertThat(result.out()).hasSize(22).last().isEqualTo("21 passed, 0 failed");
    assertThat(result.out().subList(0, 21)).allMatch(line -> line.startsWith("PASS "));
    assertThat(result.out())
        .contains("PASS totals.frames: info.json total_frames 22, 22 rows in 2 data files");
  }

  @Test
  void aBrokenDatasetPrintsTheFailureAndExitsOne() {
    Path broken = BrokenDataset.copyOf(valid, dir.resolve("broken")).wrongTotalFrames(5).root();

    Result result = run(broken.toUri().toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out())
        .contains("FAIL totals.frames: info.json total_frames 27, 22 rows in 2 data files")
        .last()
        .isEqualTo("20 passed, 1 failed");
  }

  @Test
  void aDatasetThatCannotBeOpenedExitsTwoWithTheReason() {
    Result result = run(dir.resolve("missing").toString());

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("Error: Cannot open dataset ")
        .contains("meta/info.json not found");
  }

  @Test
  void noArgumentPrintsUsageAndExitsTwo() {
    Result result = run();

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("Usage: scripts/validate <dataset dir|uri>");
  }
}
