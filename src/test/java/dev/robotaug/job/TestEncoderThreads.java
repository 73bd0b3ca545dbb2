package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

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
}
