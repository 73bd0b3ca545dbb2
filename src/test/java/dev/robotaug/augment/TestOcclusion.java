package dev.robotaug.augment;

import static dev.robotaug.augment.TestingFrames.FRONT;
import static dev.robotaug.augment.TestingFrames.VGA;
import static dev.robotaug.augment.TestingFrames.augment;
import static dev.robotaug.augment.TestingFrames.request;
import static dev.robotaug.augment.TestingFrames.sample;
import static dev.robotaug.augment.TestingFrames.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.OcclusionType;
import dev.robotaug.spec.TransformFamily;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class TestOcclusion {
  private static final CopyRecipe OCCLUSION_COPY =
      CopyRecipe.independent(0, TransformFamily.OCCLUSION);

  @Test
  void patchCountAndGeometryStayWithinTheRequestedBounds() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"occlusion\", \"occlusion_num_patches_min\": 2,"
                + " \"occlusion_num_patches_max\": 6, \"occlusion_patch_width_min\": 0.1,"
                + " \"occlusion_patch_width_max\": 0.5, \"occlusion_patch_height_min\": 0.02,"
                + " \"occlusion_patch_height_max\": 0.3}");
    FrameSize size = new FrameSize(320, 200);
    int[] countsSeen = new int[11];

    for (long episode = 0; episode < 300; episode++) {
      List<OcclusionParameters.Patch> patches =
          sample(request, episode, OCCLUSION_COPY, size).cameras().get(FRONT).occlusion().patches();
      countsSeen[patches.size()]++;

      for (OcclusionParameters.Patch patch : patches) {
        assertThat(patch.w()).isBetween(32, 160);
        assertThat(patch.h()).isBetween(4, 60);
        assertThat(patch.x()).isBetween(0, 320 - patch.w());
        assertThat(patch.y()).isBetween(0, 200 - patch.h());
      }
    }

    assertThat(countsSeen[0] + countsSeen[1] + countsSeen[7] + countsSeen[8]).isZero();
    for (int count = 2; count <= 6; count++) {
      assertThat(countsSeen[count]).as("episodes with %d patches", count).isBetween(35, 85);
    }
  }

  @Test
  void rectanglePixelsTakeThePatchColourAndTheRestIsUntouched() {
    AugmentationRequest request =
        request("{\"augment_transforms\": \"occlusion\", \"occlusion_type\": \"rectangle\"}");
    CopyParameters copy = sample(request, 4, OCCLUSION_COPY, VGA);
    List<OcclusionParameters.Patch> patches = copy.cameras().get(FRONT).occlusion().patches();

    int[] source;
    int[] out;
    try (Mat frame = TestingFrames.random(VGA, 8)) {
      source = values(frame);
      out = augment(copy, frame, 0);
    }

    int wrong = 0;
    int covered = 0;
    for (int y = 0; y < VGA.height(); y++) {
      for (int x = 0; x < VGA.width(); x++) {
        OcclusionParameters.Patch top = topmost(patches, x, y);
        int i = (y * VGA.width() + x) * 3;
        int[] expected =
            top == null
                ? new int[] {source[i], source[i + 1], source[i + 2]}
                : new int[] {top.r(), top.g(), top.b()};
        covered += top == null ? 0 : 1;
        wrong +=
            out[i] == expected[0] && out[i + 1] == expected[1] && out[i + 2] == expected[2] ? 0 : 1;
      }
    }

    assertThat(patches).allMatch(p -> p.type() == OcclusionType.RECTANGLE && p.alpha() == 1.0);
    assertThat(covered).isPositive();
    assertThat(wrong).isZero();
  }

  @Test
  void overlayPixelsBlendThePatchColourWithAlpha() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"occlusion\", \"occlusion_type\": \"overlay\","
                + " \"occlusion_num_patches_min\": 1, \"occlusion_num_patches_max\": 1}");

    for (long episode = 0; episode < 5; episode++) {
      CopyParameters copy = sample(request, episode, OCCLUSION_COPY, VGA);
      OcclusionParameters.Patch patch = copy.cameras().get(FRONT).occlusion().patches().get(0);
      int[] colour = {patch.r(), patch.g(), patch.b()};

      int[] source;
      int[] out;
      try (Mat frame = TestingFrames.random(VGA, episode)) {
        source = values(frame);
        out = augment(copy, frame, 0);
      }

      int wrong = 0;
      for (int y = 0; y < VGA.height(); y++) {
        for (int x = 0; x < VGA.width(); x++) {
          boolean inside = topmost(List.of(patch), x, y) != null;
          for (int c = 0; c < 3; c++) {
            int i = (y * VGA.width() + x) * 3 + c;
            double blended = (1 - patch.alpha()) * source[i] + patch.alpha() * colour[c];
            int expected = inside ? (int) Math.floor(blended + 0.5) : source[i];
            wrong += out[i] == expected ? 0 : 1;
          }
        }
      }

      assertThat(patch.type()).isEqualTo(OcclusionType.OVERLAY);
      assertThat(patch.alpha()).isBetween(0.3, 0.7);
      assertThat(wrong).isZero();
    }
  }

  @Test
  void mixedPicksRectangleOrOverlayPerPatchWithEvenOdds() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"occlusion\", \"occlusion_type\": \"mixed\","
                + " \"occlusion_num_patches_min\": 10, \"occlusion_num_patches_max\": 10}");
    int rectangles = 0;
    int total = 0;
    int episodesWithBoth = 0;

    for (long episode = 0; episode < 100; episode++) {
      List<OcclusionParameters.Patch> patches =
          sample(request, episode, OCCLUSION_COPY, VGA).cameras().get(FRONT).occlusion().patches();
      long here = patches.stream().filter(p -> p.type() == OcclusionType.RECTANGLE).count();
      rectangles += (int) here;
      total += patches.size();
      episodesWithBoth += here > 0 && here < patches.size() ? 1 : 0;
    }

    assertThat(total).isEqualTo(1000);
    assertThat(rectangles).isBetween(450, 550);
    assertThat(episodesWithBoth).isGreaterThan(95);
  }

  private static OcclusionParameters.Patch topmost(
      List<OcclusionParameters.Patch> patches, int x, int y) {
    OcclusionParameters.Patch top = null;
    for (OcclusionParameters.Patch patch : patches) {
      if (x >= patch.x()
          && x < patch.x() + patch.w()
          && y >= patch.y()
          && y < patch.y() + patch.h()) {
        top = patch;
      }
    }
    return top;
  }
}
