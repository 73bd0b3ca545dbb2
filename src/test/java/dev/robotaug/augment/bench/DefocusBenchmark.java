package dev.robotaug.augment.bench;

import dev.robotaug.augment.BlurParameters;
import dev.robotaug.augment.FrameAugmenter;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
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

/** Defocus (bit-exact 8-bit GaussianBlur, ksize 2*ceil(3 sigma)+1) on a 640x480 frame. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DefocusBenchmark {
  @Param({"0.5", "2.5"})
  public double sigma;

  private Mat frame;
  private Mat out;
  private FrameAugmenter augmenter;

  @Setup(Level.Trial)
  public void setUp() {
    FrameAugmenter.useCallerThreadsOnly();
    frame = BenchmarkFrames.frame();
    out = new Mat();
    augmenter =
        new FrameAugmenter(
            BenchmarkFrames.blur(BlurParameters.defocus(sigma, BenchmarkFrames.KEY)),
            BenchmarkFrames.CAMERA,
            BenchmarkFrames.VGA);
  }

  @Benchmark
  public Mat defocus() {
    augmenter.apply(frame, out, 0);
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    augmenter.close();
    out.close();
    frame.close();
  }
}
