package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.dataset.Storage;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.testing.DatasetKind;
import dev.robotaug.testing.OutputDataset;
import dev.robotaug.validate.DatasetValidator;
import dev.robotaug.validate.ValidationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The job on every kind of dataset users have; the validator passes on every output. */
class TestEveryDatasetKind {
  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.create("local[2]", "kinds");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @ParameterizedTest
  @EnumSource(DatasetKind.class)
  void augmentedOutputKeepsTheSourceVersionAndValidates(DatasetKind kind) {
    Path in = kind.write(dir.resolve(kind.name() + "-in"));
    Path out = dir.resolve(kind.name() + "-out");
    String request = "{\"augment_transforms\":\"lighting,noise\",\"augment_copies\":1}";

    new AugmentJob(spark, TestAugmentJobEndToEnd.spec(in, out, request), JobListener.NONE)
        .execute();

    ValidationReport report =
        DatasetValidator.validate(Storage.configuration(Map.of()), out.toUri().toString());
    assertThat(report.failures()).as(kind.name()).isEmpty();
    OutputDataset source = new OutputDataset(in);
    OutputDataset output = new OutputDataset(out);
    int episodes = source.dataset().episodes().size();
    assertThat(output.dataset().episodes()).hasSize(2 * episodes);
    JsonNode info = output.json("meta/info.json");
    assertThat(info.get("codebase_version").asText())
        .isEqualTo(source.json("meta/info.json").get("codebase_version").asText());
  }

  @ParameterizedTest
  @EnumSource(
      value = DatasetKind.class,
      names = {"V21_VIDEO", "V21_IMAGE"})
  void aV21SourceConvertsToV30OnRequestKeepingItsEpisodesIntact(DatasetKind kind) {
    Path in = kind.write(dir.resolve(kind.name() + "-convert-in"));
    Path out = dir.resolve(kind.name() + "-convert-out");
    JobSpec plain =
        TestAugmentJobEndToEnd.spec(
            in, out, "{\"augment_transforms\":\"blur\",\"augment_copies\":1}");
    JobSpec spec =
        new JobSpec(
            plain.jobId(),
            plain.createdAt(),
            plain.seed(),
            plain.source(),
            plain.output(),
            null,
            "v3.0",
            plain.request());

    new AugmentJob(spark, spec, JobListener.NONE).execute();

    ValidationReport report =
        DatasetValidator.validate(Storage.configuration(Map.of()), out.toUri().toString());
    assertThat(report.failures()).as(kind.name()).isEmpty();
    OutputDataset source = new OutputDataset(in);
    OutputDataset output = new OutputDataset(out);
    assertThat(output.json("meta/info.json").get("codebase_version").asText()).isEqualTo("v3.0");
    assertThat(output.json("meta/info.json").has("total_videos")).isFalse();
    int episodes = source.dataset().episodes().size();
    assertThat(output.dataset().episodes()).hasSize(2 * episodes);
    for (int e = 0; e < episodes; e++) {
      for (String camera : source.dataset().info().videoKeys()) {
        assertThat(output.frameHashes(e, camera)).isEqualTo(source.frameHashes(e, camera));
      }

      List<Map<String, Object>> sourceRows = source.framesOf(e);
      List<Map<String, Object>> outputRows = output.framesOf(e);
      for (int t = 0; t < sourceRows.size(); t++) {
        assertThat(outputRows.get(t)).usingRecursiveComparison().isEqualTo(sourceRows.get(t));
      }
    }
  }
}
