package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.LocalCluster;
import dev.robotaug.testing.OutputDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor JVM of a standalone cluster is killed ({@code SIGKILL}) in the middle of an episode:
 * Spark reruns the lost task on another executor, the job ends {@code succeeded}, and the output
 * decodes to exactly the frames and rows of a clean run of the same spec.
 */
class TestExecutorLoss {
  private static final String REQUEST =
      "{\"augment_transforms\":\"lighting,noise,blur,occlusion\",\"augment_copies\":2}";
  private static final long STALLED_EPISODE = 2;
  private static final Pattern AUGMENTED =
      Pattern.compile("Augmented episode (\\d+) into .* in process (\\d+)");

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
      Files.writeString(specFile, SpecJson.write(spec("job-killed", source, dir.resolve("out"))));
      Process driver =
          cluster.submit(submitArguments(cluster, appJar, specFile, marker), driverLog);

      killed = awaitStalledExecutor(marker, driver, driverLog);
      assertThat(killed).isNotEqualTo(driver.pid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(cluster.workerPids()).doesNotContain(killed);
      ProcessHandle.of(killed).orElseThrow().destroyForcibly();

      driverExit = driver.waitFor(8, TimeUnit.MINUTES) ? driver.exitValue() : -1;
      driver.destroyForcibly();
      processOfEpisode.putAll(augmentingProcesses(cluster));
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
    int frames = 0;
    for (int e = 0; e < 15; e++) {
      for (String camera : afterKill.dataset().info().videoKeys()) {
        List<String> hashes = afterKill.frameHashes(e, camera);
        assertThat(hashes).as("episode %d, %s", e, camera).isEqualTo(clean.frameHashes(e, camera));
        frames += hashes.size();
      }
    }
    assertThat(frames).isEqualTo(3 * 53 * 2);
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
      new AugmentJob(spark, spec("job-clean", source, dir.resolve("clean")), JobListener.NONE)
          .execute();
    } finally {
      spark.stop();
    }

    return new OutputDataset(dir.resolve("clean"));
  }

  private static List<String> submitArguments(
      LocalCluster cluster, Path appJar, Path specFile, Path marker) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--class",
                AugmentJob.class.getName(),
                "--master",
                cluster.masterUrl(),
                "--deploy-mode",
                "client",
                "--driver-memory",
                "1g"));
    List<String> executorOptions = new ArrayList<>(LocalCluster.jvmOptions());
    executorOptions.add("-D" + FaultInjection.STALL_ONCE + "=" + STALLED_EPISODE + ":" + marker);
    Map<String, String> settings = new TreeMap<>();
    settings.put("spark.driver.host", "127.0.0.1");
    settings.put("spark.driver.bindAddress", "127.0.0.1");
    settings.put("spark.ui.enabled", "false");
    settings.put("spark.executor.memory", "1g");
    settings.put("spark.executor.cores", "1");
    settings.put("spark.cores.max", "2");
    settings.put("spark.executor.extraJavaOptions", String.join(" ", executorOptions));
    settings.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    settings.forEach(
        (key, value) -> {
          arguments.add("--conf");
          arguments.add(key + "=" + value);
        });
    arguments.add(appJar.toString());
    arguments.add("--spec");
    arguments.add(specFile.toUri().toString());
    return arguments;
  }

  /** Source episode to the executor process whose log says it augmented it. */
  private static Map<Long, Long> augmentingProcesses(LocalCluster cluster) throws Exception {
    Map<Long, Long> processOfEpisode = new TreeMap<>();
    for (Path log : cluster.executorLogs()) {
      for (String line : Files.readAllLines(log)) {
        Matcher matcher = AUGMENTED.matcher(line);
        if (matcher.find()) {
          processOfEpisode.put(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
        }
      }
    }

    return processOfEpisode;
  }

  private static JobSpec spec(String jobId, Path source, Path out) {
    return new JobSpec(
        jobId,
        Instant.parse("2026-12-01T00:00:00Z"),
        99L,
        source.toUri().toString(),
        out.toUri().toString(),
        null,
        null,
        SpecJson.read(REQUEST, AugmentationRequest.class));
  }
}
