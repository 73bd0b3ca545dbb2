package dev.robotaug.augment;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one camera of one copy gets besides the shared lighting. A family the copy does not apply is
 * null.
 */
public record CameraParameters(
    @JsonProperty("occlusion") OcclusionParameters occlusion,
    @JsonProperty("blur") BlurParameters blur,
    @JsonProperty("noise") NoiseParameters noise) {}
