package dev.robotaug.job;

/** Hears how a job is doing; the command line prints it, the API's status document stores it. */
public interface JobListener {

  /** Output episodes done so far of the total planned; may be called from any thread. */
  void onProgress(long episodesDone, long episodesTotal, String message);

  /** Polled between and during stages; true stops the job, which then fails as cancelled. */
  default boolean cancelRequested() {
    return false;
  }

  JobListener NONE = (done, total, message) -> {};
}
