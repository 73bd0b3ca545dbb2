package dev.robotaug.api.testing;

import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.JobState;
import dev.robotaug.spec.JobStatus;
import dev.robotaug.spec.JobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A stand-in for the Spark job, started by the API's launchers in tests with the same arguments
 * ({@code --spec <uri> --master <master>}). It keeps the status document the way the real job must:
 * {@code running} with progress, then {@code succeeded} with the output written, or {@code failed}
 * naming a missing dataset. A job named {@code crash} halts with code 3 and no final status, like a
 * JVM killed mid-way; a job named {@code slow} runs until it sees the cancel marker.
 */
public final class TestingJobMain {
  static final int EPISODES = 4;

  private TestingJobMain() {}

  public static void main(String[] args) throws Exception {
    String specUri = argument(args, "--spec");
    argument(args, "--master");
    String jobId = new org.apache.hadoop.fs.Path(specUri).getParent().getName();
    try (JobStore store = JobStore.open(JobStore.rootOfSpec(specUri))) {
      JobSpec spec = store.readSpec(jobId).orElseThrow();
      JobStatus status = store.readStatus(jobId).orElseThrow();
      run(store, spec, status);
    }
  }

  private static void run(JobStore store, JobSpec spec, JobStatus status) throws Exception {
    if ("crash".equals(spec.request().name())) {
      store.writeStatus(status.running(Instant.now(), 0, EPISODES, "About to crash"));
      Runtime.getRuntime().halt(3);
    }

    Path source = localSource(spec.source());
    if (source == null || !Files.isDirectory(source)) {
      String error = "Cannot read dataset " + spec.source() + ": it does not exist";
      store.writeStatus(status.finished(Instant.now(), JobState.FAILED, error, "Job failed"));
      return;
    }

    Path output = Path.of(URI.create(spec.output().replaceFirst("^file:/+", "file:///")));
    Files.createDirectories(output);
    boolean slow = "slow".equals(spec.request().name());
    Instant giveUp = Instant.now().plusSeconds(60);
    int done = 0;
    while (done <= EPISODES) {
      if (store.isCancelRequested(spec.jobId())) {
        store.writeStatus(status.finished(Instant.now(), JobState.CANCELLED, null, "Cancelled"));
        return;
      }

      status = status.running(Instant.now(), done, EPISODES, "Augmenting episodes");
      store.writeStatus(status);
      Thread.sleep(slow ? 200 : 20);
      // A slow job stays one episode short of the end until it is cancelled (or a minute passed).
      done = slow && done == EPISODES - 1 && Instant.now().isBefore(giveUp) ? done : done + 1;
    }

    Files.writeString(output.resolve("SUCCESS"), spec.jobId());
    store.writeStatus(status.finished(Instant.now(), JobState.SUCCEEDED, null, "Job succeeded"));
  }

  private static Path localSource(String source) {
    if (!source.startsWith("file:")) {
      return null;
    }

    return Path.of(URI.create(source));
  }

  private static String argument(String[] args, String flag) throws IOException {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(flag)) {
        return args[i + 1];
      }
    }

    throw new IOException("Cannot run the testing job: " + flag + " is missing");
  }
}
