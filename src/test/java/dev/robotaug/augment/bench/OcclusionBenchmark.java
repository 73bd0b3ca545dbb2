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

/** Three 20% x 20% occluders (two rectangles, one overlay) on a 640x480 frame, copy included. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OcclusionBenchmark {
  private Mat frame;
  private Mat out;
  private FrameAugmenter augmenter;

  @Setup(Level.Trial)
  public void setUp() {
    FrameAugmenter.useCallerThreadsOnly();
    frame = BenchmarkFrames.frame();
    out = new Mat();
    CameraParameters camera = new CameraParameters(BenchmarkFrames.occlusion(), null, null);
    augmenter =
        new FrameAugmenter(
            BenchmarkFrames.single(TransformFamily.OCCLUSION, camera),
            BenchmarkFrames.CAMERA,
            BenchmarkFrames.VGA);
  }

  @Benchmark
  public Mat occlusion() {
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
