package dev.robotaug.job;

/** The outcome of a finished job, for the one-line summary. */
public record JobSummary(
    String jobId,
    long episodesIn,
    long episodesOut,
    long episodesAugmented,
    long framesOut,
    long millis,
    String output) {

  public String line() {
    return String.format(
        "Augmented %d episodes into %d (%d new, %d frames) in %.1f s: %s",
        episodesIn, episodesOut, episodesAugmented, framesOut, millis / 1000.0, output);
  }
}
