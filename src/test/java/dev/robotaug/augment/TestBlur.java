package dev.robotaug.augment;

import static dev.robotaug.augment.TestingFrames.FRONT;
import static dev.robotaug.augment.TestingFrames.VGA;
import static dev.robotaug.augment.TestingFrames.augment;
import static dev.robotaug.augment.TestingFrames.request;
import static dev.robotaug.augment.TestingFrames.sample;
import static dev.robotaug.augment.TestingFrames.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.filter2D;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.BlurType;
import dev.robotaug.spec.TransformFamily;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class TestBlur {
  private static final CopyRecipe BLUR_COPY = CopyRecipe.independent(0, TransformFamily.BLUR);
  private static final FrameSize IMPULSE = new FrameSize(101, 101);

  @Test
  void motionImpulseResponseIsALineOfTheDrawnLengthAndAngle() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"blur\", \"blur_type\": \"motion\","
                + " \"blur_motion_kernel_min\": 4, \"blur_motion_kernel_max\": 40}");

    for (long episode = 0; episode < 12; episode++) {
      BlurParameters blur =
          sample(request, episode, BLUR_COPY, IMPULSE).cameras().get(FRONT).blur();
      int[] out = impulseResponse(sample(request, episode, BLUR_COPY, IMPULSE));
      int k = blur.kernel();
      double theta = Math.toRadians(blur.angleDegrees());
      int r = (k - 1) / 2;

      assertThat(k % 2).isEqualTo(1);
      assertThat(k).isBetween(5, 41);
      int taps = MotionKernel.of(k, blur.angleDegrees()).size();
      int majorSpan =
          2 * (int) Math.rint(Math.max(Math.abs(Math.cos(theta)), Math.sin(theta)) * r) + 1;
      assertThat(taps).isBetween(majorSpan, k);
      assertThat(countNonZero(out)).as("episode %d K=%d", episode, k).isEqualTo(taps);

      int endX = (int) Math.rint(Math.cos(theta) * r);
      int endY = (int) Math.rint(Math.sin(theta) * r);
      assertThat(red(out, 50 + endX, 50 + endY)).isEqualTo(Math.round(255f / taps));
      assertThat(red(out, 50 - endX, 50 - endY)).isEqualTo(Math.round(255f / taps));
      assertThat(farthestNonZeroDistance(out)).isCloseTo(Math.hypot(endX, endY), within(1e-9));

      double measured = Math.toDegrees(Math.atan2(endY, endX));
      double error = Math.abs(((measured - blur.angleDegrees()) % 180 + 270) % 180 - 90);
      assertThat(error).isLessThanOrEqualTo(Math.toDegrees(Math.atan(0.75 / r)));
    }
  }

  @Test
  void motionBlurEqualsFilter2dWithinOne() {
    try (Mat frame = TestingFrames.random(VGA, 11)) {
      for (int k : new int[] {5, 15, 31}) {
        for (double angle : new double[] {0, 33.3, 90, 135, 171.2}) {
          CopyParameters copy = motionCopy(VGA, k, angle);
          MotionKernel kernel = MotionKernel.of(k, angle);
          int[] ours = augment(copy, frame, 0);
          int[] reference = filter2dReference(frame, kernel);

          int maxDifference = 0;
          int equal = 0;
          for (int i = 0; i < ours.length; i++) {
            maxDifference = Math.max(maxDifference, Math.abs(ours[i] - reference[i]));
            equal += ours[i] == reference[i] ? 1 : 0;
          }
          assertThat(maxDifference).as("K=%d angle %.1f", k, angle).isLessThanOrEqualTo(1);
          assertThat(equal).isGreaterThan(ours.length * 95 / 100);
        }
      }
    }
  }

  @Test
  void motionBlurIsTheExactRoundedMeanOfItsTaps() {
    FrameSize size = new FrameSize(67, 53);
    try (Mat frame = TestingFrames.random(size, 21)) {
      int[] source = values(frame);
      for (int k : new int[] {3, 15, 31, 51}) {
        for (double angle : new double[] {0, 14.5, 22, 45, 63.4, 152}) {
          MotionKernel kernel = MotionKernel.of(k, angle);
          int[] expected = exactMotionBlur(source, size, kernel);

          assertThat(augment(motionCopy(size, k, angle), frame, 0))
              .as("K=%d angle %.1f", k, angle)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void sharedPairsCutTheAdditionsOfLongLines() {
    int worst = 0;
    for (int tenths = 0; tenths < 1800; tenths += 10) {
      MotionKernel kernel = MotionKernel.of(31, tenths / 10.0);
      try (MotionBlur blur = new MotionBlur(kernel, new FrameSize(64, 48))) {
        assertThat(blur.additionsPerFrame()).isLessThanOrEqualTo(kernel.size() - 1);
        worst = Math.max(worst, blur.additionsPerFrame());
      }
    }

    assertThat(worst).isLessThanOrEqualTo(14);
  }

  @Test
  void motionBlurRoundsTheExactMeanHalfUp() {
    CopyParameters copy = motionCopy(new FrameSize(8, 1), 3, 0);
    byte[] row = new byte[8 * 3];
    int[] reds = {0, 1, 0, 0, 2, 0, 0, 0};
    for (int x = 0; x < 8; x++) {
      row[x * 3] = (byte) reds[x];
    }

    int[] out;
    try (Mat frame = TestingFrames.mat(new FrameSize(8, 1), row)) {
      out = augment(copy, frame, 0);
    }

    // Means of three taps with reflect-101 borders: (1+0+1)/3, 1/3, 3/3, 2/3, 2/3, 2/3, 0, 0.
    int[] expectedReds = {1, 0, 0, 1, 1, 1, 0, 0};
    for (int x = 0; x < 8; x++) {
      assertThat(out[x * 3]).as("x=%d", x).isEqualTo(expectedReds[x]);
    }
  }

  @Test
  void defocusLineResponseHasTheDrawnSigmaAsSecondMoment() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"blur\", \"blur_type\": \"defocus\","
                + " \"blur_defocus_sigma_min\": 1.0, \"blur_defocus_sigma_max\": 2.5}");

    for (long episode = 0; episode < 6; episode++) {
      CopyParameters copy = sample(request, episode, BLUR_COPY, IMPULSE);
      double sigma = copy.cameras().get(FRONT).blur().sigma();
      byte[] bytes = new byte[101 * 101 * 3];
      for (int y = 0; y < 101; y++) {
        bytes[(y * 101 + 50) * 3] = (byte) 255;
      }

      int[] out;
      try (Mat line = TestingFrames.mat(IMPULSE, bytes)) {
        out = augment(copy, line, 0);
      }

      double mass = 0;
      double moment = 0;
      for (int x = 0; x < 101; x++) {
        int value = red(out, x, 50);
        mass += value;
        moment += value * (double) (x - 50) * (x - 50);
      }
      assertThat(sigma).isBetween(1.0, 2.5);
      assertThat(mass).isCloseTo(255, within(255 * 0.05));
      assertThat(Math.sqrt(moment / mass)).isCloseTo(sigma, within(0.1 * sigma));
    }
  }

  @Test
  void defocusImpulseResponseIsAnIsotropicGaussian() {
    CopyParameters copy = defocusCopy(IMPULSE, 1.2);
    int[] out = impulseResponse(copy);

    double mass = 0;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int y = 0; y < 101; y++) {
      for (int x = 0; x < 101; x++) {
        int value = red(out, x, y);
        mass += value;
        xx += value * (double) (x - 50) * (x - 50);
        yy += value * (double) (y - 50) * (y - 50);
        xy += value * (double) (x - 50) * (y - 50);
      }
    }

    double[] gaussian = sampledGaussian(1.2, BlurParameters.defocusKernelSize(1.2));
    int radius = gaussian.length / 2;
    double worst = 0;
    for (int y = 0; y < 101; y++) {
      for (int x = 0; x < 101; x++) {
        boolean inside = Math.abs(x - 50) <= radius && Math.abs(y - 50) <= radius;
        double ideal = inside ? 255 * gaussian[x - 50 + radius] * gaussian[y - 50 + radius] : 0;
        worst = Math.max(worst, Math.abs(red(out, x, y) - ideal));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(1.0);
    assertThat(xx / mass).isCloseTo(1.44, within(0.144));
    assertThat(yy / mass).isCloseTo(xx / mass, within(1e-9));
    assertThat(xy / mass).isCloseTo(0, within(1e-9));
  }

  @Test
  void defocusEqualsOpenCvGaussianBlurWithTheDocumentedKernelSize() {
    CopyParameters copy = defocusCopy(VGA, 2.2);

    try (Mat frame = TestingFrames.random(VGA, 3);
        Mat reference = new Mat();
        Size ksize = new Size(15, 15)) {
      GaussianBlur(frame, reference, ksize, 2.2, 2.2, BORDER_REFLECT_101, 1);

      assertThat(copy.cameras().get(FRONT).blur().ksize()).isEqualTo(15);
      assertThat(augment(copy, frame, 0)).isEqualTo(values(reference));
    }
  }

  @Test
  void evenKernelBoundsAreRoundedUpToOddAndEveryOddLengthOccurs() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"blur\", \"blur_type\": \"motion\","
                + " \"blur_motion_kernel_min\": 4, \"blur_motion_kernel_max\": 10}");
    java.util.Set<Integer> kernels = new java.util.TreeSet<>();

    for (long episode = 0; episode < 200; episode++) {
      kernels.add(
          sample(request, episode, BLUR_COPY, IMPULSE).cameras().get(FRONT).blur().kernel());
    }

    assertThat(kernels).containsExactly(5, 7, 9, 11);
  }

  static CopyParameters motionCopy(FrameSize size, int k, double angle) {
    return blurCopy(BlurParameters.motion(k, angle, KeyedRandom.hex(0)));
  }

  static CopyParameters defocusCopy(FrameSize size, double sigma) {
    return blurCopy(BlurParameters.defocus(sigma, KeyedRandom.hex(0)));
  }

  private static CopyParameters blurCopy(BlurParameters blur) {
    return new CopyParameters(
        1, 0, BLUR_COPY, null, Map.of(FRONT, new CameraParameters(null, blur, null)));
  }

  private static int[] impulseResponse(CopyParameters copy) {
    byte[] bytes = new byte[101 * 101 * 3];
    bytes[(50 * 101 + 50) * 3] = (byte) 255;
    try (Mat impulse = TestingFrames.mat(IMPULSE, bytes)) {
      return augment(copy, impulse, 0);
    }
  }

  private static int[] filter2dReference(Mat frame, MotionKernel kernel) {
    int side = 2 * kernel.radius() + 1;
    try (Mat weights = new Mat(side, side, CV_32F);
        Mat out = new Mat();
        Point anchor = new Point(-1, -1)) {
      new FloatPointer(weights.data()).put(kernel.dense());
      filter2D(frame, out, -1, weights, anchor, 0, BORDER_REFLECT_101);
      return values(out);
    }
  }

  /** The normalised, sampled Gaussian kernel OpenCV uses for an explicit kernel size. */
  private static double[] sampledGaussian(double sigma, int ksize) {
    double[] weights = new double[ksize];
    double sum = 0;
    for (int i = 0; i < ksize; i++) {
      double x = i - ksize / 2;
      weights[i] = Math.exp(-x * x / (2 * sigma * sigma));
      sum += weights[i];
    }

    for (int i = 0; i < ksize; i++) {
      weights[i] /= sum;
    }
    return weights;
  }

  /** floor(S/n + 1/2) of the n taps with reflect-101 borders, computed pixel by pixel. */
  private static int[] exactMotionBlur(int[] source, FrameSize size, MotionKernel kernel) {
    int w = size.width();
    int h = size.height();
    int n = kernel.size();
    int[] sums = new int[source.length];
    for (int tap = 0; tap < n; tap++) {
      for (int y = 0; y < h; y++) {
        int sy = reflect101(y + kernel.dy(tap), h);
        for (int x = 0; x < w; x++) {
          int from = (sy * w + reflect101(x + kernel.dx(tap), w)) * 3;
          int to = (y * w + x) * 3;
          sums[to] += source[from];
          sums[to + 1] += source[from + 1];
          sums[to + 2] += source[from + 2];
        }
      }
    }

    int[] out = new int[sums.length];
    for (int i = 0; i < sums.length; i++) {
      out[i] = (2 * sums[i] + n) / (2 * n);
    }
    return out;
  }

  private static int reflect101(int p, int length) {
    while (p < 0 || p >= length) {
      p = p < 0 ? -p : 2 * (length - 1) - p;
    }
    return p;
  }

  private static int red(int[] out, int x, int y) {
    return out[(y * 101 + x) * 3];
  }

  private static int countNonZero(int[] out) {
    int count = 0;
    int otherChannels = 0;
    for (int i = 0; i < out.length; i += 3) {
      count += out[i] != 0 ? 1 : 0;
      otherChannels += out[i + 1] + out[i + 2];
    }
    assertThat(otherChannels).isZero();
    return count;
  }

  private static double farthestNonZeroDistance(int[] out) {
    double farthest = 0;
    for (int y = 0; y < 101; y++) {
      for (int x = 0; x < 101; x++) {
        if (red(out, x, y) != 0) {
          farthest = Math.max(farthest, Math.hypot(x - 50, y - 50));
        }
      }
    }
    return farthest;
  }

  static BlurType typeOf(CopyParameters copy) {
    return copy.cameras().get(FRONT).blur().type();
  }
}
