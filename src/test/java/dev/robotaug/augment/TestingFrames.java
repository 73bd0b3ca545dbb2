package dev.robotaug.augment;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.SpecJson;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;

/** Frames, requests and parameters for the transform tests. */
final class TestingFrames {
  static final String FRONT = "observation.images.front";
  static final String WRIST = "observation.images.wrist";
  static final FrameSize VGA = new FrameSize(640, 480);

  private TestingFrames() {}

  /** A request from a JSON object body, with every other field at its default. */
  static AugmentationRequest request(String json) {
    return SpecJson.read(json, AugmentationRequest.class);
  }

  /** Draws one copy's parameters for a single camera of {@code size}. */
  static CopyParameters sample(
      AugmentationRequest request, long episode, CopyRecipe recipe, FrameSize size) {
    return ParameterSampler.sample(request, 42L, episode, recipe, Map.of(FRONT, size));
  }

  /** A frame where every channel of every pixel is {@code value}. */
  static Mat flat(FrameSize size, int value) {
    byte[] bytes = new byte[size.width() * size.height() * 3];
    java.util.Arrays.fill(bytes, (byte) value);
    return mat(size, bytes);
  }

  /** A frame of uniformly random bytes. */
  static Mat random(FrameSize size, long seed) {
    byte[] bytes = new byte[size.width() * size.height() * 3];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return mat(size, bytes);
  }

  static Mat mat(FrameSize size, byte[] bytes) {
    Mat mat = new Mat(size.height(), size.width(), CV_8UC3);
    mat.data().put(bytes);
    return mat;
  }

  /** The frame's bytes, row-major RGB, as unsigned values. */
  static int[] values(Mat mat) {
    Mat continuous = mat.isContinuous() ? mat : mat.clone();
    byte[] bytes = new byte[continuous.rows() * continuous.cols() * 3];
    continuous.data().get(bytes);
    int[] values = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      values[i] = bytes[i] & 0xFF;
    }
    return values;
  }

  /** Applies {@code copy} to one frame of camera {@link #FRONT} with a fresh augmenter. */
  static int[] augment(CopyParameters copy, Mat frame, long frameIndex) {
    FrameSize size = new FrameSize(frame.cols(), frame.rows());
    try (FrameAugmenter augmenter = new FrameAugmenter(copy, FRONT, size);
        Mat out = new Mat()) {
      augmenter.apply(frame, out, frameIndex);
      return values(out);
    }
  }

  static double mean(int[] values, int offset) {
    double sum = 0;
    for (int value : values) {
      sum += value - offset;
    }
    return sum / values.length;
  }

  static double variance(int[] values, int offset) {
    double mean = mean(values, offset);
    double sum = 0;
    for (int value : values) {
      double d = value - offset - mean;
      sum += d * d;
    }
    return sum / values.length;
  }
}
