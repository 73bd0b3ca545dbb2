package dev.robotaug.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.testing.DatasetKind;
import dev.robotaug.validate.ValidationReport.Check;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kind of generated dataset passes every check, and the checks that apply to it ran. */
class TestValidatorOnEveryKind {
  @TempDir static Path dir;

  @ParameterizedTest
  @EnumSource(DatasetKind.class)
  void everyGeneratedKindIsValid(DatasetKind kind) {
    Path root = kind.write(dir.resolve(kind.name()));

    ValidationReport report = TestDatasetValidator.validate(root);

    assertThat(report.failures()).as(kind.name()).isEmpty();
    long cameras = kind.spec().cameras().size();
    long videoCameras = kind.spec().cameras().stream().filter(c -> c.isVideo()).count();
    assertThat(report.checks().stream().filter(c -> c.name().startsWith("video.")))
        .hasSize((int) (8 * videoCameras));
    assertThat(report.checks().stream().filter(c -> c.name().equals("image.frames")))
        .hasSize((int) (cameras - videoCameras));
    assertThat(report.checks()).extracting(Check::name).contains("data.index", "stats.shape");
  }
}
