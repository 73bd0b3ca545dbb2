package dev.robotaug.augment.bench;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.filter2D;

import dev.robotaug.augment.BlurParameters;
import dev.robotaug.augment.FrameAugmenter;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Motion blur on a 640x480 frame: ours (integer shift-accumulate) against a plain OpenCV {@code
 * filter2D} with the same (2r+1)² kernel matrix, which switches to a DFT once its area reaches 130
 * (K ≥ 13). Our cost follows the number of 16-bit additions the plan needs: for K = 31 that is 8 at
 * 0°, 14 at 17.5° (the worst angle) and 11 at 30°.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MotionBlurBenchmark {
  @Param({"5", "15", "31"})
  public int kernel;

  @Param({"0", "17.5", "30"})
  public double angle;

  private Mat frame;
  private Mat out;
  private FrameAugmenter augmenter;
  private Mat weights;
  private Point anchor;

  @Setup(Level.Trial)
  public void setUp() {
    FrameAugmenter.useCallerThreadsOnly();
    frame = BenchmarkFrames.frame();
    out = new Mat();
    augmenter =
        new FrameAugmenter(
            BenchmarkFrames.blur(BlurParameters.motion(kernel, angle, BenchmarkFrames.KEY)),
            BenchmarkFrames.CAMERA,
            BenchmarkFrames.VGA);
    weights = lineKernel(kernel, angle);
    anchor = new Point(-1, -1);
  }

  @Benchmark
  public Mat shiftAccumulate() {
    augmenter.apply(frame, out, 0);
    return out;
  }

  @Benchmark
  public Mat filter2dBaseline() {
    filter2D(frame, out, -1, weights, anchor, 0, BORDER_REFLECT_101);
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    augmenter.close();
    weights.close();
    anchor.close();
    out.close();
    frame.close();
  }

  /** The same taps as the augmenter's kernel, as a dense float matrix for filter2D. */
  private static Mat lineKernel(int k, double angleDegrees) {
    int r = (k - 1) / 2;
    int side = 2 * r + 1;
    double theta = angleDegrees / 180 * StrictMath.PI;
    boolean[] tap = new boolean[side * side];
    int n = 0;
    for (int p = -r; p <= r; p++) {
      int x = (int) Math.rint(StrictMath.cos(theta) * p) + r;
      int y = (int) Math.rint(StrictMath.sin(theta) * p) + r;
      if (!tap[y * side + x]) {
        tap[y * side + x] = true;
        n++;
      }
    }

    float[] dense = new float[side * side];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = tap[i] ? 1f / n : 0f;
    }
    Mat weights = new Mat(side, side, CV_32F);
    new FloatPointer(weights.data()).put(dense);
    return weights;
  }
}
