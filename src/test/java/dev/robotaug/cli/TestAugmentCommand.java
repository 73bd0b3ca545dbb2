package dev.robotaug.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.spec.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestAugmentCommand {

  @Test
  void rerunningACommandKeepsItsJobIdWhetherOrNotTheOutputExists(@TempDir Path dir)
      throws Exception {
    String[] args = {
      "--dataset", dir.resolve("in").toString(), "--output", dir.resolve("out").toString()
    };

    JobSpec before = AugmentCommand.Options.parse(args).spec();
    Files.createDirectories(dir.resolve("out"));
    JobSpec after = AugmentCommand.Options.parse(args).spec();

    assertThat(after.jobId()).isEqualTo(before.jobId());
    assertThat(after.seed()).isEqualTo(before.seed());
    assertThat(after.output()).doesNotEndWith("/");
  }

  @Test
  void setValuesAreJsonLiteralsOrPlainText(@TempDir Path dir) {
    String[] args = {
      "--dataset",
      "in",
      "--output",
      "out",
      "--set",
      "augment_copies=4",
      "--set",
      "augment_transforms=lighting, noise",
      "--set",
      "augment_copies_per_transform={\"noise\":2}",
      "--set",
      "augment_mode=independent"
    };

    JobSpec spec = AugmentCommand.Options.parse(args).spec();

    assertThat(spec.request().augmentCopies()).isEqualTo(4);
    assertThat(spec.request().augmentTransforms()).isEqualTo("lighting, noise");
    assertThat(spec.request().augmentCopiesPerTransform()).containsEntry("noise", 2);
    assertThat(spec.request().datasetId()).isEqualTo(spec.source()).endsWith("/in");
  }

  @Test
  void badArgumentsNameTheProblem() {
    assertThatThrownBy(() -> AugmentCommand.Options.parse(new String[] {"--dataset", "x"}))
        .hasMessageStartingWith("Invalid arguments: --output is required for a local dataset");
    assertThatThrownBy(() -> AugmentCommand.Options.parse(new String[] {"--colour", "red"}))
        .hasMessageStartingWith("Invalid argument: --colour");
    assertThatThrownBy(
            () ->
                AugmentCommand.Options.parse(
                        new String[] {
                          "--dataset", "a", "--output", "b", "--set", "augment_copies=x"
                        })
                    .spec())
        .hasMessage(
            "Invalid request: augment_copies: Input should be a valid integer, unable to parse string as an integer (got \"x\")");
    assertThatThrownBy(
            () ->
                AugmentCommand.Options.parse(
                        new String[] {
                          "--dataset", "a", "--output", "b", "--set", "augment_copies=21"
                        })
                    .spec())
        .hasMessage(
            "Invalid request: augment_copies: Input should be less than or equal to 20 (got 21)");
  }
}
