package dev.robotaug.testing;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import java.nio.file.Path;
import java.time.Instant;

/** Job specs the cluster tests run, fixed to the field so that two runs can be compared. */
public final class SampleSpecs {
  /** Every transform family, two copies per episode. */
  public static final String ALL_FAMILIES_TWO_COPIES =
      "{\"augment_transforms\":\"lighting,noise,blur,occlusion\",\"augment_copies\":2}";

  private SampleSpecs() {}

  /** A job of {@link #ALL_FAMILIES_TWO_COPIES} from {@code source} into {@code out}, seed 99. */
  public static JobSpec allFamiliesTwoCopies(String jobId, Path source, Path out) {
    return new JobSpec(
        jobId,
        Instant.parse("2026-12-01T00:00:00Z"),
        99L,
        source.toUri().toString(),
        out.toUri().toString(),
        null,
        null,
        SpecJson.read(ALL_FAMILIES_TWO_COPIES, AugmentationRequest.class));
  }
}
