package dev.robotaug.job;

import dev.robotaug.dataset.DatasetSource;
import dev.robotaug.dataset.Storage;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.video.EpisodeEncoder;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What every executor task needs to know about the job, broadcast once: the spec (as JSON, parsed
 * lazily per JVM), where staging lives, the Hadoop properties to reach storage, and the source's
 * frame rate, cameras and data layout.
 *
 * @param cameras source video cameras in {@code features} order
 * @param imageCameras source cameras stored as PNG images in the rows (depth maps excluded)
 * @param dataSchema the source data files' Parquet schema, as text
 * @param dataMetadata the source data files' key-value metadata
 * @param source where the source's files are read ({@code sourceRoot} is its root); {@link
 *     DatasetSource#ensure} before reading a file
 * @param encoderThreads threads per video encoder ({@code -Drobotaug.encoder.threads}, default 1)
 * @param sharedEncoderThreads the same, or where no thread count is given, the task slots' share
 *     when there are fewer tasks than slots; only for encoders whose bytes do not depend on it
 * @param benchIdentity benchmark only ({@value AugmentJob#BENCH_IDENTITY_KEY}): copies get the
 *     decoded source frames unchanged, so a run measures decode, encode and assembly alone
 */
record JobContext(
    String specJson,
    String sourceRoot,
    String stagingRoot,
    Map<String, String> hadoopProperties,
    int fps,
    List<CameraFeature> cameras,
    List<CameraFeature> imageCameras,
    String dataSchema,
    Map<String, String> dataMetadata,
    int encoderThreads,
    int sharedEncoderThreads,
    DatasetSource source,
    boolean benchIdentity)
    implements Serializable {

  /** One camera of the source: key, frame size and its feature {@code info} block as JSON. */
  record CameraFeature(String key, int width, int height, String infoJson)
      implements Serializable {}

  /** Threads for one encoder: the slots' share where that cannot change the encoded bytes. */
  int encoderThreadsFor(String encoder) {
    return EpisodeEncoder.sameBytesAtAnyThreadCount(encoder)
        ? sharedEncoderThreads
        : encoderThreads;
  }

  JobSpec spec() {
    return SpecJson.read(specJson, JobSpec.class);
  }

  Configuration hadoopConf() {
    return Storage.configuration(hadoopProperties);
  }
}
