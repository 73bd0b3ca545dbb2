package dev.robotaug.video;

/**
 * A video file could not be decoded, encoded, probed or joined. The message is shaped "Cannot
 * &lt;verb&gt; &lt;file&gt;: &lt;reason&gt;" and names the file, so a failed Spark task says which
 * episode video broke.
 */
public final class VideoException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public VideoException(String message) {
    super(message);
  }

  public VideoException(String message, Throwable cause) {
    super(message, cause);
  }
}
