package dev.robotaug.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes the frames {@code [firstFrame, firstFrame + frameCount)} of an mp4 on local disk, in
 * presentation order, as RGB24 {@code CV_8UC3} Mats (channel 0 = red).
 *
 * <p>Frame {@code n} is the frame whose presentation time is {@code n / fps}: LeRobot stores an
 * episode as {@code from_timestamp} in a shared mp4 and reads its frames from {@link
 * #firstFrame(double, int) round(from_timestamp * fps)} on. The decoder seeks to the nearest key
 * frame at or before the first frame and decodes forward, dropping the frames before it.
 *
 * <p>Fails loudly, with a {@link VideoException} "Cannot decode &lt;file&gt;: ...", when the file
 * ends before the last frame, a frame is missing or repeated, a frame's timestamp is more than 1e-4
 * s (LeRobot's tolerance) off the {@code 1/fps} grid, or no real decoder exists for the codec (AV1
 * always goes through libaom-av1: the native av1 decoder of this FFmpeg build returns no frames
 * without an error). Not thread-safe; one instance per task.
 */
public final class SegmentDecoder implements AutoCloseable {

  /** LeRobot's default {@code tolerance_s} between a frame's timestamp and the one asked for. */
  public static final double TOLERANCE_SECONDS = 1e-4;

  private final int fps;
  private final long firstFrame;
  private final int frameCount;
  private final FrameReader reader;
  private final VideoStreamInfo stream;
  private Mat rgb;
  private FrameScaler scaler;
  private int scalerPixFmt = -1;
  private long expected;
  private int returned;

  /** Decodes with one decoder thread, the right choice when Spark runs one task per core. */
  public SegmentDecoder(Path mp4, int fps, long firstFrame, int frameCount) {
    this(mp4, fps, firstFrame, frameCount, 1);
  }

  /**
   * As {@link #SegmentDecoder(Path, int, long, int)} with a chosen number of decoder threads.
   *
   * @param threads decoder threads; 0 lets FFmpeg choose (all cores)
   */
  public SegmentDecoder(Path mp4, int fps, long firstFrame, int frameCount, int threads) {
    Objects.requireNonNull(mp4, "mp4 is null");
    if (fps <= 0 || firstFrame < 0 || frameCount < 0) {
      throw new IllegalArgumentException(
          "Invalid segment of %s: fps %d, first frame %d, frame count %d"
              .formatted(mp4, fps, firstFrame, frameCount));
    }
    this.fps = fps;
    this.firstFrame = firstFrame;
    this.frameCount = frameCount;
    this.expected = firstFrame;

    reader = new FrameReader(mp4, "decode", threads);
    try {
      stream = VideoStreamInfo.of(reader, reader.input().containerFrames());
      if (firstFrame > 0 && frameCount > 0) {
        // A refused seek leaves the reader at the start; decoding forward is then just slower.
        reader.seekToKeyFrameBefore(timestampOf(firstFrame));
      }
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** LeRobot's rule for the first frame of an episode stored at {@code fromTimestamp}. */
  public static long firstFrame(double fromTimestamp, int fps) {
    return Math.round(fromTimestamp * fps);
  }

  /**
   * The next frame of the segment, valid until the next call or {@link #close()} (the Mat is
   * reused); null after {@code frameCount} frames.
   */
  public Mat next() {
    if (returned == frameCount) {
      return null;
    }

    while (true) {
      AVFrame frame = reader.next();
      if (frame == null) {
        throw fail(
            "the file ends before frame %d (asked for frames [%d, %d) at %d fps)"
                .formatted(expected, firstFrame, firstFrame + frameCount, fps));
      }

      long number = frameNumber(frame);
      if (number < expected && returned == 0) {
        continue; // decoded from the key frame before the segment
      }
      if (number != expected) {
        String problem = number > expected ? "frames are missing" : "a frame is repeated";
        throw fail(
            "expected frame %d but the decoder returned frame %d (%s)"
                .formatted(expected, number, problem));
      }

      convert(frame);
      expected++;
      returned++;
      return rgb;
    }
  }

  /** The stream being decoded; {@code frameCount} is the container's sample count. */
  public VideoStreamInfo stream() {
    return stream;
  }

  /** Frames returned so far. */
  public int framesReturned() {
    return returned;
  }

  private long timestampOf(long frameNumber) {
    AVRational tb = reader.input().timeBase();
    // Exact integer arithmetic: frameNumber / fps seconds in units of tb.num / tb.den.
    return Math.floorDiv(frameNumber * tb.den(), (long) fps * tb.num());
  }

  private long frameNumber(AVFrame frame) {
    long timestamp = reader.timestamp(frame);
    if (timestamp == AV_NOPTS_VALUE) {
      throw fail("a decoded frame after frame %d has no timestamp".formatted(expected - 1));
    }

    double seconds = reader.input().seconds(timestamp);
    long number = Math.round(seconds * fps);
    if (Math.abs(seconds - number / (double) fps) > TOLERANCE_SECONDS) {
      throw fail(
          "the frame at %s s is off the 1/%d s grid by more than %s s"
              .formatted(seconds, fps, TOLERANCE_SECONDS));
    }
    return number;
  }

  private void convert(AVFrame frame) {
    if (frame.width() != stream.width() || frame.height() != stream.height()) {
      throw fail(
          "frame %d is %dx%d, the stream is %dx%d"
              .formatted(expected, frame.width(), frame.height(), stream.width(), stream.height()));
    }

    int width = frame.width();
    int height = frame.height();
    if (scaler == null || scalerPixFmt != frame.format()) {
      if (scaler != null) {
        scaler.close();
      }
      String action = reader.input().action();
      scaler = new FrameScaler(width, height, frame.format(), AV_PIX_FMT_RGB24, action);
      scalerPixFmt = frame.format();
    }
    if (rgb == null) {
      rgb = new Mat(height, width, CV_8UC3);
    }
    scaler.frameToMat(frame, rgb);
  }

  private VideoException fail(String reason) {
    return reader.input().fail(reason);
  }

  @Override
  public void close() {
    if (scaler != null) {
      scaler.close();
      scaler = null;
    }
    if (rgb != null) {
      rgb.close();
      rgb = null;
    }
    reader.close();
  }
}
