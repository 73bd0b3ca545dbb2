package dev.robotaug.api;

import dev.robotaug.spec.JobState;
import dev.robotaug.spec.JobStatus;
import dev.robotaug.spec.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs job commands as child processes, at most a configured number at once; the others wait, still
 * {@code queued}. A child's stdout and stderr go to {@code job.log} in the job's folder when the
 * store is local, else to a temporary file. Because every job is its own process, a crashing job
 * cannot take the API down; when a child exits without leaving a terminal status (a crash, an
 * out-of-memory kill), its status is set to {@code failed} naming the exit code and the log.
 *
 * <p>Waiting jobs live only in this process: if the API stops, they stay {@code queued} in storage
 * and must be resubmitted. Children already started keep running and keep their status up to date.
 */
final class JobProcesses implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobProcesses.class);
  static final String LOG_FILE = "job.log";

  private final JobStore store;
  private final Clock clock;
  private final ExecutorService pool;
  private final int maxQueuedJobs;
  private final AtomicInteger waiting = new AtomicInteger();

  JobProcesses(JobStore store, int maxConcurrentJobs, Clock clock) {
    this(store, maxConcurrentJobs, ApiConfig.LauncherConfig.DEFAULT_MAX_QUEUED_JOBS, clock);
  }

  /**
   * @param maxQueuedJobs jobs that may wait for a slot; {@link #reserve()} fails beyond them
   */
  JobProcesses(JobStore store, int maxConcurrentJobs, int maxQueuedJobs, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.maxQueuedJobs = maxQueuedJobs;
    this.pool = Executors.newFixedThreadPool(maxConcurrentJobs, daemonThreads());
  }

  /**
   * Reserves a place among the jobs waiting for a slot, for one {@link #start}; false when the
   * configured number of jobs already wait or hold a reservation.
   */
  boolean reserve() {
    while (true) {
      int now = waiting.get();
      if (now >= maxQueuedJobs) {
        return false;
      }

      if (waiting.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Gives back a reservation no {@link #start} will use. */
  void release() {
    waiting.decrementAndGet();
  }

  /** Reservations and jobs handed to {@link #start} that have not got a slot yet. */
  int waiting() {
    return waiting.get();
  }

  /**
   * Runs the command for the job once a slot is free, in the place {@link #reserve()} gave it.
   *
   * @param processIsTheJob whether the process lives as long as the job (a local JVM, client-mode
   *     spark-submit), so that a clean exit without a final status is a failure too; false for
   *     cluster-mode spark-submit, which exits once the cluster accepted the job
   */
  void start(
      String jobId,
      List<String> command,
      Map<String, String> environment,
      boolean processIsTheJob) {
    List<String> frozen = List.copyOf(command);
    Map<String, String> env = Map.copyOf(environment);
    try {
      pool.execute(
          () -> {
            waiting.decrementAndGet();
            run(jobId, frozen, env, processIsTheJob);
          });
    } catch (RejectedExecutionException stopping) {
      waiting.decrementAndGet();
      throw stopping;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private void run(
      String jobId,
      List<String> command,
      Map<String, String> environment,
      boolean processIsTheJob) {
    try {
      if (store.isCancelRequested(jobId)) {
        LOG.info("Job {} was cancelled before it started", jobId);
        return;
      }

      Path log = logFile(jobId);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      Process process = builder.start();
      LOG.info("Job {} started as process {}, log {}", jobId, process.pid(), log);

      int exitCode = process.waitFor();
      LOG.info("Job {} process {} exited with code {}", jobId, process.pid(), exitCode);
      if (exitCode != 0 || processIsTheJob) {
        settle(jobId, exitCode, log);
      }
    } catch (InterruptedException e) {
      // The API is stopping; the child runs on and keeps writing its own status.
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot run job {}: {}", jobId, e.toString());
      fail(jobId, "Cannot start job process: " + e.getMessage());
    }
  }

  /** Makes sure a job whose process is gone does not look alive. */
  private void settle(String jobId, int exitCode, Path log) throws IOException {
    Optional<JobStatus> status = store.readStatus(jobId);
    if (status.isEmpty() || status.get().status().isTerminal()) {
      return;
    }

    if (store.isCancelRequested(jobId)) {
      store.writeStatus(
          status.get().finished(clock.instant(), JobState.CANCELLED, null, "Job cancelled"));
      return;
    }

    String reason =
        exitCode == 0
            ? "Job process exited without a final status; see " + log
            : "Job process exited with code " + exitCode + " before finishing; see " + log;
    store.writeStatus(
        status.get().finished(clock.instant(), JobState.FAILED, reason, "Job failed"));
  }

  private void fail(String jobId, String reason) {
    try {
      Optional<JobStatus> status = store.readStatus(jobId);
      if (status.isPresent() && !status.get().status().isTerminal()) {
        store.writeStatus(
            status.get().finished(clock.instant(), JobState.FAILED, reason, "Job failed"));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot mark job {} failed: {}", jobId, e.toString());
    }
  }

  private Path logFile(String jobId) throws IOException {
    Optional<Path> dir = store.localJobDir(jobId);
    if (dir.isPresent()) {
      return dir.get().resolve(LOG_FILE);
    }

    return Files.createTempFile("robotaug-job-" + jobId + "-", ".log");
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "job-process-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
