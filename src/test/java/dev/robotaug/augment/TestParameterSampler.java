package dev.robotaug.augment;

import static dev.robotaug.augment.TestingFrames.FRONT;
import static dev.robotaug.augment.TestingFrames.VGA;
import static dev.robotaug.augment.TestingFrames.WRIST;
import static dev.robotaug.augment.TestingFrames.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.BlurType;
import dev.robotaug.spec.NoiseType;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.spec.TransformFamily;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestParameterSampler {
  private static final Map<String, FrameSize> TWO_CAMERAS =
      Map.of(FRONT, VGA, WRIST, new FrameSize(320, 240));
  private static final String ALL =
      "\"augment_transforms\": \"lighting,noise,blur,occlusion\", \"augment_copies\": 3";

  @Test
  void everyDrawnParameterLiesWithinTheRequestRanges() {
    AugmentationRequest request =
        request(
            "{"
                + ALL
                + ", \"augment_brightness_min\": -30, \"augment_brightness_max\": 5,"
                + " \"augment_contrast_min\": 2, \"augment_contrast_max\": 40,"
                + " \"augment_color_temp_min\": 2500, \"augment_color_temp_max\": 9000,"
                + " \"noise_gaussian_sigma_min\": 1, \"noise_gaussian_sigma_max\": 4,"
                + " \"noise_shot_scale_min\": 2, \"noise_shot_scale_max\": 5,"
                + " \"blur_motion_kernel_min\": 7, \"blur_motion_kernel_max\": 21,"
                + " \"blur_defocus_sigma_min\": 0.2, \"blur_defocus_sigma_max\": 6}");
    Set<NoiseType> noiseTypes = EnumSet.noneOf(NoiseType.class);
    Set<BlurType> blurTypes = EnumSet.noneOf(BlurType.class);

    for (long episode = 0; episode < 150; episode++) {
      for (CopyRecipe recipe : CopyPlanner.copiesFor(request, episode)) {
        CopyParameters copy = ParameterSampler.sample(request, 9, episode, recipe, TWO_CAMERAS);
        LightingParameters lighting = copy.lighting();

        assertThat(lighting.brightnessPercent()).isBetween(-30.0, 5.0);
        assertThat(lighting.contrastPercent()).isBetween(2.0, 40.0);
        assertThat(lighting.colorTemperatureK()).isBetween(2500.0, 9000.0);
        for (CameraParameters camera : copy.cameras().values()) {
          assertNoiseWithinRanges(camera.noise());
          assertBlurWithinRanges(camera.blur());
          noiseTypes.add(camera.noise().type());
          blurTypes.add(camera.blur().type());
        }
      }
    }

    assertThat(noiseTypes)
        .containsExactlyInAnyOrder(NoiseType.GAUSSIAN, NoiseType.SHOT, NoiseType.READ);
    assertThat(blurTypes).containsExactlyInAnyOrder(BlurType.MOTION, BlurType.DEFOCUS);
  }

  @Test
  void lightingIsSharedWhilePerCameraFamiliesDiffer() {
    AugmentationRequest request = request("{" + ALL + "}");
    CopyRecipe recipe = CopyPlanner.copiesFor(request, 5).get(1);

    CopyParameters copy = ParameterSampler.sample(request, 9, 5, recipe, TWO_CAMERAS);
    CameraParameters front = copy.cameras().get(FRONT);
    CameraParameters wrist = copy.cameras().get(WRIST);

    assertThat(copy.lighting()).isNotNull();
    assertThat(copy.cameras()).containsOnlyKeys(FRONT, WRIST);
    assertThat(front.noise().key()).isNotEqualTo(wrist.noise().key());
    assertThat(front.noise().frameKey()).isNotEqualTo(wrist.noise().frameKey());
    assertThat(front.blur()).isNotEqualTo(wrist.blur());
    assertThat(front.blur().type()).isEqualTo(wrist.blur().type());
    assertThat(front.occlusion().patches()).isNotEqualTo(wrist.occlusion().patches());
    assertThat(front.occlusion().frameSize()).isEqualTo(VGA);
  }

  @Test
  void lightingDiffersBetweenCopiesAndEpisodes() {
    AugmentationRequest request = request("{" + ALL + "}");
    List<CopyRecipe> copies = CopyPlanner.copiesFor(request, 0);

    LightingParameters first =
        ParameterSampler.sample(request, 9, 0, copies.get(0), TWO_CAMERAS).lighting();
    LightingParameters second =
        ParameterSampler.sample(request, 9, 0, copies.get(1), TWO_CAMERAS).lighting();
    LightingParameters otherEpisode =
        ParameterSampler.sample(request, 9, 1, copies.get(0), TWO_CAMERAS).lighting();
    LightingParameters otherSeed =
        ParameterSampler.sample(request, 10, 0, copies.get(0), TWO_CAMERAS).lighting();

    assertThat(List.of(first, second, otherEpisode, otherSeed)).doesNotHaveDuplicates();
  }

  @Test
  void sameInputsGiveEqualParameters() {
    AugmentationRequest request = request("{" + ALL + "}");
    CopyRecipe recipe = CopyPlanner.copiesFor(request, 12).get(2);

    CopyParameters first = ParameterSampler.sample(request, 77, 12, recipe, TWO_CAMERAS);
    CopyParameters second =
        ParameterSampler.sample(request, 77, 12, recipe, Map.copyOf(TWO_CAMERAS));

    assertThat(second).isEqualTo(first);
  }

  @Test
  void mixedCyclingPutsBothBlurTypesAmongTwoCopiesAndAllNoiseTypesAmongThree() {
    AugmentationRequest request =
        request("{\"augment_transforms\": \"noise,blur\", \"augment_copies\": 3}");
    int[] firstCopyNoise = new int[4];

    for (long episode = 0; episode < 60; episode++) {
      List<CopyRecipe> copies = CopyPlanner.copiesFor(request, episode);
      Set<BlurType> firstTwoBlurs = EnumSet.noneOf(BlurType.class);
      Set<NoiseType> noises = EnumSet.noneOf(NoiseType.class);
      for (CopyRecipe recipe : copies) {
        CameraParameters camera =
            ParameterSampler.sample(request, 3, episode, recipe, TWO_CAMERAS).cameras().get(FRONT);
        if (recipe.copyIndex() < 2) {
          firstTwoBlurs.add(camera.blur().type());
        }
        noises.add(camera.noise().type());
        if (recipe.copyIndex() == 0) {
          firstCopyNoise[camera.noise().type().ordinal()]++;
        }
      }

      assertThat(firstTwoBlurs).as("episode %d", episode).hasSize(2);
      assertThat(noises).as("episode %d", episode).hasSize(3);
    }

    assertThat(firstCopyNoise[NoiseType.GAUSSIAN.ordinal()]).isGreaterThanOrEqualTo(10);
    assertThat(firstCopyNoise[NoiseType.SHOT.ordinal()]).isGreaterThanOrEqualTo(10);
    assertThat(firstCopyNoise[NoiseType.READ.ordinal()]).isGreaterThanOrEqualTo(10);
  }

  @Test
  void oneFamilysCopyCountNeverChangesAnotherFamilysDraws() {
    String base =
        "\"augment_transforms\": \"blur,noise\", \"augment_mode\": \"independent\","
            + " \"augment_copies_per_transform\": ";
    AugmentationRequest twoNoise = request("{" + base + "{\"noise\": 2}}");
    AugmentationRequest fiveNoise = request("{" + base + "{\"noise\": 5, \"blur\": 3}}");
    CopyRecipe blurCopy = CopyRecipe.independent(0, TransformFamily.BLUR);

    assertThat(ParameterSampler.sample(fiveNoise, 1, 4, blurCopy, TWO_CAMERAS))
        .isEqualTo(ParameterSampler.sample(twoNoise, 1, 4, blurCopy, TWO_CAMERAS));
  }

  @Test
  void copyParametersRoundTripThroughJson() {
    AugmentationRequest request = request("{" + ALL + "}");
    CopyRecipe recipe = CopyPlanner.copiesFor(request, 3).get(0);
    CopyParameters copy = ParameterSampler.sample(request, -5, 3, recipe, TWO_CAMERAS);

    String json = SpecJson.write(copy);
    CopyParameters read = SpecJson.read(json, CopyParameters.class);

    assertThat(read).isEqualTo(copy);
    assertThat(json)
        .contains("\"source_episode\" : 3")
        .contains("\"brightness_percent\"")
        .contains("\"color_temperature_k\"")
        .contains("\"frame_key\"")
        .contains("\"families\" : [ \"occlusion\", \"lighting\", \"blur\", \"noise\" ]");
  }

  @Test
  void unappliedFamiliesAreNull() {
    AugmentationRequest request = request("{\"augment_transforms\": \"blur\"}");

    CopyParameters copy =
        ParameterSampler.sample(
            request, 1, 0, CopyRecipe.stacked(0, List.of(TransformFamily.BLUR)), TWO_CAMERAS);

    assertThat(copy.lighting()).isNull();
    assertThat(copy.cameras().get(FRONT).noise()).isNull();
    assertThat(copy.cameras().get(FRONT).occlusion()).isNull();
    assertThat(copy.cameras().get(FRONT).blur()).isNotNull();
  }

  @Test
  void rejectsAMinimumAboveItsMaximumNamingTheField() {
    AugmentationRequest request =
        request("{\"augment_brightness_min\": 20, \"augment_brightness_max\": 10}");
    CopyRecipe recipe = CopyRecipe.stacked(0, List.of(TransformFamily.LIGHTING));

    assertThatThrownBy(() -> ParameterSampler.sample(request, 1, 0, recipe, TWO_CAMERAS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid augment_brightness_min: 20.0 is above augment_brightness_max 10.0");
  }

  @Test
  void rejectsANegativeNoiseSigma() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"noise\", \"noise_type\": \"gaussian\","
                + " \"noise_gaussian_sigma_min\": -2}");
    CopyRecipe recipe = CopyRecipe.stacked(0, List.of(TransformFamily.NOISE));

    assertThatThrownBy(() -> ParameterSampler.sample(request, 1, 0, recipe, TWO_CAMERAS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid noise_gaussian_sigma_min: -2.0, must be >= 0");
  }

  private static void assertNoiseWithinRanges(NoiseParameters noise) {
    if (noise.type() == NoiseType.SHOT) {
      assertThat(noise.k()).isBetween(2.0, 5.0);
      assertThat(noise.sigma()).isNull();
    } else {
      assertThat(noise.sigma()).isBetween(1.0, 4.0);
      assertThat(noise.k()).isNull();
    }
  }

  private static void assertBlurWithinRanges(BlurParameters blur) {
    if (blur.type() == BlurType.MOTION) {
      assertThat(blur.kernel()).isBetween(7, 21).matches(k -> k % 2 == 1);
      assertThat(blur.angleDegrees()).isGreaterThanOrEqualTo(0.0).isLessThan(180.0);
    } else {
      assertThat(blur.sigma()).isBetween(0.2, 6.0);
      assertThat(blur.ksize()).isEqualTo(2 * (int) Math.ceil(3 * blur.sigma()) + 1);
    }
  }
}
