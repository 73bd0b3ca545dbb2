package dev.robotaug.augment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.robotaug.spec.TransformFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * One augmented copy of a source episode: which transform families it applies and which copy it is.
 *
 * @param copyIndex 0-based: among all copies of the episode in {@code stacked} mode, among the
 *     copies of {@code keyFamily} in {@code independent} mode
 * @param families the families applied, in stacked order (occlusion, lighting, blur, noise)
 * @param keyFamily null in {@code stacked} mode; in {@code independent} mode the single family,
 *     which also goes into every random key of the copy
 */
public record CopyRecipe(
    @JsonProperty("copy_index") int copyIndex,
    @JsonProperty("families") List<TransformFamily> families,
    @JsonProperty("key_family") TransformFamily keyFamily) {

  public CopyRecipe {
    if (copyIndex < 0) {
      throw new IllegalArgumentException("Invalid copy index: " + copyIndex);
    }

    if (families == null || families.isEmpty()) {
      throw new IllegalArgumentException("Invalid copy recipe: no transform families");
    }

    List<TransformFamily> sorted = new ArrayList<>(families);
    sorted.sort(null);
    if (!sorted.equals(families) || sorted.stream().distinct().count() != sorted.size()) {
      throw new IllegalArgumentException(
          "Invalid copy recipe: families " + families + " are not distinct in stacked order");
    }

    if (keyFamily != null && !families.equals(List.of(keyFamily))) {
      throw new IllegalArgumentException(
          "Invalid copy recipe: key family " + keyFamily + " but families " + families);
    }

    families = List.copyOf(families);
  }

  /** A copy applying every family in {@code families}, keyed as stacked. */
  public static CopyRecipe stacked(int copyIndex, List<TransformFamily> families) {
    return new CopyRecipe(copyIndex, families, null);
  }

  /** A copy applying {@code family} alone, keyed by that family. */
  public static CopyRecipe independent(int copyIndex, TransformFamily family) {
    return new CopyRecipe(copyIndex, List.of(family), family);
  }

  /** Whether this copy applies {@code family}. */
  public boolean applies(TransformFamily family) {
    return families.contains(family);
  }

  /** The {@code family} field of this copy's random keys, see {@link KeyedRandom#familyField}. */
  @JsonIgnore
  public int keyFamilyField() {
    return KeyedRandom.familyField(keyFamily);
  }
}
