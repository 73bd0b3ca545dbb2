package dev.robotaug.dataset;

/** Where one episode of one camera lives: an mp4 file and the time range inside it. */
public record VideoRef(long chunkIndex, long fileIndex, double fromTimestamp, double toTimestamp) {

  /** The episode's first frame in the file, by LeRobot's rule {@code round(from * fps)}. */
  public long firstFrame(int fps) {
    return Math.round(fromTimestamp * fps);
  }
}
