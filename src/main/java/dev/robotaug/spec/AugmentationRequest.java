package dev.robotaug.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The body of {@code POST /v1/augmentation}: every field of the published contract, with the
 * contract's defaults filled in for anything absent. One model serves the command line, the API and
 * the job.
 *
 * <p>Construction only fills defaults; range and cross-field checks live in {@link
 * RequestValidator}, which reports every problem at once the way the API must.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AugmentationRequest(
    @JsonProperty("project_id") String projectId,
    @JsonProperty("dataset_id") String datasetId,
    @JsonProperty("augmentation_type") AugmentationType augmentationType,
    @JsonProperty("name") String name,
    @JsonProperty("augment_transforms") String augmentTransforms,
    @JsonProperty("augment_mode") AugmentMode augmentMode,
    @JsonProperty("augment_copies") Integer augmentCopies,
    @JsonProperty("augment_copies_per_transform") Map<String, Integer> augmentCopiesPerTransform,
    @JsonProperty("augment_dataset_mode") DatasetMode augmentDatasetMode,
    @JsonProperty("augment_brightness_min") Double augmentBrightnessMin,
    @JsonProperty("augment_brightness_max") Double augmentBrightnessMax,
    @JsonProperty("augment_contrast_min") Double augmentContrastMin,
    @JsonProperty("augment_contrast_max") Double augmentContrastMax,
    @JsonProperty("augment_color_temp_min") Integer augmentColorTempMin,
    @JsonProperty("augment_color_temp_max") Integer augmentColorTempMax,
    @JsonProperty("noise_type") NoiseType noiseType,
    @JsonProperty("noise_gaussian_sigma_min") Double noiseGaussianSigmaMin,
    @JsonProperty("noise_gaussian_sigma_max") Double noiseGaussianSigmaMax,
    @JsonProperty("noise_shot_scale_min") Double noiseShotScaleMin,
    @JsonProperty("noise_shot_scale_max") Double noiseShotScaleMax,
    @JsonProperty("blur_type") BlurType blurType,
    @JsonProperty("blur_motion_kernel_min") Integer blurMotionKernelMin,
    @JsonProperty("blur_motion_kernel_max") Integer blurMotionKernelMax,
    @JsonProperty("blur_defocus_sigma_min") Double blurDefocusSigmaMin,
    @JsonProperty("blur_defocus_sigma_max") Double blurDefocusSigmaMax,
    @JsonProperty("occlusion_type") OcclusionType occlusionType,
    @JsonProperty("occlusion_num_patches_min") Integer occlusionNumPatchesMin,
    @JsonProperty("occlusion_num_patches_max") Integer occlusionNumPatchesMax,
    @JsonProperty("occlusion_patch_width_min") Double occlusionPatchWidthMin,
    @JsonProperty("occlusion_patch_width_max") Double occlusionPatchWidthMax,
    @JsonProperty("occlusion_patch_height_min") Double occlusionPatchHeightMin,
    @JsonProperty("occlusion_patch_height_max") Double occlusionPatchHeightMax,
    @JsonProperty("cosmos_prompt") String cosmosPrompt,
    @JsonProperty("cosmos_prompts") List<String> cosmosPrompts,
    @JsonProperty("cosmos_control_type") CosmosControlType cosmosControlType,
    @JsonProperty("cosmos_control_weight") Double cosmosControlWeight,
    @JsonProperty("cosmos_guidance") Integer cosmosGuidance,
    @JsonProperty("cosmos_num_steps") Integer cosmosNumSteps,
    @JsonProperty("cosmos_seed") Long cosmosSeed,
    @JsonProperty("cosmos_model_variant") String cosmosModelVariant,
    @JsonProperty("cosmos_disable_guardrails") Boolean cosmosDisableGuardrails,
    @JsonProperty("cosmos_camera_name") String cosmosCameraName) {

  public AugmentationRequest {
    augmentationType = augmentationType == null ? AugmentationType.DETERMINISTIC : augmentationType;
    augmentTransforms = augmentTransforms == null ? "lighting" : augmentTransforms;
    augmentMode = augmentMode == null ? AugmentMode.STACKED : augmentMode;
    augmentCopies = augmentCopies == null ? 3 : augmentCopies;
    augmentCopiesPerTransform =
        augmentCopiesPerTransform == null
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(augmentCopiesPerTransform));
    augmentDatasetMode = augmentDatasetMode == null ? DatasetMode.COPY : augmentDatasetMode;
    augmentBrightnessMin = augmentBrightnessMin == null ? -15.0 : augmentBrightnessMin;
    augmentBrightnessMax = augmentBrightnessMax == null ? 15.0 : augmentBrightnessMax;
    augmentContrastMin = augmentContrastMin == null ? -10.0 : augmentContrastMin;
    augmentContrastMax = augmentContrastMax == null ? 10.0 : augmentContrastMax;
    augmentColorTempMin = augmentColorTempMin == null ? 4000 : augmentColorTempMin;
    augmentColorTempMax = augmentColorTempMax == null ? 6500 : augmentColorTempMax;
    noiseType = noiseType == null ? NoiseType.MIXED : noiseType;
    noiseGaussianSigmaMin = noiseGaussianSigmaMin == null ? 3.0 : noiseGaussianSigmaMin;
    noiseGaussianSigmaMax = noiseGaussianSigmaMax == null ? 15.0 : noiseGaussianSigmaMax;
    noiseShotScaleMin = noiseShotScaleMin == null ? 0.3 : noiseShotScaleMin;
    noiseShotScaleMax = noiseShotScaleMax == null ? 1.0 : noiseShotScaleMax;
    blurType = blurType == null ? BlurType.MIXED : blurType;
    blurMotionKernelMin = blurMotionKernelMin == null ? 5 : blurMotionKernelMin;
    blurMotionKernelMax = blurMotionKernelMax == null ? 15 : blurMotionKernelMax;
    blurDefocusSigmaMin = blurDefocusSigmaMin == null ? 0.5 : blurDefocusSigmaMin;
    blurDefocusSigmaMax = blurDefocusSigmaMax == null ? 2.5 : blurDefocusSigmaMax;
    occlusionType = occlusionType == null ? OcclusionType.MIXED : occlusionType;
    occlusionNumPatchesMin = occlusionNumPatchesMin == null ? 1 : occlusionNumPatchesMin;
    occlusionNumPatchesMax = occlusionNumPatchesMax == null ? 3 : occlusionNumPatchesMax;
    occlusionPatchWidthMin = occlusionPatchWidthMin == null ? 0.05 : occlusionPatchWidthMin;
    occlusionPatchWidthMax = occlusionPatchWidthMax == null ? 0.2 : occlusionPatchWidthMax;
    occlusionPatchHeightMin = occlusionPatchHeightMin == null ? 0.05 : occlusionPatchHeightMin;
    occlusionPatchHeightMax = occlusionPatchHeightMax == null ? 0.2 : occlusionPatchHeightMax;
    cosmosPrompt =
        cosmosPrompt == null
            ? "A robot arm performing a task in a different environment."
            : cosmosPrompt;
    cosmosPrompts = cosmosPrompts == null ? List.of() : List.copyOf(cosmosPrompts);
    cosmosControlType = cosmosControlType == null ? CosmosControlType.EDGE : cosmosControlType;
    cosmosControlWeight = cosmosControlWeight == null ? 1.0 : cosmosControlWeight;
    cosmosGuidance = cosmosGuidance == null ? 3 : cosmosGuidance;
    cosmosNumSteps = cosmosNumSteps == null ? 4 : cosmosNumSteps;
    cosmosSeed = cosmosSeed == null ? 42L : cosmosSeed;
    cosmosModelVariant = cosmosModelVariant == null ? "edge/distilled" : cosmosModelVariant;
    cosmosDisableGuardrails = cosmosDisableGuardrails == null ? false : cosmosDisableGuardrails;
  }

  /** A request with every field at its contract default. */
  public static AugmentationRequest defaults() {
    return new AugmentationRequest(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * The chosen transform families in stacked order (occlusion, lighting, blur, noise), parsed from
   * {@code augment_transforms}. Spaces around commas are tolerated; names are case-sensitive.
   *
   * @throws IllegalArgumentException naming the field on an empty list, a duplicate or an unknown
   *     name
   */
  @JsonIgnore
  public List<TransformFamily> transforms() {
    return parseTransforms(augmentTransforms);
  }

  /** Parses an {@code augment_transforms} value; see {@link #transforms()}. */
  static List<TransformFamily> parseTransforms(String augmentTransforms) {
    Set<TransformFamily> chosen = new LinkedHashSet<>();
    for (String part : augmentTransforms.split(",", -1)) {
      String name = part.strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid augment_transforms: '" + augmentTransforms + "' has an empty entry");
      }

      TransformFamily family;
      try {
        family = TransformFamily.fromWireName(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid augment_transforms: " + e.getMessage(), e);
      }

      if (!chosen.add(family)) {
        throw new IllegalArgumentException(
            "Invalid augment_transforms: '" + name + "' is listed twice");
      }
    }

    List<TransformFamily> ordered = new ArrayList<>(chosen);
    Collections.sort(ordered);
    return List.copyOf(ordered);
  }

  /**
   * Copies per transform family in {@code independent} mode: {@code augment_copies} for each chosen
   * family unless {@code augment_copies_per_transform} overrides it.
   */
  @JsonIgnore
  public Map<TransformFamily, Integer> copiesPerFamily() {
    Map<TransformFamily, Integer> copies = new EnumMap<>(TransformFamily.class);
    for (TransformFamily family : transforms()) {
      copies.put(family, augmentCopiesPerTransform.getOrDefault(family.wireName(), augmentCopies));
    }

    return Collections.unmodifiableMap(copies);
  }
}
