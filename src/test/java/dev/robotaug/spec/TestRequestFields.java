package dev.robotaug.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field table agrees with the request model: same fields, same order, same defaults. */
class TestRequestFields {
  private static final ObjectMapper JSON = SpecJson.mapper();

  @Test
  void fieldsAreTheModelsComponentsInOrder() {
    List<String> model =
        Arrays.stream(AugmentationRequest.class.getRecordComponents())
            .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value())
            .toList();

    assertThat(RequestFields.all().stream().map(RequestFields.Field::name))
        .containsExactlyElementsOf(model);
    assertThat(model).hasSize(42);
  }

  @Test
  void defaultsEqualTheModelsDefaults() throws Exception {
    JsonNode model = JSON.readTree(SpecJson.write(AugmentationRequest.defaults()));
    for (RequestFields.Field field : RequestFields.all()) {
      JsonNode table = JSON.readTree(JSON.writeValueAsString(field.defaultValue()));
      if (field.name().equals("augment_copies_per_transform")) {
        // The contract's default is null; the model holds "no overrides" as an empty map.
        assertThat(table.isNull()).isTrue();
        assertThat(model.get(field.name())).isEmpty();
        continue;
      }

      assertThat(table).as(field.name()).isEqualTo(model.get(field.name()));
    }
  }

  @Test
  void onlyTheIdsAreRequiredAndOnlyTheAnyOfFieldsNullable() {
    assertThat(
            RequestFields.all().stream()
                .filter(RequestFields.Field::required)
                .map(RequestFields.Field::name))
        .containsExactly("project_id", "dataset_id");
    assertThat(
            RequestFields.all().stream()
                .filter(RequestFields.Field::nullable)
                .map(RequestFields.Field::name))
        .containsExactly("name", "augment_copies_per_transform", "cosmos_camera_name");
  }

  @Test
  void enumFieldsListTheWireValuesOfTheirEnums() {
    assertThat(RequestFields.get("augmentation_type").allowedValues())
        .containsExactly("deterministic", "generative");
    assertThat(RequestFields.get("augment_mode").allowedValues())
        .containsExactly("stacked", "independent");
    assertThat(RequestFields.get("augment_dataset_mode").allowedValues())
        .containsExactly("copy", "inplace");
    assertThat(RequestFields.all().stream().filter(RequestFields.Field::isEnum)).hasSize(3);
  }

  @Test
  void titlesAreWordsOfTheName() {
    assertThat(RequestFields.get("project_id").title()).isEqualTo("Project Id");
    assertThat(RequestFields.get("augment_color_temp_min").title())
        .isEqualTo("Augment Color Temp Min");
  }
}
