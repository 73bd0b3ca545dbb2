package dev.robotaug.video;

import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Converts pixels between an FFmpeg frame and an RGB24 Mat of the same size with swscale (BT.601
 * limited range, bilinear chroma), the conversion PyAV applies when LeRobot reads or writes frames.
 */
final class FrameScaler implements AutoCloseable {

  private SwsContext context;
  private final int height;
  private final PointerPointer<BytePointer> matPlane = new PointerPointer<>(1);
  private final IntPointer matStride = new IntPointer(1);

  FrameScaler(int width, int height, int fromPixFmt, int toPixFmt, String action) {
    this.height = height;
    context =
        sws_getContext(
            width,
            height,
            fromPixFmt,
            width,
            height,
            toPixFmt,
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    if (context == null || context.isNull()) {
      close();
      throw new VideoException(
          "%s: swscale cannot convert %s to %s at %dx%d"
              .formatted(
                  action,
                  Codecs.pixFmtName(fromPixFmt),
                  Codecs.pixFmtName(toPixFmt),
                  width,
                  height));
    }
  }

  /** Fills the RGB24 Mat {@code rgb} from the decoded {@code frame}. */
  void frameToMat(AVFrame frame, Mat rgb) {
    pointAt(rgb);
    sws_scale(context, frame.data(), frame.linesize(), 0, height, matPlane, matStride);
  }

  /** Fills the writable {@code frame} from the RGB24 Mat {@code rgb}. */
  void matToFrame(Mat rgb, AVFrame frame) {
    pointAt(rgb);
    sws_scale(context, matPlane, matStride, 0, height, frame.data(), frame.linesize());
  }

  private void pointAt(Mat rgb) {
    matPlane.put(0, rgb.data());
    matStride.put(0, (int) rgb.step());
  }

  @Override
  public void close() {
    if (context != null) {
      sws_freeContext(context);
      context = null;
    }
    matPlane.close();
    matStride.close();
  }
}
