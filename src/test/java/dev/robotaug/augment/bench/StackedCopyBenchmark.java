package dev.robotaug.augment.bench;

import dev.robotaug.augment.BlurParameters;
import dev.robotaug.augment.CameraParameters;
import dev.robotaug.augment.CopyParameters;
import dev.robotaug.augment.CopyRecipe;
import dev.robotaug.augment.FrameAugmenter;
import dev.robotaug.spec.TransformFamily;
import java.util.List;
import java.util.Map;
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

/**
 * A full stacked copy (occlusion, lighting, blur, noise) on a 640x480 frame: the per-frame,
 * per-core cost of one augmented copy before decoding and encoding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StackedCopyBenchmark {
  /**
   * {@code motion15-gaussian}: motion K=15 at 30° + gaussian σ 10; {@code defocus-shot}: σ 2.5 + k
   * 1.
   */
  @Param({"motion15-gaussian", "defocus-shot"})
  public String variant;

  private Mat frame;
  private Mat out;
  private FrameAugmenter augmenter;
  private long frameIndex;

  @Setup(Level.Trial)
  public void setUp() {
    FrameAugmenter.useCallerThreadsOnly();
    frame = BenchmarkFrames.frame();
    out = new Mat();
    boolean motion = variant.startsWith("motion");
    BlurParameters blur =
        motion
            ? BlurParameters.motion(15, 30, BenchmarkFrames.KEY)
            : BlurParameters.defocus(2.5, BenchmarkFrames.KEY);
    CameraParameters camera =
        new CameraParameters(
            BenchmarkFrames.occlusion(), blur, BenchmarkFrames.noise(motion ? "gaussian" : "shot"));
    CopyParameters copy =
        new CopyParameters(
            1,
            0,
            CopyRecipe.stacked(0, List.of(TransformFamily.values())),
            BenchmarkFrames.lighting(),
            Map.of(BenchmarkFrames.CAMERA, camera));
    augmenter = new FrameAugmenter(copy, BenchmarkFrames.CAMERA, BenchmarkFrames.VGA);
  }

  @Benchmark
  public Mat stackedCopy() {
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
