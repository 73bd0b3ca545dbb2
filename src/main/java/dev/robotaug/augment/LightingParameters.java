package dev.robotaug.augment;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The lighting drawn for one copy, shared by all its cameras.
 *
 * @param brightnessPercent gain in percent: values are multiplied by {@code 1 + b/100}
 * @param contrastPercent contrast in percent about mid-grey: {@code 128 + (1 + c/100) * (v - 128)}
 * @param colorTemperatureK colour temperature of the light source in kelvin, 6500 K neutral
 * @param key the hex key of the lighting stream the values were drawn from
 */
public record LightingParameters(
    @JsonProperty("brightness_percent") double brightnessPercent,
    @JsonProperty("contrast_percent") double contrastPercent,
    @JsonProperty("color_temperature_k") double colorTemperatureK,
    @JsonProperty("key") String key) {

  public LightingParameters {
    if (!Double.isFinite(brightnessPercent) || !Double.isFinite(contrastPercent)) {
      throw new IllegalArgumentException(
          "Invalid lighting: brightness " + brightnessPercent + ", contrast " + contrastPercent);
    }

    if (!(colorTemperatureK >= 1667 && colorTemperatureK <= 25000)) {
      throw new IllegalArgumentException("Invalid colour temperature: " + colorTemperatureK);
    }
  }
}
