package dev.robotaug.augment;

import static dev.robotaug.augment.TestingFrames.FRONT;
import static dev.robotaug.augment.TestingFrames.VGA;
import static dev.robotaug.augment.TestingFrames.WRIST;
import static dev.robotaug.augment.TestingFrames.augment;
import static dev.robotaug.augment.TestingFrames.request;
import static dev.robotaug.augment.TestingFrames.values;
import static dev.robotaug.augment.TestingFrames.variance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.OcclusionType;
import dev.robotaug.spec.TransformFamily;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

class TestFrameAugmenter {
  private static final AugmentationRequest ALL =
      request("{\"augment_transforms\": \"lighting,noise,blur,occlusion\"}");

  @Test
  void sourceFrameIsNeverModified() {
    CopyParameters copy = stackedCopy(ALL, 0);

    try (Mat frame = TestingFrames.random(VGA, 1)) {
      int[] before = values(frame);
      int[] out = augment(copy, frame, 0);

      assertThat(values(frame)).isEqualTo(before);
      assertThat(out).isNotEqualTo(before);
    }
  }

  @Test
  void stackedCopyIsReproducibleWhateverTheInstanceAndFrameOrder() {
    CopyParameters copy = stackedCopy(ALL, 2);

    try (Mat first = TestingFrames.random(VGA, 1);
        Mat second = TestingFrames.random(VGA, 2);
        FrameAugmenter forward = new FrameAugmenter(copy, FRONT, VGA);
        FrameAugmenter backward = new FrameAugmenter(copy, FRONT, VGA);
        Mat out = new Mat()) {
      forward.apply(first, out, 0);
      int[] forwardFirst = values(out);
      forward.apply(second, out, 1);
      int[] forwardSecond = values(out);
      backward.apply(second, out, 1);
      int[] backwardSecond = values(out);
      backward.apply(first, out, 0);
      int[] backwardFirst = values(out);

      assertThat(backwardFirst).isEqualTo(forwardFirst);
      assertThat(backwardSecond).isEqualTo(forwardSecond);
    }
  }

