package dev.robotaug.api;

import dev.robotaug.spec.JobSpec;
import java.io.IOException;

/**
 * Starts the batch job of a submitted spec. The spec and its {@code queued} status are in storage
 * before {@link #launch} is called; from then on the job keeps its status document up to date.
 * Implementations return quickly: the job itself runs elsewhere (a child process, a cluster).
 */
public interface JobLauncher extends AutoCloseable {

  /**
   * Starts (or enqueues) the job.
   *
   * @param specUri where the spec is, {@code <store>/jobs/<job_id>/spec.json}
   * @throws IOException when the job cannot be started; the caller marks it failed
   */
  void launch(JobSpec spec, String specUri) throws IOException;

  /**
   * Whether a job submitted now would find a place among the jobs waiting to start. The API asks
   * before storing anything and answers 503 when there is none, so that a refused submission leaves
   * no job behind. Concurrent submissions may each see the last place: the bound is approximate by
   * at most the number of requests in flight.
   */
  default boolean hasRoom() {
    return true;
  }

  /** Stops starting jobs. Jobs already running go on; their status keeps being written. */
  @Override
  default void close() {}
}
