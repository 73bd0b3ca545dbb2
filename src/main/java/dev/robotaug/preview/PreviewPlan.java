package dev.robotaug.preview;

import dev.robotaug.augment.CopyRecipe;
import dev.robotaug.spec.AugmentMode;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.DatasetMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which frames a preview shows: up to {@link #MAX_EPISODES} source episodes (the first, the middle
 * and the last) at three moments each (the first frame, the middle one and the last), next to the
 * same frames of up to {@link #MAX_COPIES} of their copies.
 */
public final class PreviewPlan {
  public static final int MAX_EPISODES = 3;
  public static final int MAX_COPIES = 6;
  public static final int CELL_WIDTH = 192;

  private PreviewPlan() {}

  /** Source episode indices to preview among {@code episodes}, in order. */
  public static List<Long> episodes(long episodes, int wanted) {
    Set<Long> chosen = new LinkedHashSet<>();
    if (episodes <= 0) {
      return List.of();
    }

    int count = (int) Math.min(episodes, Math.max(1, wanted));
    for (int i = 0; i < count; i++) {
      chosen.add(count == 1 ? 0 : Math.round((double) i * (episodes - 1) / (count - 1)));
    }

    return List.copyOf(chosen);
  }

  /** Frame indices to preview in an episode of {@code length} frames. */
  public static List<Long> frames(long length) {
    Set<Long> frames = new LinkedHashSet<>(List.of(0L, length / 2, length - 1));
    return List.copyOf(new ArrayList<>(frames));
  }

  /** Cell height for a frame of the given size at {@link #CELL_WIDTH}. */
  public static int cellHeight(int width, int height) {
    return Math.max(1, Math.round((float) CELL_WIDTH * height / width));
  }

  /** The column label of a copy: {@code copy N}, {@code <transform> #N}, or {@code augmented}. */
  public static String label(AugmentationRequest request, CopyRecipe recipe) {
    if (request.augmentDatasetMode() == DatasetMode.INPLACE) {
      return "augmented";
    }

    if (request.augmentMode() == AugmentMode.STACKED) {
      return "copy " + (recipe.copyIndex() + 1);
    }

    return recipe.keyFamily().wireName() + " #" + (recipe.copyIndex() + 1);
  }
}
