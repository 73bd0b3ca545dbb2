package dev.robotaug.augment.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.robotaug.augment.BlurParameters;
import dev.robotaug.augment.CameraParameters;
import dev.robotaug.augment.CopyParameters;
import dev.robotaug.augment.CopyRecipe;
import dev.robotaug.augment.FrameSize;
import dev.robotaug.augment.KeyedRandom;
import dev.robotaug.augment.LightingParameters;
import dev.robotaug.augment.NoiseParameters;
import dev.robotaug.augment.OcclusionParameters;
import dev.robotaug.spec.OcclusionType;
import dev.robotaug.spec.TransformFamily;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;

/** Fixed frames and copy parameters shared by the benchmarks: 640x480 RGB, one camera. */
final class BenchmarkFrames {
  static final String CAMERA = "observation.images.front";
  static final FrameSize VGA = new FrameSize(640, 480);
  static final String KEY = KeyedRandom.hex(0x5EEDL);

  private BenchmarkFrames() {}

  /**
   * A 640x480 frame of smooth gradients plus texture, closer to a camera image than white noise.
   */
  static Mat frame() {
    byte[] bytes = new byte[VGA.width() * VGA.height() * 3];
    SplittableRandom random = new SplittableRandom(1);
    for (int y = 0; y < VGA.height(); y++) {
      for (int x = 0; x < VGA.width(); x++) {
        int i = (y * VGA.width() + x) * 3;
        bytes[i] = (byte) (x * 255 / VGA.width());
        bytes[i + 1] = (byte) (y * 255 / VGA.height());
        bytes[i + 2] = (byte) (96 + random.nextInt(64));
      }
    }

    Mat frame = new Mat(VGA.height(), VGA.width(), CV_8UC3);
    frame.data().put(bytes);
    return frame;
  }

  static LightingParameters lighting() {
    return new LightingParameters(10, -10, 4000, KEY);
  }

  /** Three 20% x 20% patches: two opaque rectangles and one overlay. */
  static OcclusionParameters occlusion() {
    List<OcclusionParameters.Patch> patches =
        List.of(
            new OcclusionParameters.Patch(OcclusionType.RECTANGLE, 40, 30, 128, 96, 200, 30, 30, 1),
            new OcclusionParameters.Patch(OcclusionType.RECTANGLE, 300, 200, 128, 96, 0, 0, 0, 1),
            new OcclusionParameters.Patch(
                OcclusionType.OVERLAY, 480, 350, 128, 96, 20, 90, 200, 0.5));
    return new OcclusionParameters(VGA, patches, KEY);
  }

  static NoiseParameters noise(String type) {
    return switch (type) {
      case "gaussian" -> NoiseParameters.gaussian(10, KEY, KEY);
      case "shot" -> NoiseParameters.shot(1, KEY, KEY);
      case "read" -> NoiseParameters.read(10, KEY, KEY);
      default -> throw new IllegalArgumentException("Invalid noise type: " + type);
    };
  }

  /** A copy applying {@code family} alone with the given per-camera parameters. */
  static CopyParameters single(TransformFamily family, CameraParameters camera) {
    LightingParameters lighting = family == TransformFamily.LIGHTING ? lighting() : null;
    return new CopyParameters(
        1, 0, CopyRecipe.independent(0, family), lighting, Map.of(CAMERA, camera));
  }

  static CopyParameters blur(BlurParameters blur) {
    return single(TransformFamily.BLUR, new CameraParameters(null, blur, null));
  }
}
