package dev.robotaug.job;

/** Thrown when a cancel request stopped the job; nothing was published. */
public final class JobCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobCancelledException(String jobId) {
    super("Job " + jobId + " was cancelled; nothing was published");
  }
}
