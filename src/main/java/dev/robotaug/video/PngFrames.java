package dev.robotaug.video;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Camera frames stored as PNG inside Parquet (LeRobot's {@code image} features): decoded to and
 * encoded from RGB24 Mats. PNG is lossless, so an unchanged frame round-trips bit for bit.
 */
public final class PngFrames implements AutoCloseable {
  /** zlib level 6, what LeRobot's writer uses for image features. */
  private static final int COMPRESSION = 6;

  private final Mat bgr = new Mat();
  private final IntPointer options =
      new IntPointer(opencv_imgcodecs.IMWRITE_PNG_COMPRESSION, COMPRESSION);

  /**
   * Decodes {@code png} into {@code rgb} (reallocated as needed); {@code what} names it in errors.
   */
  public void decode(byte[] png, Mat rgb, String what) {
    try (BytePointer data = new BytePointer(png);
        Mat buffer = new Mat(1, png.length, opencv_core.CV_8UC1, data);
        Mat decoded = opencv_imgcodecs.imdecode(buffer, opencv_imgcodecs.IMREAD_COLOR)) {
      if (decoded == null || decoded.empty()) {
        throw new VideoException("Cannot decode image " + what + ": not a readable PNG");
      }

      opencv_imgproc.cvtColor(decoded, rgb, opencv_imgproc.COLOR_BGR2RGB);
    }
  }

  /** PNG bytes of an RGB24 frame. */
  public byte[] encode(Mat rgb) {
    opencv_imgproc.cvtColor(rgb, bgr, opencv_imgproc.COLOR_RGB2BGR);
    try (BytePointer encoded = new BytePointer()) {
      if (!opencv_imgcodecs.imencode(".png", bgr, encoded, options)) {
        throw new VideoException("Cannot encode a frame as PNG: OpenCV refused it");
      }

      byte[] bytes = new byte[Math.toIntExact(encoded.limit())];
      encoded.get(bytes);
      return bytes;
    }
  }

  @Override
  public void close() {
    bgr.close();
    options.close();
  }
}
