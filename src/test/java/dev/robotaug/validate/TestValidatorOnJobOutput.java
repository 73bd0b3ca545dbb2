package dev.robotaug.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.job.AugmentJob;
import dev.robotaug.job.JobListener;
import dev.robotaug.job.JobSummary;
import dev.robotaug.job.SparkSessions;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.DatasetKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the augmentation job writes from a v3.0 dataset passes every check. */
class TestValidatorOnJobOutput {
  @TempDir Path dir;

  @Test
  void theJobsOutputFromAV30DatasetIsValid() {
    Path source = DatasetKind.V30_VIDEO.write(dir.resolve("source"));
    Path output = dir.resolve("output");
    JobSpec spec =
        new JobSpec(
            UUID.randomUUID().toString(),
            Instant.now(),
            4321L,
            source.toUri().toString(),
            output.toUri().toString(),
            null,
            null,
            SpecJson.read(
                "{\"augment_transforms\":\"lighting,noise\",\"augment_copies\":2}",
                AugmentationRequest.class));

    JobSummary summary;
    try (SparkSession spark = SparkSessions.create("local[2]", "validate-job-output")) {
      summary = new AugmentJob(spark, spec, JobListener.NONE).execute();
    }

    ValidationReport report = TestDatasetValidator.validate(output);
    assertThat(summary.episodesOut()).isEqualTo(12);
    assertThat(report.failures()).isEmpty();
    assertThat(report.checks()).hasSize(28);
  }
}
