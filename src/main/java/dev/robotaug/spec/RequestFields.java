package dev.robotaug.spec;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every field of the published {@code POST /v1/augmentation} contract, in contract order: name,
 * JSON type, default, bounds, length limit, format and allowed values. It is the single source that
 * {@link RequestValidator} checks bodies against and that the API's OpenAPI document is generated
 * from; a test holds its defaults equal to {@link AugmentationRequest#defaults()}.
 *
 * <p>Only what the contract states as schema is here. Values the contract lists in prose (for
 * example {@code noise_type}: "Gaussian, shot, read, or mixed") are plain strings in the schema and
 * are checked beyond it by {@link RequestValidator}.
 */
public final class RequestFields {

  /** JSON shape of a field's value. */
  public enum Kind {
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    /** A JSON object whose values are integers. */
    INTEGER_MAP,
    /** A JSON array of strings. */
    STRING_LIST
  }

  /**
   * One contract field.
   *
   * @param name wire name
   * @param title human title, as the contract page shows it
   * @param kind JSON shape
   * @param required whether the body must carry it
   * @param nullable whether {@code null} is a valid value (the contract's "Any of: ..., null")
   * @param defaultValue contract default ({@code null} when none or when the default is null);
   *     Integer, Long, Double, Boolean, String or List
   * @param minimum inclusive lower bound ({@code >=}), or null
   * @param maximum inclusive upper bound ({@code <=}), or null
   * @param maxLength maximum string length in code points, or null
   * @param format string format ({@code uuid}), or null
   * @param allowedValues the enum values of the schema, empty when the field is no enum
   * @param description the contract's description, or null
   */
  public record Field(
      String name,
      String title,
      Kind kind,
      boolean required,
      boolean nullable,
      Object defaultValue,
      BigDecimal minimum,
      BigDecimal maximum,
      Integer maxLength,
      String format,
      List<String> allowedValues,
      String description) {

    public Field {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(kind, "kind is null");
      allowedValues = List.copyOf(allowedValues);
    }

    public boolean isEnum() {
      return !allowedValues.isEmpty();
    }

    public boolean isBounded() {
      return minimum != null || maximum != null || maxLength != null;
    }
  }

  private static final List<Field> FIELDS =
      List.of(
          string("project_id", "Project ID to associate the job with")
              .required()
              .format("uuid")
              .build(),
          string("dataset_id", "HuggingFace dataset ID to augment").required().build(),
          string(
                  "augmentation_type",
                  "'deterministic' applies fast CPU transforms (lighting, noise, blur, occlusion)."
                      + " 'generative' uses Cosmos Transfer2.5 to re-render frames in a target"
                      + " environment (currently disabled).")
              .title("AugmentationType")
              .defaultValue("deterministic")
              .allowed(AugmentationType.class)
              .build(),
          string("name", null).nullable().maxLength(255).build(),
          string(
                  "augment_transforms",
                  "Comma-separated transforms: lighting, noise, blur, occlusion")
              .defaultValue("lighting")
              .build(),
          string(
                  "augment_mode",
                  "'stacked' applies all transforms to each copy. 'independent' creates one copy"
                      + " per transform.")
              .defaultValue("stacked")
              .allowed(AugmentMode.class)
              .build(),
          integer(
                  "augment_copies",
                  "Number of augmented copies per episode (when dataset_mode=copy)",
                  3,
                  "1",
                  "20")
              .build(),
          new Builder("augment_copies_per_transform", Kind.INTEGER_MAP, null).nullable().build(),
          string(
                  "augment_dataset_mode",
                  "'copy' adds augmented copies to the original dataset. 'inplace' replaces the"
                      + " originals with augmented versions.")
              .defaultValue("copy")
              .allowed(DatasetMode.class)
              .build(),
          number("augment_brightness_min", -15.0, "-50", null),
          number("augment_brightness_max", 15.0, null, "50"),
          number("augment_contrast_min", -10.0, "-50", null),
          number("augment_contrast_max", 10.0, null, "50"),
          integer("augment_color_temp_min", null, 4000, "2000", "6500").build(),
          integer("augment_color_temp_max", null, 6500, "4000", "10000").build(),
          string("noise_type", "Gaussian, shot, read, or mixed").defaultValue("mixed").build(),
          number("noise_gaussian_sigma_min", 3.0, null, "50"),
          number("noise_gaussian_sigma_max", 15.0, null, "50"),
          number("noise_shot_scale_min", 0.3, null, "5"),
          number("noise_shot_scale_max", 1.0, null, "5"),
          string("blur_type", "Motion, defocus, or mixed").defaultValue("mixed").build(),
          integer("blur_motion_kernel_min", null, 5, "3", "50").build(),
          integer("blur_motion_kernel_max", null, 15, "3", "50").build(),
          number("blur_defocus_sigma_min", 0.5, "0.1", "10"),
          number("blur_defocus_sigma_max", 2.5, "0.1", "10"),
          string("occlusion_type", "Rectangle, overlay, or mixed").defaultValue("mixed").build(),
          integer("occlusion_num_patches_min", null, 1, "1", "10").build(),
          integer("occlusion_num_patches_max", null, 3, "1", "10").build(),
          number("occlusion_patch_width_min", 0.05, "0.01", "0.5"),
          number("occlusion_patch_width_max", 0.2, "0.01", "0.5"),
          number("occlusion_patch_height_min", 0.05, "0.01", "0.5"),
          number("occlusion_patch_height_max", 0.2, "0.01", "0.5"),
          string("cosmos_prompt", "Prompt for Cosmos Transfer2.5 generation")
              .defaultValue("A robot arm performing a task in a different environment.")
              .build(),
          new Builder(
                  "cosmos_prompts",
                  Kind.STRING_LIST,
                  "Multiple prompts \u2014 overrides cosmos_prompt if non-empty")
              .defaultValue(List.of())
              .build(),
          string("cosmos_control_type", "Control type: edge, depth, seg, or vis")
              .defaultValue("edge")
              .build(),
          number("cosmos_control_weight", 1.0, null, "2"),
          integer("cosmos_guidance", null, 3, "1", "20").build(),
          integer("cosmos_num_steps", null, 4, "1", "100").build(),
          new Builder("cosmos_seed", Kind.INTEGER, null).defaultValue(42L).build(),
          string("cosmos_model_variant", null).defaultValue("edge/distilled").build(),
          new Builder("cosmos_disable_guardrails", Kind.BOOLEAN, null).defaultValue(false).build(),
          string("cosmos_camera_name", null).nullable().build());

  private static final Map<String, Field> BY_NAME = index(FIELDS);

  private RequestFields() {}

  /** Every contract field, in contract order. */
  public static List<Field> all() {
    return FIELDS;
  }

  public static Optional<Field> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The field of this name; for names the code itself spells, so a miss is a bug. */
  public static Field get(String name) {
    return find(name)
        .orElseThrow(() -> new IllegalArgumentException("Invalid request field: " + name));
  }

  private static Map<String, Field> index(List<Field> fields) {
    Map<String, Field> byName = new LinkedHashMap<>();
    for (Field field : fields) {
      if (byName.put(field.name(), field) != null) {
        throw new IllegalStateException("Invalid field table: " + field.name() + " twice");
      }
    }

    return Map.copyOf(byName);
  }

  private static Builder string(String name, String description) {
    return new Builder(name, Kind.STRING, description);
  }

  private static Builder integer(
      String name, String description, int defaultValue, String min, String max) {
    return new Builder(name, Kind.INTEGER, description).defaultValue(defaultValue).bounds(min, max);
  }

  private static Field number(String name, double defaultValue, String min, String max) {
    return new Builder(name, Kind.NUMBER, null).defaultValue(defaultValue).bounds(min, max).build();
  }

  /** Titles the way pydantic derives them: words of the name, capitalised. */
  static String titleOf(String name) {
    StringBuilder title = new StringBuilder();
    for (String word : name.split("_")) {
      if (!title.isEmpty()) {
        title.append(' ');
      }

      title.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }

    return title.toString();
  }

  private static final class Builder {
    private final String name;
    private final Kind kind;
    private final String description;
    private String title;
    private boolean required;
    private boolean nullable;
    private Object defaultValue;
    private BigDecimal minimum;
    private BigDecimal maximum;
    private Integer maxLength;
    private String format;
    private List<String> allowedValues = List.of();

    Builder(String name, Kind kind, String description) {
      this.name = name;
      this.kind = kind;
      this.description = description;
      this.title = titleOf(name);
    }

    Builder title(String value) {
      title = value;
      return this;
    }

    Builder required() {
      required = true;
      return this;
    }

    Builder nullable() {
      nullable = true;
      return this;
    }

    Builder defaultValue(Object value) {
      defaultValue = value;
      return this;
    }

    Builder bounds(String min, String max) {
      minimum = min == null ? null : new BigDecimal(min);
      maximum = max == null ? null : new BigDecimal(max);
      return this;
    }

    Builder maxLength(int value) {
      maxLength = value;
      return this;
    }

    Builder format(String value) {
      format = value;
      return this;
    }

    <E extends Enum<E>> Builder allowed(Class<E> type) {
      allowedValues = List.of(WireEnum.allowed(type).split(", "));
      return this;
    }

    Field build() {
      return new Field(
          name,
          title,
          kind,
          required,
          nullable,
          defaultValue,
          minimum,
          maximum,
          maxLength,
          format,
          allowedValues,
          description);
    }
  }
}
