package dev.robotaug.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotaug.job.AugmentJob;
import dev.robotaug.job.JobListener;
import dev.robotaug.job.SparkSessions;
import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.spec.ComputeProfile;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.testing.LocalCluster;
import dev.robotaug.testing.OutputDataset;
import dev.robotaug.testing.SampleSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real standalone cluster: a master and two workers in their own JVMs, the job
 * submitted through {@code scripts/spark-submit} as a separate driver JVM with the cpu profile's
 * settings. The augment tasks must run in the workers' executor JVMs, and the output must decode to
 * the same frames and rows as the same spec on {@code local[2]}.
 *
 * <p>The application jar is {@code target/classes} packed on the fly (Spark and the libraries come
 * from the cluster's classpath), which keeps {@code mvn verify} free of the minute-long shading; to
 * run the same test on the real job jar, build it with {@code mvn -Pjob-jar -DskipTests package}
 * and pass {@code -Drobotaug.jobJar=target/robotaug-<version>-job.jar}: the cluster's classpath
 * then lacks what the job jar must carry.
 */
class TestLocalCluster {

  @TempDir static Path dir;
  private static LocalCluster cluster;
  private static long driverPid;
  private static int driverExit;
  private static Path driverLog;
  private static Path specFile;
  private static OutputDataset onCluster;
  private static OutputDataset onLocal;
  private static final Map<Long, Long> processOfEpisode = new TreeMap<>();
  private static final List<String> timings = new ArrayList<>();

  @BeforeAll
  static void runTheSameJobOnTheClusterAndOnLocalTwo() throws Exception {
    Path source = dir.resolve("source");
    SyntheticDataset.write(source, SyntheticDataset.Spec.small("av1"));
    String jobJar = System.getProperty("robotaug.jobJar");
    Path appJar =
        jobJar != null
            ? Path.of(jobJar).toAbsolutePath()
            : LocalCluster.jarOf(Path.of("target/classes"), dir.resolve("robotaug-classes.jar"));

    long started = System.nanoTime();
    cluster = LocalCluster.start(dir.resolve("cluster"), 2, jobJar != null);
    timings.add("cluster start " + millisSince(started) + " ms");

    specFile = dir.resolve("jobs/cluster/spec.json");
    Files.createDirectories(specFile.getParent());
    Files.writeString(
        specFile,
        SpecJson.write(
            SampleSpecs.allFamiliesTwoCopies("job-cluster", source, dir.resolve("out"))));
    driverLog = dir.resolve("driver.log");
    started = System.nanoTime();
    Process driver = cluster.submit(submitArguments(appJar), driverLog);
    driverPid = driver.pid();
    driverExit = driver.waitFor(10, TimeUnit.MINUTES) ? driver.exitValue() : -1;
    driver.destroyForcibly();
    timings.add("job on the cluster " + millisSince(started) + " ms");
    assertThat(driverExit).as(LocalCluster.tail(driverLog, 40)).isZero();
    onCluster = new OutputDataset(dir.resolve("out"));
    processOfEpisode.putAll(cluster.augmentingProcesses());

    started = System.nanoTime();
    SparkSession spark = SparkSessions.create("local[2]", "local-two");
    try {
      new AugmentJob(
              spark,
              SampleSpecs.allFamiliesTwoCopies("job-local", source, dir.resolve("local")),
              JobListener.NONE)
          .execute();
    } finally {
      spark.stop();
    }

    timings.add("job on local[2] " + millisSince(started) + " ms");
    onLocal = new OutputDataset(dir.resolve("local"));
    System.err.printf(
        "[TestLocalCluster] %s; driver process %d, episode -> executor process %s%n",
        String.join(", ", timings), driverPid, processOfEpisode);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theDriverExitsZeroAndTheStatusDocumentSaysSucceeded() throws IOException {
    assertThat(driverExit).as(LocalCluster.tail(driverLog, 40)).isZero();

    JsonNode status = new ObjectMapper().readTree(specFile.resolveSibling("status.json").toFile());
    assertThat(status.path("status").asText()).isEqualTo("succeeded");
    assertThat(status.path("episodes_done").asLong()).isEqualTo(10);
  }

  @Test
  void everySourceEpisodeWasAugmentedInAnExecutorJvmOfTheWorkersNotInTheDriver() {
    assertThat(processOfEpisode).as(LocalCluster.tail(driverLog, 40)).hasSize(5);
    assertThat(processOfEpisode.keySet()).containsExactly(0L, 1L, 2L, 3L, 4L);

    List<Long> processes = processOfEpisode.values().stream().distinct().toList();
    assertThat(processes).as("executor JVMs that did augment work").hasSize(2);
    assertThat(processes)
        .doesNotContain(driverPid, ProcessHandle.current().pid())
        .doesNotContainAnyElementsOf(cluster.workerPids());
    assertThat(cluster.executorPidsSeen()).containsAll(processes);
  }

  @Test
  void theClusterOutputDecodesToTheSameFramesAndRowsAsLocalTwo() {
    onCluster.checkInvariants();
    assertThat(onCluster.dataset().episodes()).hasSize(15);
    assertThat(onCluster.frames()).isEqualTo(onLocal.frames());

    assertThat(onCluster.assertSameDecodedFramesAs(onLocal)).isEqualTo(3 * 53 * 2);
  }

  /** The spark-submit command line, as scripts/submit-job builds it, with the cpu profile. */
  private static List<String> submitArguments(Path appJar) {
    return cluster.jobArguments(
        "dev.robotaug.job.AugmentJob",
        appJar,
        specFile,
        ComputeProfiles.inConfFolder(Path.of("conf")).settings(ComputeProfile.CPU),
        List.of());
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
