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
   * Starts (or enqueues) the job, using the place {@link #reserve()} gave it, whether it succeeds
   * or throws.
   *
   * @param specUri where the spec is, {@code <store>/jobs/<job_id>/spec.json}
   * @throws IOException when the job cannot be started; the caller marks it failed
   */
  void launch(JobSpec spec, String specUri) throws IOException;

  /**
   * Reserves a place among the jobs waiting to start, atomically, so that concurrent submissions
   * cannot all take the last one. The API reserves before storing anything and answers 503 when
   * there is no place, so that a refused submission leaves no job behind. A reservation is used by
   * {@link #launch} or given back with {@link #release()}.
   *
   * @return false when the launcher holds as many waiting jobs as it may
   */
  default boolean reserve() {
    return true;
  }

  /** Gives back a reservation that no launch will use (the job could not be stored). */
  default void release() {}

  /** Stops starting jobs. Jobs already running go on; their status keeps being written. */
  @Override
  default void close() {}
}
