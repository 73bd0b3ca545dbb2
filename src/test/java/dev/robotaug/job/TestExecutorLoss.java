package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.LocalCluster;
import dev.robotaug.testing.OutputDataset;
import dev.robotaug.testing.SampleSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor JVM of a standalone cluster is killed ({@code SIGKILL}) in the middle of an episode:
 * Spark reruns the lost task on another executor, the job ends {@code succeeded}, and the output
 * decodes to exactly the frames and rows of a clean run of the same spec.
 */
class TestExecutorLoss {
  private static final long STALLED_EPISODE = 2;

  @TempDir Path dir;

  @Test
  void killingAnExecutorMidEpisodeChangesNothingInTheOutput() throws Exception {
    Path source = dir.resolve("source");
    SyntheticDataset.write(source, SyntheticDataset.Spec.small("av1"));
    Path appJar =
        LocalCluster.jarOf(Path.of("target/classes"), dir.resolve("robotaug-classes.jar"));
    Path marker = dir.resolve("stalled-executor.pid");

    long killed;
    int driverExit;
    Path driverLog = dir.resolve("driver.log");
    Path specFile = dir.resolve("jobs/killed/spec.json");
    Map<Long, Long> processOfEpisode = new TreeMap<>();
    try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2, false)) {
      Files.createDirectories(specFile.getParent());
      Files.writeString(
          specFile,
          SpecJson.write(
              SampleSpecs.allFamiliesTwoCopies("job-killed", source, dir.resolve("out"))));
      Process driver =
          cluster.submit(
              cluster.jobArguments(
                  AugmentJob.class.getName(),
                  appJar,
                  specFile,
                  Map.of(),
                  List.of("-D" + FaultInjection.STALL_ONCE + "=" + STALLED_EPISODE + ":" + marker)),
              driverLog);

      killed = awaitStalledExecutor(marker, driver, driverLog);
      assertThat(killed).isNotEqualTo(driver.pid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(cluster.workerPids()).doesNotContain(killed);
      ProcessHandle.of(killed).orElseThrow().destroyForcibly();

      driverExit = driver.waitFor(8, TimeUnit.MINUTES) ? driver.exitValue() : -1;
      driver.destroyForcibly();
      processOfEpisode.putAll(cluster.augmentingProcesses());
      System.err.printf(
          "[TestExecutorLoss] killed executor process %d mid-episode %d; episode -> process %s%n",
          killed, STALLED_EPISODE, processOfEpisode);
    }

    assertThat(driverExit).as(LocalCluster.tail(driverLog, 60)).isZero();
    JsonNode status = new ObjectMapper().readTree(specFile.resolveSibling("status.json").toFile());
    assertThat(status.path("status").asText()).isEqualTo("succeeded");
    assertThat(status.path("episodes_done").asLong()).isEqualTo(10);
    assertThat(processOfEpisode).containsOnlyKeys(0L, 1L, 2L, 3L, 4L);
    assertThat(processOfEpisode.get(STALLED_EPISODE)).isNotEqualTo(killed);

    OutputDataset afterKill = new OutputDataset(dir.resolve("out"));
    OutputDataset clean = cleanRun(source);
    afterKill.checkInvariants();
    assertThat(afterKill.dataset().episodes()).hasSize(15);
    assertThat(afterKill.frames()).isEqualTo(clean.frames());
    assertThat(afterKill.assertSameDecodedFramesAs(clean)).isEqualTo(3 * 53 * 2);
    try (var beside = Files.list(dir)) {
      assertThat(beside.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
    }
  }

  /** The process id the stalled task wrote, once it is there; fails if the driver ends first. */
  private static long awaitStalledExecutor(Path marker, Process driver, Path driverLog)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (!Files.exists(marker)) {
      assertThat(driver.isAlive())
          .as("driver ended before a task stalled: %s", LocalCluster.tail(driverLog, 40))
          .isTrue();
      assertThat(Instant.now()).as("a task stalled in time").isBefore(deadline);
      Thread.sleep(100);
    }

    return Long.parseLong(Files.readString(marker).strip());
  }

  private OutputDataset cleanRun(Path source) {
    SparkSession spark = SparkSessions.create("local[2]", "clean");
    try {
      new AugmentJob(
              spark,
              SampleSpecs.allFamiliesTwoCopies("job-clean", source, dir.resolve("clean")),
              JobListener.NONE)
          .execute();
    } finally {
      spark.stop();
    }

    return new OutputDataset(dir.resolve("clean"));
  }
}
