package dev.robotaug.video;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Small procedural videos for tests: moving colour gradients with a moving disc and box, so that
 * encoders see motion and texture rather than flat colour. Frames are deterministic in (index,
 * size, seed).
 */
public final class VideoFixtures {

  /**
   * A written fixture video.
   *
   * @param file the mp4
   * @param settings the settings it was encoded with
   * @param episode what the encoder reported
   * @param sourceHashes SHA-256 of each source frame's RGB bytes, in frame order
   */
  public record Fixture(
      Path file, VideoSettings settings, EncodedEpisode episode, List<String> sourceHashes) {}

  private VideoFixtures() {}

  /**
   * Encodes {@code frames} procedural frames with LeRobot's default settings for {@code codec} (av1
   * → libsvtav1, h264 → libopenh264 on the LGPL build) into {@code dir}.
   */
  public static Fixture write(Path dir, String codec, int width, int height, int fps, int frames) {
    return write(dir, codec, width, height, fps, frames, 0);
  }

  /** As {@link #write(Path, String, int, int, int, int)}, with content varied by {@code seed}. */
  public static Fixture write(
      Path dir, String codec, int width, int height, int fps, int frames, int seed) {
    VideoSettings settings =
        VideoSettings.fromFeatureInfo(Map.of("video.codec", codec), width, height, fps);
    Path file =
        dir.resolve(codec + "-" + width + "x" + height + "-" + frames + "f-s" + seed + ".mp4");
    return write(file, settings, frames, seed);
  }

  /** Encodes {@code frames} procedural frames with {@code settings} into {@code file}. */
  public static Fixture write(Path file, VideoSettings settings, int frames, int seed) {
    List<String> hashes = new ArrayList<>();
    try (EpisodeEncoder encoder = new EpisodeEncoder(file, settings, 1)) {
      for (int i = 0; i < frames; i++) {
        try (Mat frame = frame(i, settings.width(), settings.height(), seed)) {
          hashes.add(hash(frame));
          encoder.write(frame);
        }
      }
      return new Fixture(file, settings, encoder.finish(), List.copyOf(hashes));
    }
  }

  /** Procedural RGB24 frame {@code index}: gradients drifting with time, a disc and a box. */
  public static Mat frame(int index, int width, int height, int seed) {
    byte[] pixels = new byte[width * height * 3];
    double phase = index * 0.15 + seed * 1.7;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int at = (y * width + x) * 3;
        double u = x / (double) width;
        double v = y / (double) height;
        pixels[at] = (byte) (40 + 170 * (0.5 + 0.5 * Math.sin(2.2 * u * Math.PI + phase)));
        pixels[at + 1] = (byte) (30 + 190 * v * (0.6 + 0.4 * Math.cos(phase * 0.7)));
        pixels[at + 2] = (byte) (60 + 150 * (0.5 + 0.5 * Math.sin(3.0 * (u + v) + phase * 1.3)));
      }
    }

    Mat frame = new Mat(height, width, CV_8UC3);
    frame.data().put(pixels);
    int radius = Math.max(4, height / 6);
    int cx = (int) (width * (0.5 + 0.35 * Math.sin(index * 0.2 + seed)));
    int cy = (int) (height * (0.5 + 0.3 * Math.cos(index * 0.17 + seed)));
    circle(frame, new Point(cx, cy), radius, new Scalar(230, 60, 40, 0), FILLED, LINE_AA, 0);
    int bx = (index * 3 + seed * 11) % Math.max(1, width - width / 5);
    rectangle(
        frame,
        new Rect(bx, height / 8, width / 5, height / 5),
        new Scalar(20, 200, 90, 0),
        FILLED,
        LINE_AA,
        0);
    // Camera frames are not razor sharp; soft edges keep crf 30 above 30 dB PSNR.
    GaussianBlur(frame, frame, new Size(0, 0), 1.0);
    return frame;
  }

  /** SHA-256 (hex) of an RGB24 frame's pixel bytes, independent of row padding. */
  public static String hash(Mat rgb) {
    try (Mat packed = rgb.isContinuous() ? null : rgb.clone()) {
      Mat source = packed == null ? rgb : packed;
      byte[] pixels = new byte[(int) (source.total() * source.elemSize())];
      source.data().get(pixels);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pixels));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hashes of frames {@code [first, first + count)} of {@code mp4}, decoded by SegmentDecoder. */
  public static List<String> decodedHashes(Path mp4, int fps, long first, int count) {
    List<String> hashes = new ArrayList<>();
    try (SegmentDecoder decoder = new SegmentDecoder(mp4, fps, first, count)) {
      for (Mat frame = decoder.next(); frame != null; frame = decoder.next()) {
        hashes.add(hash(frame));
      }
    }
    return hashes;
  }

  /** Peak signal-to-noise ratio of two RGB24 frames in dB (infinite when equal). */
  public static double psnr(Mat a, Mat b) {
    return opencv_core.PSNR(a, b);
  }
}
