package dev.robotaug.augment.bench;

import dev.robotaug.augment.CameraParameters;
import dev.robotaug.augment.FrameAugmenter;
import dev.robotaug.spec.TransformFamily;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Lighting (brightness, contrast and colour temperature fused in one LUT) on a 640x480 frame. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LightingBenchmark {
  private Mat frame;
  private Mat out;
  private FrameAugmenter augmenter;
  private long frameIndex;

  @Setup(Level.Trial)
  public void setUp() {
    FrameAugmenter.useCallerThreadsOnly();
    frame = BenchmarkFrames.frame();
    out = new Mat();
    augmenter =
        new FrameAugmenter(
            BenchmarkFrames.single(
                TransformFamily.LIGHTING, new CameraParameters(null, null, null)),
            BenchmarkFrames.CAMERA,
            BenchmarkFrames.VGA);
  }

  @Benchmark
  public Mat lighting() {
    augmenter.apply(frame, out, frameIndex++);
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    augmenter.close();
    out.close();
    frame.close();
  }
}
