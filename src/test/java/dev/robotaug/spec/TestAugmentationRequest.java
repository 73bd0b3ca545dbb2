package dev.robotaug.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestAugmentationRequest {
  private static final ObjectMapper MAPPER = SpecJson.mapper();

  /** Every field of the published contract with its default, as the seed page lists them. */
  private static final Map<String, Object> CONTRACT_DEFAULTS = new LinkedHashMap<>();

  static {
    CONTRACT_DEFAULTS.put("project_id", null);
    CONTRACT_DEFAULTS.put("dataset_id", null);
    CONTRACT_DEFAULTS.put("augmentation_type", "deterministic");
    CONTRACT_DEFAULTS.put("name", null);
    CONTRACT_DEFAULTS.put("augment_transforms", "lighting");
    CONTRACT_DEFAULTS.put("augment_mode", "stacked");
    CONTRACT_DEFAULTS.put("augment_copies", 3);
    CONTRACT_DEFAULTS.put("augment_copies_per_transform", Map.of());
    CONTRACT_DEFAULTS.put("augment_dataset_mode", "copy");
    CONTRACT_DEFAULTS.put("augment_brightness_min", -15.0);
    CONTRACT_DEFAULTS.put("augment_brightness_max", 15.0);
    CONTRACT_DEFAULTS.put("augment_contrast_min", -10.0);
    CONTRACT_DEFAULTS.put("augment_contrast_max", 10.0);
    CONTRACT_DEFAULTS.put("augment_color_temp_min", 4000);
    CONTRACT_DEFAULTS.put("augment_color_temp_max", 6500);
    CONTRACT_DEFAULTS.put("noise_type", "mixed");
    CONTRACT_DEFAULTS.put("noise_gaussian_sigma_min", 3.0);
    CONTRACT_DEFAULTS.put("noise_gaussian_sigma_max", 15.0);
    CONTRACT_DEFAULTS.put("noise_shot_scale_min", 0.3);
    CONTRACT_DEFAULTS.put("noise_shot_scale_max", 1.0);
    CONTRACT_DEFAULTS.put("blur_type", "mixed");
    CONTRACT_DEFAULTS.put("blur_motion_kernel_min", 5);
    CONTRACT_DEFAULTS.put("blur_motion_kernel_max", 15);
    CONTRACT_DEFAULTS.put("blur_defocus_sigma_min", 0.5);
    CONTRACT_DEFAULTS.put("blur_defocus_sigma_max", 2.5);
    CONTRACT_DEFAULTS.put("occlusion_type", "mixed");
    CONTRACT_DEFAULTS.put("occlusion_num_patches_min", 1);
    CONTRACT_DEFAULTS.put("occlusion_num_patches_max", 3);
    CONTRACT_DEFAULTS.put("occlusion_patch_width_min", 0.05);
    CONTRACT_DEFAULTS.put("occlusion_patch_width_max", 0.2);
    CONTRACT_DEFAULTS.put("occlusion_patch_height_min", 0.05);
    CONTRACT_DEFAULTS.put("occlusion_patch_height_max", 0.2);
    CONTRACT_DEFAULTS.put(
        "cosmos_prompt", "A robot arm performing a task in a different environment.");
    CONTRACT_DEFAULTS.put("cosmos_prompts", List.of());
    CONTRACT_DEFAULTS.put("cosmos_control_type", "edge");
    CONTRACT_DEFAULTS.put("cosmos_control_weight", 1.0);
    CONTRACT_DEFAULTS.put("cosmos_guidance", 3);
    CONTRACT_DEFAULTS.put("cosmos_num_steps", 4);
    CONTRACT_DEFAULTS.put("cosmos_seed", 42);
    CONTRACT_DEFAULTS.put("cosmos_model_variant", "edge/distilled");
    CONTRACT_DEFAULTS.put("cosmos_disable_guardrails", false);
    CONTRACT_DEFAULTS.put("cosmos_camera_name", null);
  }

  @Test
  void emptyBodyFillsEveryContractDefault() throws Exception {
    AugmentationRequest request = SpecJson.read("{}", AugmentationRequest.class);

    JsonNode written = MAPPER.readTree(SpecJson.write(request));

    assertThat(fieldNames(written)).containsExactlyElementsOf(CONTRACT_DEFAULTS.keySet());
    for (Map.Entry<String, Object> field : CONTRACT_DEFAULTS.entrySet()) {
      assertThat(written.get(field.getKey()))
          .as(field.getKey())
          .isEqualTo(MAPPER.valueToTree(field.getValue()));
    }
  }

  @Test
  void everyFieldSurvivesAJsonRoundTrip() {
    String body =
        "{\"project_id\":\"0b4f1a52-3c1e-4c1a-9f0e-3d2b1c0a9e8f\",\"dataset_id\":\"lerobot/pusht@v3.0\","
            + "\"augmentation_type\":\"deterministic\",\"name\":\"night shift\","
            + "\"augment_transforms\":\"noise, blur\",\"augment_mode\":\"independent\",\"augment_copies\":7,"
            + "\"augment_copies_per_transform\":{\"noise\":2},\"augment_dataset_mode\":\"inplace\","
            + "\"augment_brightness_min\":-40.5,\"augment_brightness_max\":41,\"augment_contrast_min\":-3,"
            + "\"augment_contrast_max\":4,\"augment_color_temp_min\":2000,\"augment_color_temp_max\":9000,"
            + "\"noise_type\":\"shot\",\"noise_gaussian_sigma_min\":1,\"noise_gaussian_sigma_max\":2,"
            + "\"noise_shot_scale_min\":0.1,\"noise_shot_scale_max\":4,\"blur_type\":\"motion\","
            + "\"blur_motion_kernel_min\":3,\"blur_motion_kernel_max\":49,\"blur_defocus_sigma_min\":0.1,"
            + "\"blur_defocus_sigma_max\":9,\"occlusion_type\":\"overlay\",\"occlusion_num_patches_min\":2,"
            + "\"occlusion_num_patches_max\":10,\"occlusion_patch_width_min\":0.01,\"occlusion_patch_width_max\":0.5,"
            + "\"occlusion_patch_height_min\":0.02,\"occlusion_patch_height_max\":0.4,\"cosmos_prompt\":\"p\","
            + "\"cosmos_prompts\":[\"a\",\"b\"],\"cosmos_control_type\":\"depth\",\"cosmos_control_weight\":2,"
            + "\"cosmos_guidance\":20,\"cosmos_num_steps\":100,\"cosmos_seed\":-5,\"cosmos_model_variant\":\"v\","
            + "\"cosmos_disable_guardrails\":true,\"cosmos_camera_name\":\"front\"}";

    AugmentationRequest request = SpecJson.read(body, AugmentationRequest.class);
    AugmentationRequest again = SpecJson.read(SpecJson.write(request), AugmentationRequest.class);

    assertThat(again).isEqualTo(request);
    assertThat(request.augmentCopies()).isEqualTo(7);
    assertThat(request.augmentBrightnessMin()).isEqualTo(-40.5);
    assertThat(request.augmentDatasetMode()).isEqualTo(DatasetMode.INPLACE);
    assertThat(request.blurType()).isEqualTo(BlurType.MOTION);
    assertThat(request.cosmosPrompts()).containsExactly("a", "b");
    assertThat(request.cosmosCameraName()).isEqualTo("front");
    assertThat(request.copiesPerFamily())
        .containsExactly(Map.entry(TransformFamily.BLUR, 7), Map.entry(TransformFamily.NOISE, 2));
  }

  @Test
  void unknownFieldsAndWrongCaseAreRejected() {
    assertThatThrownBy(() -> SpecJson.read("{\"augment_copy\":2}", AugmentationRequest.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("augment_copy");
    assertThatThrownBy(
            () -> SpecJson.read("{\"augment_mode\":\"Stacked\"}", AugmentationRequest.class))
        .hasMessageContaining("Invalid augment_mode: 'Stacked', allowed: stacked, independent");
  }

  @Test
  void transformsParseInStackedOrderWithSpacesAroundCommas() {
    AugmentationRequest request = withTransforms(" noise ,lighting, occlusion,blur");

    assertThat(request.transforms())
        .containsExactly(
            TransformFamily.OCCLUSION,
            TransformFamily.LIGHTING,
            TransformFamily.BLUR,
            TransformFamily.NOISE);
  }

  @Test
  void transformsRejectDuplicatesEmptyEntriesAndUnknownNames() {
    assertThatThrownBy(() -> withTransforms("noise,noise").transforms())
        .hasMessage("Invalid augment_transforms: 'noise' is listed twice");
    assertThatThrownBy(() -> withTransforms("").transforms())
        .hasMessage("Invalid augment_transforms: '' has an empty entry");
    assertThatThrownBy(() -> withTransforms("noise,Blur").transforms())
        .hasMessage(
            "Invalid augment_transforms: Invalid transform: 'Blur', allowed: occlusion, lighting, blur, noise");
  }

  @Test
  void jobSpecRoundTripsAndDerivesItsSeedFromTheJobId() {
    JobSpec spec =
        new JobSpec(
            "8a4c2d10-1111-4222-8333-944455556666",
            Instant.parse("2026-12-03T10:15:30Z"),
            null,
            "file:/data/in",
            "file:/data/out",
            null,
            null,
            AugmentationRequest.defaults());

    JobSpec again = SpecJson.read(SpecJson.write(spec), JobSpec.class);

    assertThat(again).isEqualTo(spec);
    assertThat(spec.seed())
        .isEqualTo(JobSpec.seedFromJobId("8a4c2d10-1111-4222-8333-944455556666"));
    assertThat(spec.seed())
        .isNotEqualTo(JobSpec.seedFromJobId("8a4c2d10-1111-4222-8333-944455556667"));
    assertThat(spec.computeProfile()).isEqualTo(ComputeProfile.CPU);
    assertThat(spec.outputVersion()).isEqualTo("source");
  }

  @Test
  void generativeRequestsGetTheGpuProfile() {
    assertThat(JobSpec.profileFor(AugmentationType.GENERATIVE)).isEqualTo(ComputeProfile.GPU);
    assertThat(JobSpec.profileFor(AugmentationType.DETERMINISTIC)).isEqualTo(ComputeProfile.CPU);
  }

  private static AugmentationRequest withTransforms(String transforms) {
    return SpecJson.read(
        "{\"augment_transforms\":\"" + transforms + "\"}", AugmentationRequest.class);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }

    return names;
  }
}
