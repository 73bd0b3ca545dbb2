package dev.robotaug.augment;

import dev.robotaug.spec.AugmentMode;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.DatasetMode;
import dev.robotaug.spec.TransformFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides the augmented copies of each source episode from the request's dataset mode ({@code copy}
 * or {@code inplace}) and augment mode ({@code stacked} or {@code independent}).
 */
public final class CopyPlanner {
  private CopyPlanner() {}

  /**
   * The augmented copies of one source episode, in output order.
   *
   * <ul>
   *   <li>copy + stacked: {@code augment_copies} copies, each applying every chosen family;
   *   <li>copy + independent: for each chosen family in stacked order, {@code
   *       augment_copies_per_transform[family]} (default {@code augment_copies}) copies applying
   *       that family alone;
   *   <li>inplace + stacked: one copy applying every chosen family;
   *   <li>inplace + independent: one copy applying the chosen family {@code sourceEpisode mod m}
   *       alone, so episodes rotate through the m chosen families.
   * </ul>
   *
   * @throws IllegalArgumentException naming the field when the request's transforms or copy counts
   *     are invalid
   */
  public static List<CopyRecipe> copiesFor(AugmentationRequest request, long sourceEpisode) {
    if (sourceEpisode < 0) {
      throw new IllegalArgumentException("Invalid source episode: " + sourceEpisode);
    }

    List<TransformFamily> chosen = request.transforms();
    boolean stacked = request.augmentMode() == AugmentMode.STACKED;
    if (request.augmentDatasetMode() == DatasetMode.INPLACE) {
      if (stacked) {
        return List.of(CopyRecipe.stacked(0, chosen));
      }

      TransformFamily family = chosen.get((int) Math.floorMod(sourceEpisode, chosen.size()));
      return List.of(CopyRecipe.independent(0, family));
    }

    if (stacked) {
      int copies = requireCopies("augment_copies", request.augmentCopies());
      List<CopyRecipe> recipes = new ArrayList<>(copies);
      for (int copy = 0; copy < copies; copy++) {
        recipes.add(CopyRecipe.stacked(copy, chosen));
      }
      return List.copyOf(recipes);
    }

    List<CopyRecipe> recipes = new ArrayList<>();
    for (Map.Entry<TransformFamily, Integer> entry : request.copiesPerFamily().entrySet()) {
      String field = "augment_copies_per_transform[" + entry.getKey().wireName() + "]";
      int copies = requireCopies(field, entry.getValue());
      for (int copy = 0; copy < copies; copy++) {
        recipes.add(CopyRecipe.independent(copy, entry.getKey()));
      }
    }
    return List.copyOf(recipes);
  }

  private static int requireCopies(String field, Integer copies) {
    if (copies == null || copies < 1) {
      throw new IllegalArgumentException("Invalid " + field + ": " + copies + ", must be >= 1");
    }
    return copies;
  }
}