  @Test
  void occludersAreLitByTheCopysLighting() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"occlusion,lighting\", \"occlusion_type\": \"rectangle\","
                + " \"occlusion_num_patches_min\": 1, \"occlusion_num_patches_max\": 1,"
                + " \"augment_color_temp_min\": 3000, \"augment_color_temp_max\": 3500}");
    CopyParameters copy = stackedCopy(request, 1);
    OcclusionParameters.Patch patch = copy.cameras().get(FRONT).occlusion().patches().get(0);
    LightingParameters lighting = copy.lighting();
    int[][] lut =
        LightingLut.table(
            lighting.brightnessPercent(), lighting.contrastPercent(), lighting.colorTemperatureK());

    int[] out;
    try (Mat frame = TestingFrames.random(VGA, 5)) {
      out = augment(copy, frame, 0);
    }

    int centre = ((patch.y() + patch.h() / 2) * VGA.width() + patch.x() + patch.w() / 2) * 3;
    assertThat(patch.type()).isEqualTo(OcclusionType.RECTANGLE);
    assertThat(new int[] {out[centre], out[centre + 1], out[centre + 2]})
        .containsExactly(lut[0][patch.r()], lut[1][patch.g()], lut[2][patch.b()]);
  }

  @Test
  void noiseIsAddedAfterTheBlur() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"blur,noise\", \"noise_type\": \"gaussian\","
                + " \"blur_type\": \"defocus\", \"blur_defocus_sigma_min\": 3,"
                + " \"blur_defocus_sigma_max\": 4}");
    CopyParameters copy = stackedCopy(request, 0);
    double sigma = copy.cameras().get(FRONT).noise().sigma();

    int[] out;
    try (Mat grey = TestingFrames.flat(VGA, 100)) {
      out = augment(copy, grey, 0);
    }

    assertThat(Math.sqrt(variance(out, 100))).isCloseTo(sigma, within(0.05 * sigma));
  }

  @Test
  void submatrixSourceGivesTheSameFrameAsAWholeOne() {
    AugmentationRequest request =
        request("{\"augment_transforms\": \"lighting,blur,noise\", \"blur_type\": \"defocus\"}");
    CopyParameters defocus = stackedCopy(request, 0);
    CopyParameters motion =
        stackedCopy(request("{\"augment_transforms\": \"blur\", \"blur_type\": \"motion\"}"), 0);

    try (Mat big = TestingFrames.random(new FrameSize(700, 520), 4);
        Rect rect = new Rect(30, 20, 640, 480);
        Mat view = new Mat(big, rect);
        Mat whole = view.clone()) {
      assertThat(view.isSubmatrix()).isTrue();
      assertThat(augment(defocus, view, 3)).isEqualTo(augment(defocus, whole, 3));
      assertThat(augment(motion, view, 3)).isEqualTo(augment(motion, whole, 3));
    }
  }

  @Test
  void destinationIsAllocatedOrReusedAsNeeded() {
    CopyParameters copy = stackedCopy(ALL, 0);

    try (Mat frame = TestingFrames.random(VGA, 1);
        FrameAugmenter augmenter = new FrameAugmenter(copy, FRONT, VGA);
        Mat empty = new Mat();
        Mat wrongSize = new Mat(10, 10, CV_8UC3);
        Mat reused = new Mat(480, 640, CV_8UC3)) {
      long reusedAddress = reused.data().address();
      augmenter.apply(frame, empty, 0);
      augmenter.apply(frame, wrongSize, 0);
      augmenter.apply(frame, reused, 0);

      assertThat(values(wrongSize)).isEqualTo(values(empty));
      assertThat(values(reused)).isEqualTo(values(empty));
      assertThat(reused.data().address()).isEqualTo(reusedAddress);
    }
  }

  @Test
  void rejectsAFrameOfAnotherSizeOrTheSourceAsDestination() {
    CopyParameters copy = stackedCopy(ALL, 0);

    try (FrameAugmenter augmenter = new FrameAugmenter(copy, FRONT, VGA);
        Mat small = TestingFrames.flat(new FrameSize(320, 240), 0);
        Mat frame = TestingFrames.flat(VGA, 0);
        Mat out = new Mat()) {
      assertThatThrownBy(() -> augmenter.apply(small, out, 7))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Invalid frame 7 of camera observation.images.front: 320x240 type 16,"
                  + " expected 640x480 CV_8UC3");
      assertThatThrownBy(() -> augmenter.apply(frame, frame, 8))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid frame 8 of camera observation.images.front: dst is src");
    }
  }

  @Test
  void rejectsFramesAfterClose() {
    FrameAugmenter augmenter = new FrameAugmenter(stackedCopy(ALL, 0), FRONT, VGA);
    augmenter.close();

    try (Mat frame = TestingFrames.flat(VGA, 0);
        Mat out = new Mat()) {
      assertThatThrownBy(() -> augmenter.apply(frame, out, 2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "Cannot augment frame 2 of camera observation.images.front: augmenter closed");
    }
  }

  @Test
  void rejectsACameraWithoutDrawnParametersOrOfAnotherSize() {
    CopyParameters copy = stackedCopy(ALL, 0);

    assertThatThrownBy(() -> new FrameAugmenter(copy, WRIST, VGA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot augment camera observation.images.wrist of episode 0 copy 0:"
                + " no parameters were drawn for it");
    assertThatThrownBy(() -> new FrameAugmenter(copy, FRONT, new FrameSize(320, 240)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot augment camera observation.images.front of episode 0: occlusion was drawn"
                + " for 640x480 frames, the camera has 320x240");
  }

  @Test
  void lightingOnlyCopyNeedsNoCameraParameters() {
    AugmentationRequest request = request("{\"augment_transforms\": \"lighting\"}");
    CopyRecipe recipe = CopyRecipe.stacked(0, List.of(TransformFamily.LIGHTING));
    CopyParameters copy = ParameterSampler.sample(request, 1, 0, recipe, Map.of());

    try (Mat frame = TestingFrames.flat(VGA, 128)) {
      int[] out = augment(copy, frame, 0);
      int[][] lut =
          LightingLut.table(
              copy.lighting().brightnessPercent(),
              copy.lighting().contrastPercent(),
              copy.lighting().colorTemperatureK());

      assertThat(new int[] {out[0], out[1], out[2]})
          .containsExactly(lut[0][128], lut[1][128], lut[2][128]);
    }
  }

  private static CopyParameters stackedCopy(AugmentationRequest request, long episode) {
    CopyRecipe recipe = CopyPlanner.copiesFor(request, episode).get(0);
    return ParameterSampler.sample(request, 42, episode, recipe, Map.of(FRONT, VGA));
  }
}
