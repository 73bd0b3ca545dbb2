package dev.robotaug.augment;

import static org.bytedeco.opencv.global.opencv_core.BORDER_ISOLATED;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Motion blur as an exact integer shift-accumulate: {@code out = floor(S / n + 1/2)} where {@code
 * S} is the integer sum of the n tap values of {@link MotionKernel} under {@code
 * BORDER_REFLECT_101}.
 *
 * <p>Why not {@code filter2D}: for 8-bit images OpenCV switches to a DFT once the kernel's area
 * matrix's area reaches 130 (a (2r+1)² line kernel for any K ≥ 13), which costs 15 ms or more per
 * 640x480 frame instead of about 1. Here the frame is padded once into 16 bits and shifted views of
 * it are added with 16-bit {@code cv::add}, which cannot overflow (at most 51 × 255 = 13 005), so
 * the cost grows with the number of additions, never with the kernel's bounding box, and the sum is
 * exact on every CPU. The result equals {@code filter2D} with the same kernel within ±1 DN
 * (filter2D sums in float).
 *
 * <p>To need fewer additions than taps, shared pairs of shifted images are summed once ({@link
 * ShiftSumPlan}): a 31-tap line needs 7 to 14 additions (10.4 on average over angles) instead of
 * 30.
 *
 * <p>Not thread-safe: buffers are reused from frame to frame.
 */
final class MotionBlur implements AutoCloseable {
  private final int radius;
  private final int taps;
  private final int additions;
  private final Mat padded8;
  private final Mat padded16;
  private final Mat sums;
  private final Mat noMask;
  private final List<Mat> owned = new ArrayList<>();
  private final List<Rect> rects = new ArrayList<>();
  private final List<Mat[]> builds = new ArrayList<>();
  private final List<Mat> built = new ArrayList<>();
  private final Mat[] terms;

  MotionBlur(MotionKernel kernel, FrameSize size) {
    this.radius = kernel.radius();
    this.taps = kernel.size();
    int paddedWidth = size.width() + 2 * radius;
    int paddedHeight = size.height() + 2 * radius;
    this.padded8 = own(new Mat(paddedHeight, paddedWidth, CV_8UC3));
    this.padded16 = own(new Mat(paddedHeight, paddedWidth, CV_16UC3));
    this.sums = own(new Mat(size.height(), size.width(), CV_16UC3));
    this.noMask = own(new Mat());

    List<int[]> offsets = new ArrayList<>();
    for (int tap = 0; tap < taps; tap++) {
      offsets.add(new int[] {kernel.dx(tap), kernel.dy(tap)});
    }
    ShiftSumPlan plan = ShiftSumPlan.of(offsets);
    this.additions = plan.additions();

    // Each image is a Mat over its region; origins[i] is the coordinate of its pixel (0, 0).
    int[][] regions = plan.regions(size.width(), size.height());
    int[] base = regions[0];
    if (base[0] < -radius
        || base[1] < -radius
        || base[0] + base[2] > size.width() + radius
        || base[1] + base[3] > size.height() + radius) {
      throw new IllegalStateException("[BUG] motion blur plan reads outside the padded frame");
    }

    Mat[] images = new Mat[plan.images() + 1];
    int[][] origins = new int[plan.images() + 1][];
    images[0] = padded16;
    origins[0] = new int[] {-radius, -radius};
    for (int image = 1; image <= plan.images(); image++) {
      int[] region = regions[image];
      int[] recipe = plan.recipe(image);
      Mat parent = images[recipe[0]];
      int[] parentOrigin = origins[recipe[0]];
      images[image] = own(new Mat(region[3], region[2], CV_16UC3));
      origins[image] = new int[] {region[0], region[1]};
      built.add(images[image]);
      builds.add(
          new Mat[] {
            view(parent, parentOrigin, region[0], region[1], region[2], region[3]),
            view(
                parent,
                parentOrigin,
                region[0] + recipe[1],
                region[1] + recipe[2],
                region[2],
                region[3])
          });
    }

    List<Mat> termViews = new ArrayList<>();
    for (int[] term : plan.terms()) {
      termViews.add(
          view(images[term[0]], origins[term[0]], term[1], term[2], size.width(), size.height()));
    }
    this.terms = termViews.toArray(new Mat[0]);
  }

  /** Number of 16-bit additions per frame, as planned. */
  int additionsPerFrame() {
    return additions;
  }

  /** Blurs {@code in} (CV_8UC3 of the constructor's size, any Mat) into {@code out}. */
  void apply(Mat in, Mat out) {
    copyMakeBorder(
        in, padded8, radius, radius, radius, radius, BORDER_REFLECT_101 | BORDER_ISOLATED);
    padded8.convertTo(padded16, CV_16U);

    for (int image = 0; image < built.size(); image++) {
      Mat[] parts = builds.get(image);
      add(parts[0], parts[1], built.get(image), noMask, -1);
    }
    sumInto(terms, sums, noMask);

    // With no exact ties left (bias 1/(4n) < the 1/(2n) gap to any half), float rounding of
    // S/n + 1/(4n) gives floor(S/n + 1/2) exactly.
    sums.convertTo(out, CV_8U, 1.0 / taps, 0.25 / taps);
  }

  private static void sumInto(Mat[] parts, Mat target, Mat noMask) {
    if (parts.length == 1) {
      parts[0].copyTo(target);
      return;
    }

    add(parts[0], parts[1], target, noMask, -1);
    for (int i = 2; i < parts.length; i++) {
      add(target, parts[i], target, noMask, -1);
    }
  }

  /** The view of {@code image} (whose pixel (0, 0) is {@code origin}) over a coordinate rect. */
  private Mat view(Mat image, int[] origin, int x, int y, int width, int height) {
    Rect rect = new Rect(x - origin[0], y - origin[1], width, height);
    rects.add(rect);
    return own(new Mat(image, rect));
  }

  private Mat own(Mat mat) {
    owned.add(mat);
    return mat;
  }

  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    rects.forEach(Rect::close);
  }
}
