package dev.robotaug.preview;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Scales RGB frames to preview cells and moves them through PNG. */
public final class Thumbnails {
  private Thumbnails() {}

  /** A PNG of {@code rgb} scaled to the preview cell width. */
  public static byte[] png(Mat rgb) {
    int height = PreviewPlan.cellHeight(rgb.cols(), rgb.rows());
    try (Mat small = new Mat();
        Mat bgr = new Mat();
        Size size = new Size(PreviewPlan.CELL_WIDTH, height);
        BytePointer encoded = new BytePointer()) {
      opencv_imgproc.resize(rgb, small, size, 0, 0, opencv_imgproc.INTER_AREA);
      opencv_imgproc.cvtColor(small, bgr, opencv_imgproc.COLOR_RGB2BGR);
      if (!opencv_imgcodecs.imencode(".png", bgr, encoded)) {
        throw new IllegalStateException("Cannot encode preview cell as PNG");
      }

      byte[] bytes = new byte[(int) encoded.limit()];
      encoded.get(bytes);
      return bytes;
    }
  }

  /** Decodes a PNG to a BGR Mat (the caller closes it). */
  static Mat decodeBgr(byte[] png) {
    try (BytePointer data = new BytePointer(png);
        Mat buffer = new Mat(1, png.length, opencv_core.CV_8UC1, data)) {
      Mat bgr = opencv_imgcodecs.imdecode(buffer, opencv_imgcodecs.IMREAD_COLOR);
      if (bgr == null || bgr.empty()) {
        throw new IllegalArgumentException("Cannot decode preview cell: not a PNG");
      }

      return bgr;
    }
  }
}
