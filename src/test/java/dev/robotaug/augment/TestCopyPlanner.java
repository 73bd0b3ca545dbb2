package dev.robotaug.augment;

import static dev.robotaug.augment.TestingFrames.request;
import static dev.robotaug.spec.TransformFamily.BLUR;
import static dev.robotaug.spec.TransformFamily.LIGHTING;
import static dev.robotaug.spec.TransformFamily.NOISE;
import static dev.robotaug.spec.TransformFamily.OCCLUSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.TransformFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCopyPlanner {

  @Test
  void copyStackedMakesAugmentCopiesWithEveryFamily() {
    AugmentationRequest request =
        request("{\"augment_transforms\": \"noise, lighting,blur\", \"augment_copies\": 4}");

    List<CopyRecipe> copies = CopyPlanner.copiesFor(request, 7);

    assertThat(copies).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(copies.get(i)).isEqualTo(new CopyRecipe(i, List.of(LIGHTING, BLUR, NOISE), null));
    }
  }

  @Test
  void copyIndependentMakesTheAskedNumberPerFamilyInStackedOrder() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"noise,lighting,blur\", \"augment_mode\": \"independent\","
                + " \"augment_copies\": 3, \"augment_copies_per_transform\": {\"noise\": 5,"
                + " \"blur\": 1}}");

    List<CopyRecipe> copies = CopyPlanner.copiesFor(request, 0);

    assertThat(copies).hasSize(9);
    assertThat(copies.stream().filter(c -> c.keyFamily() == LIGHTING)).hasSize(3);
    assertThat(copies.stream().filter(c -> c.keyFamily() == BLUR)).hasSize(1);
    assertThat(copies.stream().filter(c -> c.keyFamily() == NOISE)).hasSize(5);
    assertThat(copies.stream().map(CopyRecipe::keyFamily))
        .containsExactly(LIGHTING, LIGHTING, LIGHTING, BLUR, NOISE, NOISE, NOISE, NOISE, NOISE);
    assertThat(copies.stream().map(CopyRecipe::copyIndex))
        .containsExactly(0, 1, 2, 0, 0, 1, 2, 3, 4);
    assertThat(copies).allMatch(c -> c.families().equals(List.of(c.keyFamily())));
  }

  @Test
  void inplaceStackedMakesExactlyOneCopy() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"occlusion,noise\", \"augment_dataset_mode\": \"inplace\","
                + " \"augment_copies\": 5}");

    assertThat(CopyPlanner.copiesFor(request, 3))
        .containsExactly(CopyRecipe.stacked(0, List.of(OCCLUSION, NOISE)));
  }

  @Test
  void inplaceIndependentRotatesTheFamiliesOverEpisodes() {
    AugmentationRequest request =
        request(
            "{\"augment_transforms\": \"noise,lighting,occlusion\", \"augment_mode\":"
                + " \"independent\", \"augment_dataset_mode\": \"inplace\"}");
    List<TransformFamily> expected =
        List.of(OCCLUSION, LIGHTING, NOISE, OCCLUSION, LIGHTING, NOISE, OCCLUSION);

    for (int episode = 0; episode < expected.size(); episode++) {
      List<CopyRecipe> copies = CopyPlanner.copiesFor(request, episode);

      assertThat(copies)
          .as("episode %d", episode)
          .containsExactly(CopyRecipe.independent(0, expected.get(episode)));
    }
  }

  @Test
  void recipesRejectFamiliesOutOfStackedOrder() {
    assertThatThrownBy(() -> CopyRecipe.stacked(0, List.of(NOISE, LIGHTING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid copy recipe: families [NOISE, LIGHTING] are not distinct in stacked order");
    assertThatThrownBy(() -> CopyPlanner.copiesFor(request("{}"), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid source episode: -1");
  }
}
