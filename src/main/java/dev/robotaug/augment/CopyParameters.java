package dev.robotaug.augment;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.robotaug.spec.TransformFamily;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything drawn for one augmented copy of a source episode, written into the output's metadata
 * as provenance ("why does copy 2 look orange") and sufficient on its own to re-render the copy.
 *
 * @param seed the job seed
 * @param sourceEpisode index of the source episode
 * @param recipe which copy and which families
 * @param lighting the lighting shared by all cameras; null when the copy applies no lighting
 * @param cameras per camera key (e.g. {@code observation.images.front}), sorted by key
 */
public record CopyParameters(
    @JsonProperty("seed") long seed,
    @JsonProperty("source_episode") long sourceEpisode,
    @JsonProperty("recipe") CopyRecipe recipe,
    @JsonProperty("lighting") LightingParameters lighting,
    @JsonProperty("cameras") Map<String, CameraParameters> cameras) {

  public CopyParameters {
    if (recipe == null) {
      throw new IllegalArgumentException("Invalid copy parameters: recipe is null");
    }

    if (recipe.applies(TransformFamily.LIGHTING) != (lighting != null)) {
      throw new IllegalArgumentException(
          "Invalid copy parameters: lighting " + lighting + " for families " + recipe.families());
    }

    cameras = cameras == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(cameras));
    cameras.forEach((camera, parameters) -> requireFamilies(recipe, camera, parameters));
  }

  private static void requireFamilies(
      CopyRecipe recipe, String camera, CameraParameters parameters) {
    boolean occlusion = parameters != null && parameters.occlusion() != null;
    boolean blur = parameters != null && parameters.blur() != null;
    boolean noise = parameters != null && parameters.noise() != null;
    if (occlusion != recipe.applies(TransformFamily.OCCLUSION)
        || blur != recipe.applies(TransformFamily.BLUR)
        || noise != recipe.applies(TransformFamily.NOISE)) {
      throw new IllegalArgumentException(
          "Invalid copy parameters for camera "
              + camera
              + ": "
              + parameters
              + " do not match families "
              + recipe.families());
    }
  }
}
