package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.testing.OutputDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same spec gives the same decoded frames whatever the executors, partitions or reruns. */
class TestAugmentJobDeterminism {
  private static final String REQUEST =
      "{\"augment_transforms\":\"lighting,noise,blur,occlusion\",\"augment_copies\":2}";

  @TempDir static Path dir;
  private static Path source;

  @BeforeAll
  static void writeSource() {
    source = dir.resolve("source");
    SyntheticDataset.write(source, SyntheticDataset.Spec.small("av1"));
  }

  @Test
  void oneExecutorOnePartitionAndTwoExecutorsManyPartitionsAgree() {
    List<String> single = run("local[1]", 1, "single", "single");
    List<String> parallel = run("local[2]", 0, "parallel", "parallel");
    List<String> again = run("local[2]", 0, "parallel-again", "parallel");

    assertThat(single).hasSize(3 * 53 * 2);
    assertThat(parallel).isEqualTo(single);
    assertThat(again).isEqualTo(single);
  }

  /** Runs the job and returns the hash of every decoded frame of every episode and camera. */
  private static List<String> run(String master, int partitions, String outName, String jobName) {
    Path out = dir.resolve(outName);
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("determinism")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config(AugmentJob.PARTITIONS_KEY, String.valueOf(partitions))
            .getOrCreate();
    try {
      JobSpec spec = TestAugmentJobEndToEnd.spec(source, out, REQUEST);
      JobSpec fixed =
          new JobSpec(
              "job-" + jobName,
              spec.createdAt(),
              99L,
              spec.source(),
              spec.output(),
              null,
              null,
              spec.request());
      new AugmentJob(spark, fixed, JobListener.NONE).execute();
    } finally {
      spark.stop();
    }

    OutputDataset output = new OutputDataset(out);
    output.checkInvariants();
    List<String> hashes = new ArrayList<>();
    for (int e = 0; e < output.dataset().episodes().size(); e++) {
      for (String camera : output.dataset().info().videoKeys()) {
        hashes.addAll(output.frameHashes(e, camera));
      }
    }

    return hashes;
  }
}
