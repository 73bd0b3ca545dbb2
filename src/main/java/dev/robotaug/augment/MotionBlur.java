package dev.robotaug.augment;

import static org.bytedeco.opencv.global.opencv_core.BORDER_ISOLATED;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;

import java.nio.ShortBuffer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Motion blur as an integer shift-accumulate: {@code out = rnd(S / n)} where {@code S} is the exact
 * integer sum of the n tap values of {@link MotionKernel} under {@code BORDER_REFLECT_101}.
 *
 * <p>Why not {@code filter2D}: for 8-bit images OpenCV switches to a DFT once the kernel area
 * reaches 130 (every line of K ≥ 13), which costs about 15 ms per 640x480 frame instead of about 1.
 * Summing shifted rows of a padded 16-bit copy costs one vectorised add per tap and pixel whatever
 * the kernel's bounding box, and being integer it is bit-identical on every CPU. It equals {@code
 * filter2D} with the same kernel within ±1 DN (filter2D sums in float).
 *
 * <p>Not thread-safe: buffers are reused from frame to frame.
 */
final class MotionBlur implements AutoCloseable {
  private final MotionKernel kernel;
  private final int height;
  private final int rowLength;
  private final int paddedRowLength;
  private final int[] tapOffsets;
  private final byte[] divide;
  private final Mat padded8;
  private final Mat padded16;
  private final ShortBuffer padded16Memory;
  private final short[] padded;
  private final short[] sums;

  MotionBlur(MotionKernel kernel, FrameSize size) {
    this.kernel = kernel;
    this.height = size.height();
    int radius = kernel.radius();
    this.rowLength = size.width() * 3;
    this.paddedRowLength = (size.width() + 2 * radius) * 3;

    this.tapOffsets = new int[kernel.size()];
    for (int tap = 0; tap < kernel.size(); tap++) {
      tapOffsets[tap] = kernel.dy(tap) * paddedRowLength + kernel.dx(tap) * 3;
    }

    int n = kernel.size();
    this.divide = new byte[255 * n + 1];
    for (int sum = 0; sum < divide.length; sum++) {
      divide[sum] = (byte) ((2 * sum + n) / (2 * n));
    }

    int paddedRows = height + 2 * radius;
    this.padded8 = new Mat(paddedRows, size.width() + 2 * radius, CV_8UC3);
    this.padded16 = new Mat(paddedRows, size.width() + 2 * radius, CV_16UC3);
    this.padded16Memory = padded16.createBuffer();
    this.padded = new short[paddedRows * paddedRowLength];
    this.sums = new short[rowLength];
  }

  /** Blurs {@code in} (CV_8UC3 of the constructor's size) into {@code out}, row-major RGB bytes. */
  void apply(Mat in, byte[] out) {
    int radius = kernel.radius();
    copyMakeBorder(
        in, padded8, radius, radius, radius, radius, BORDER_REFLECT_101 | BORDER_ISOLATED);
    padded8.convertTo(padded16, CV_16U);
    padded16Memory.get(0, padded);

    for (int y = 0; y < height; y++) {
      int centre = (y + radius) * paddedRowLength + radius * 3;
      System.arraycopy(padded, centre + tapOffsets[0], sums, 0, rowLength);
      for (int tap = 1; tap < tapOffsets.length; tap++) {
        accumulate(centre + tapOffsets[tap]);
      }

      int rowStart = y * rowLength;
      for (int i = 0; i < rowLength; i++) {
        out[rowStart + i] = divide[sums[i]];
      }
    }
  }

  private void accumulate(int from) {
    short[] source = padded;
    short[] target = sums;
    for (int i = 0; i < target.length; i++) {
      target[i] += source[from + i];
    }
  }

  @Override
  public void close() {
    padded8.close();
    padded16.close();
  }
}
