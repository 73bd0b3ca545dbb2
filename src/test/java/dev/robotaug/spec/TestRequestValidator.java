package dev.robotaug.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.spec.RequestValidator.Accepted;
import dev.robotaug.spec.RequestValidator.Invalid;
import dev.robotaug.spec.RequestValidator.Outcome;
import dev.robotaug.spec.RequestValidator.Rejected;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The validator without HTTP: pydantic lax-mode coercions, error wording, rules and dataset ids.
 */
class TestRequestValidator {
  private static final String PROJECT = "6f1e2d3c-4b5a-4968-8776-655443322110";
  private final RequestValidator validator = new RequestValidator(List.of("file", "S3A"));

  @Test
  void minimalBodyIsAcceptedWithDefaultsAndItsSource() {
    Accepted accepted = accept("");

    assertThat(accepted.request()).isEqualTo(withIds(AugmentationRequest.defaults()));
    assertThat(accepted.source()).isEqualTo("lerobot/pusht");
  }

  @Test
  void requestBuiltInCodeValidatesTheSameWay() {
    assertThat(validator.validate(withIds(AugmentationRequest.defaults())))
        .isInstanceOf(Accepted.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "6F1E2D3C4B5A49688776655443322110 | 6f1e2d3c-4b5a-4968-8776-655443322110",
        "{6f1e2d3c-4b5a-4968-8776-655443322110} | 6f1e2d3c-4b5a-4968-8776-655443322110",
        "urn:uuid:6F1E2D3C-4B5A-4968-8776-655443322110 | 6f1e2d3c-4b5a-4968-8776-655443322110"
      })
  void uuidFormsPydanticAcceptsAreCanonicalised(String input, String canonical) {
    assertThat(RequestValidator.canonicalUuid(input)).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "6f1e2d3c | invalid length: expected length 32 for simple format, found 8",
        "6f1e2d3c-4b5a-4968-8776 | invalid group count: expected 5, found 4",
        "6f1e2d3c-4b5a-4968-8776-65544332211 | invalid group length in group 4: expected 12, found 11",
        "6f1e2d3c-4b5a-4968-8776-65544332211z | invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `z` at 36"
      })
  void badUuidsAreExplained(String input, String reason) {
    assertThatThrownBy(() -> RequestValidator.canonicalUuid(input)).hasMessage(reason);
  }

  @Test
  void integerFieldsTakeWholeNumbersNumericStringsAndBooleans() {
    AugmentationRequest request =
        accept(
                ", \"augment_copies\": \" 7 \", \"cosmos_guidance\": true, \"cosmos_num_steps\": 4.0, \"cosmos_seed\": \"-1_000\"")
            .request();

    assertThat(request.augmentCopies()).isEqualTo(7);
    assertThat(request.cosmosGuidance()).isEqualTo(1);
    assertThat(request.cosmosNumSteps()).isEqualTo(4);
    assertThat(request.cosmosSeed()).isEqualTo(-1000L);
  }

  @Test
  void numberFieldsTakeIntegersExponentsAndNumericStrings() {
    AugmentationRequest request =
        accept(
                ", \"augment_brightness_max\": 20, \"augment_contrast_max\": \"1e1\", \"noise_shot_scale_min\": false")
            .request();

    assertThat(request.augmentBrightnessMax()).isEqualTo(20.0);
    assertThat(request.augmentContrastMax()).isEqualTo(10.0);
    assertThat(request.noiseShotScaleMin()).isEqualTo(0.0);
  }

  @Test
  void typeErrorsAreWordedLikePydantic() {
    List<ValidationProblem> problems =
        problems(
            ", \"augment_copies\": null, \"augment_brightness_min\": \"inf\", \"cosmos_disable_guardrails\": 2,"
                + " \"cosmos_model_variant\": [], \"augmentation_type\": null, \"cosmos_prompts\": [\"a\", 1],"
                + " \"augment_copies_per_transform\": {\"noise\": \"x\"}, \"cosmos_camera_name\": false");

    assertThat(problems)
        .extracting(ValidationProblem::type, p -> p.loc().toString(), ValidationProblem::msg)
        .containsExactly(
            tuple(
                "enum",
                "[body, augmentation_type]",
                "Input should be 'deterministic' or 'generative'"),
            tuple("int_type", "[body, augment_copies]", "Input should be a valid integer"),
            tuple(
                "int_parsing",
                "[body, augment_copies_per_transform, noise]",
                "Input should be a valid integer, unable to parse string as an integer"),
            tuple(
                "finite_number",
                "[body, augment_brightness_min]",
                "Input should be a finite number"),
            tuple("string_type", "[body, cosmos_prompts, 1]", "Input should be a valid string"),
            tuple("string_type", "[body, cosmos_model_variant]", "Input should be a valid string"),
            tuple(
                "bool_parsing",
                "[body, cosmos_disable_guardrails]",
                "Input should be a valid boolean, unable to interpret input"),
            tuple("string_type", "[body, cosmos_camera_name]", "Input should be a valid string"));
  }

  @Test
  void containersOfTheWrongShapeAreTypeErrors() {
    List<ValidationProblem> problems =
        problems(", \"augment_copies_per_transform\": [1], \"cosmos_prompts\": \"one\"");

    assertThat(problems)
        .extracting(ValidationProblem::type)
        .containsExactly("dict_type", "list_type");
    assertThat(problems.get(0).msg()).isEqualTo("Input should be a valid dictionary");
    assertThat(problems.get(1).msg()).isEqualTo("Input should be a valid list");
  }

  @Test
  void boundProblemsCarryTheBoundInContext() {
    ValidationProblem problem = problems(", \"occlusion_patch_width_min\": 0.001").get(0);

    assertThat(problem.msg()).isEqualTo("Input should be greater than or equal to 0.01");
    assertThat(problem.ctx()).isEqualTo(Map.of("ge", new java.math.BigDecimal("0.01")));
    assertThat(problem.input().decimalValue()).isEqualByComparingTo("0.001");
  }

  @Test
  void everyBrokenRuleIsNamedInOneDetail() {
    Rejected rejected =
        (Rejected)
            validator.validate(
                body(
                    ", \"augmentation_type\": \"generative\", \"blur_type\": \"gaussian\", \"noise_shot_scale_min\": -0.5,"
                        + " \"occlusion_num_patches_min\": 5, \"occlusion_num_patches_max\": 2, \"cosmos_seed\": 9223372036854775808"));

    assertThat(rejected.projectId()).isEqualTo(PROJECT);
    assertThat(rejected.detail().split("; "))
        .containsExactly(
            "Invalid augmentation_type: 'generative' is disabled (Cosmos Transfer2.5 generation is not available), allowed: deterministic",
            "Invalid blur_type: 'gaussian', allowed: motion, defocus, mixed",
            "Invalid noise_shot_scale_min: -0.5, it must be >= 0",
            "Invalid occlusion_num_patches_min: 5 is greater than occlusion_num_patches_max 2",
            "Invalid cosmos_seed: 9223372036854775808, it must fit in a signed 64-bit integer");
  }

  @Test
  void transformsToleratesSpacesAndKeepsStackedOrder() {
    AugmentationRequest request =
        accept(", \"augment_transforms\": \" noise , lighting,occlusion \"").request();

    assertThat(request.transforms())
        .containsExactly(
            TransformFamily.OCCLUSION, TransformFamily.LIGHTING, TransformFamily.NOISE);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | Invalid dataset_id: it is empty",
        "/data/pusht | for a local path write file:///data/pusht",
        "gs://bucket/pusht | scheme 'gs' is not allowed, allowed: file, s3a",
        "file://nas/data/pusht | names host 'nas'",
        "file:/ | names no dataset path",
        "file:data/pusht | names no dataset path",
        "lerobot/push..t | neither a Hub repo id",
        "-lerobot/pusht | neither a Hub repo id",
        "lerobot/pusht/extra | neither a Hub repo id",
        "s3a://bucket/x/%2E%2E/y | climbs out of its root",
        "lerobot/pusht@refs/../main | climbs out of its root"
      })
  void badDatasetIdsAreExplained(String datasetId, String reason) {
    assertThatThrownBy(() -> validator.datasetSource(datasetId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid dataset_id")
        .hasMessageContaining(reason);
  }

  @Test
  void allowedSchemesAreCaseInsensitive() {
    assertThat(validator.datasetSource("S3A://bucket/pusht")).isEqualTo("S3A://bucket/pusht");
    assertThat(validator.datasetSource("lerobot/pusht@refs/pr/1"))
        .isEqualTo("lerobot/pusht@refs/pr/1");
  }

  @Test
  void jsonSyntaxErrorPointsAtTheOffset() {
    Invalid invalid = (Invalid) validator.validate("{\"a\": 1,, }");

    ValidationProblem problem = invalid.problems().get(0);
    assertThat(problem.type()).isEqualTo("json_invalid");
    assertThat(problem.loc()).containsExactly("body", 8L);
    assertThat(problem.ctx()).containsKey("error");
  }

  @Test
  void trailingContentAfterTheObjectIsInvalidJson() {
    Outcome outcome = validator.validate(body("") + " {}");

    assertThat(((Invalid) outcome).problems().get(0).type()).isEqualTo("json_invalid");
  }

  private Accepted accept(String extraFields) {
    Outcome outcome = validator.validate(body(extraFields));
    assertThat(outcome).as(outcome.toString()).isInstanceOf(Accepted.class);
    return (Accepted) outcome;
  }

  private List<ValidationProblem> problems(String extraFields) {
    Outcome outcome = validator.validate(body(extraFields));
    assertThat(outcome).as(outcome.toString()).isInstanceOf(Invalid.class);
    return ((Invalid) outcome).problems();
  }

  private static String body(String extraFields) {
    return "{\"project_id\": \""
        + PROJECT
        + "\", \"dataset_id\": \"lerobot/pusht\""
        + extraFields
        + "}";
  }

  private static AugmentationRequest withIds(AugmentationRequest defaults) {
    JsonNode tree = SpecJson.mapper().valueToTree(defaults);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree)
        .put("project_id", PROJECT)
        .put("dataset_id", "lerobot/pusht");
    return SpecJson.mapper().convertValue(tree, AugmentationRequest.class);
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
