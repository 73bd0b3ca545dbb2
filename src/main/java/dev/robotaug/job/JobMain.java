package dev.robotaug.job;

import dev.robotaug.dataset.Storage;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.JobState;
import dev.robotaug.spec.JobStatus;
import dev.robotaug.spec.SpecJson;
import java.time.Instant;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job as a program: {@code --spec <uri> [--master <url>]}. Keeps the status document beside the
 * spec up to date ({@code running} with progress, then {@code succeeded}, {@code failed} with the
 * reason, or {@code cancelled}) and exits non-zero on failure.
 */
final class JobMain {
  private static final Logger LOG = LoggerFactory.getLogger(JobMain.class);

  private JobMain() {}

  static void main(String[] args) {
    String specUri = null;
    String master = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--spec" -> specUri = args[++i];
        case "--master" -> master = args[++i];
        default ->
            throw new IllegalArgumentException(
                "Invalid argument: " + args[i] + " (use --spec <uri> [--master <url>])");
      }
    }

    if (specUri == null) {
      throw new IllegalArgumentException("Invalid arguments: --spec <uri> is required");
    }

    System.exit(run(specUri, master) ? 0 : 1);
  }

  static boolean run(String specUri, String master) {
    Configuration conf = Storage.configuration(Map.of());
    Path specPath = new Path(specUri);
    JobSpec spec = SpecJson.read(Storage.readText(conf, specPath), JobSpec.class);
    StatusDocument status = new StatusDocument(conf, specPath.getParent(), spec);
    status.running(0, 0, "Job started");
    try (SparkSession spark = SparkSessions.create(master, "robotaug " + spec.jobId())) {
      JobSummary summary = new AugmentJob(spark, spec, status).execute();
      status.finish(JobState.SUCCEEDED, null, summary.line());
      return true;
    } catch (JobCancelledException e) {
      status.finish(JobState.CANCELLED, null, e.getMessage());
      return false;
    } catch (Exception e) {
      // Spark rethrows executor failures as the checked SparkException.
      LOG.error("Job {} failed", spec.jobId(), e);
      status.finish(JobState.FAILED, reason(e), "Job failed");
      return false;
    }
  }

  /** The innermost message that names something, without Spark's task-failure wrapping. */
  static String reason(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }

    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  /** The status document, written through Hadoop's FileSystem so it works on any store. */
  private static final class StatusDocument implements JobListener {
    private final Configuration conf;
    private final Path folder;
    private JobStatus current;

    StatusDocument(Configuration conf, Path folder, JobSpec spec) {
      this.conf = conf;
      this.folder = folder;
      Path existing = new Path(folder, JobStatus.STATUS_FILE);
      this.current =
          Storage.exists(conf, existing)
              ? SpecJson.read(Storage.readText(conf, existing), JobStatus.class)
              : JobStatus.queued(spec, Instant.now());
    }

    synchronized void running(long done, long total, String message) {
      current = current.running(Instant.now(), done, total, message);
      write();
    }

    synchronized void finish(JobState state, String error, String message) {
      current = current.finished(Instant.now(), state, error, message);
      write();
    }

    @Override
    public void onProgress(long episodesDone, long episodesTotal, String message) {
      running(episodesDone, episodesTotal, message);
    }

    @Override
    public boolean cancelRequested() {
      return Storage.exists(conf, new Path(folder, JobStatus.CANCEL_MARKER));
    }

    private void write() {
      Storage.writeText(conf, new Path(folder, JobStatus.STATUS_FILE), SpecJson.write(current));
    }
  }
}
