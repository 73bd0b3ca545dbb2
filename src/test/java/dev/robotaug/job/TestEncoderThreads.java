package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestEncoderThreads {
  @ParameterizedTest(name = "{0} tasks, {1} slots, {2} cores per executor -> {3}")
  @CsvSource({
    "1, 2, 2, 2", // one long episode on local[2]: both cores encode
    "8, 2, 2, 1", // every slot busy: one thread per encoder
    "2, 2, 2, 1",
    "3, 16, 4, 4", // the share (5) is capped by the executor's cores
    "1, 64, 64, 6", // and by SVT-AV1's highest level of parallelism
    "5, 16, 16, 3"
  })
  void spareSlotsAreSharedOutAmongTheTasks(int tasks, int slots, int executorCores, int threads) {
    assertThat(AugmentJob.sharedThreads(tasks, slots, executorCores)).isEqualTo(threads);
  }

  /**
   * Only an encoder whose bytes do not depend on its threads gets the share; others keep theirs.
   */
  @Test
  void theShareGoesOnlyToEncodersWhoseBytesDoNotDependOnThreads() {
    JobContext job =
        new JobContext(
            null, null, null, Map.of(), 30, List.of(), List.of(), null, Map.of(), 1, 2, null,
            false);

    assertThat(job.encoderThreadsFor("libsvtav1")).isEqualTo(2);
    assertThat(job.encoderThreadsFor("libopenh264")).isEqualTo(1);
    assertThat(job.encoderThreadsFor("libaom-av1")).isEqualTo(1);
  }
}
