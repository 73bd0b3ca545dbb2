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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Per-frame noise (a fresh keyed realisation on every call) on a 640x480 frame. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NoiseBenchmark {
  @Param({"gaussian", "shot", "read"})
  public String type;

  private Mat frame;
  private Mat out;
  private FrameAugmenter augmenter;
  private long frameIndex;

  @Setup(Level.Trial)
  public void setUp() {
    FrameAugmenter.useCallerThreadsOnly();
    frame = BenchmarkFrames.frame();
    out = new Mat();
    CameraParameters camera = new CameraParameters(null, null, BenchmarkFrames.noise(type));
    augmenter =
        new FrameAugmenter(
            BenchmarkFrames.single(TransformFamily.NOISE, camera),
            BenchmarkFrames.CAMERA,
            BenchmarkFrames.VGA);
  }

  @Benchmark
  public Mat noise() {
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
