package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A job as written to storage by the API or the command line and read by the Spark job: the request
 * with its defaults filled, plus what the submitter decided.
 *
 * @param jobId unique job id; rerunning the same id writes the same output
 * @param createdAt when the job was submitted
 * @param seed root of every random draw; defaults to a value derived from the job id
 * @param source the dataset to read: a Hub repo id ({@code org/name[@revision]}) or a storage URI
 * @param output where the augmented dataset is published (a storage URI)
 * @param computeProfile executor profile, chosen from {@code augmentation_type}
 * @param outputVersion LeRobot version of the output: {@code source} (the default) or {@code v3.0}
 * @param request the contract fields
 * @param outputRepo Hub dataset repo ({@code namespace/name}) the published output is uploaded to,
 *     or null for storage only; named by {@code OutputRepoName}'s rule when the submitter chose it
 */
public record JobSpec(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("seed") Long seed,
    @JsonProperty("source") String source,
    @JsonProperty("output") String output,
    @JsonProperty("compute_profile") ComputeProfile computeProfile,
    @JsonProperty("output_version") String outputVersion,
    @JsonProperty("request") AugmentationRequest request,
    @JsonProperty("output_repo") String outputRepo) {

  public static final String OUTPUT_VERSION_SOURCE = "source";

  private static final java.util.regex.Pattern REPO_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");

  public JobSpec {
    requireText(jobId, "job_id");
    requireText(source, "source");
    requireText(output, "output");
    Objects.requireNonNull(createdAt, "created_at is null");
    request = request == null ? AugmentationRequest.defaults() : request;
    seed = seed == null ? seedFromJobId(jobId) : seed;
    computeProfile =
        computeProfile == null ? profileFor(request.augmentationType()) : computeProfile;
    outputVersion = outputVersion == null ? OUTPUT_VERSION_SOURCE : outputVersion;
    if (!outputVersion.equals(OUTPUT_VERSION_SOURCE) && !outputVersion.equals("v3.0")) {
      throw new IllegalArgumentException(
          "Invalid output_version: '" + outputVersion + "', allowed: source, v3.0");
    }

    if (outputRepo != null && !REPO_ID.matcher(outputRepo).matches()) {
      throw new IllegalArgumentException(
          "Invalid output_repo: '" + outputRepo + "', expected namespace/name");
    }
  }

  /** A job that publishes to storage only (no Hub upload). */
  public JobSpec(
      String jobId,
      Instant createdAt,
      Long seed,
      String source,
      String output,
      ComputeProfile computeProfile,
      String outputVersion,
      AugmentationRequest request) {
    this(jobId, createdAt, seed, source, output, computeProfile, outputVersion, request, null);
  }

  /** Deterministic CPU transforms run on CPU executors; generative ones would need GPUs. */
  public static ComputeProfile profileFor(AugmentationType type) {
    return type == AugmentationType.GENERATIVE ? ComputeProfile.GPU : ComputeProfile.CPU;
  }

  /**
   * The default seed: a SplitMix64 mix of the job id's UUID bits (or of its UTF-8 bytes when the id
   * is not a UUID), so that a rerun of the same job draws the same parameters.
   */
  public static long seedFromJobId(String jobId) {
    long folded;
    try {
      UUID uuid = UUID.fromString(jobId);
      folded = uuid.getMostSignificantBits() ^ Long.rotateLeft(uuid.getLeastSignificantBits(), 32);
    } catch (IllegalArgumentException notUuid) {
      folded = 0xcbf29ce484222325L;
      for (byte b : jobId.getBytes(StandardCharsets.UTF_8)) {
        folded = (folded ^ (b & 0xff)) * 0x100000001b3L;
      }
    }

    long z = folded + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Invalid job spec: " + field + " is missing");
    }
  }
}
