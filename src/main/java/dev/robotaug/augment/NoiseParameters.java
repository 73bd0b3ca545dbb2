package dev.robotaug.augment;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.robotaug.spec.NoiseType;

/**
 * The sensor noise of one camera of one copy. The noise itself is redrawn on every frame from
 * {@code frameKey}; these settings hold for the whole episode.
 *
 * @param type {@code gaussian} (per pixel and channel, std {@code sigma} DN), {@code read} (one
 *     sample of std {@code sigma} per pixel, shared by R, G and B) or {@code shot} (variance {@code
 *     k * v} at value {@code v})
 * @param sigma std in DN for gaussian and read noise; null for shot noise
 * @param k DN per photo-electron for shot noise; null otherwise
 * @param key the hex key of the stream the settings were drawn from
 * @param frameKey the hex key of the per-frame noise stream, from which frame {@code f}'s noise is
 *     derived
 */
public record NoiseParameters(
    @JsonProperty("type") NoiseType type,
    @JsonProperty("sigma") Double sigma,
    @JsonProperty("k") Double k,
    @JsonProperty("key") String key,
    @JsonProperty("frame_key") String frameKey) {

  public NoiseParameters {
    if (type == null || type == NoiseType.MIXED) {
      throw new IllegalArgumentException("Invalid noise type of a copy: " + type);
    }

    boolean shot = type == NoiseType.SHOT;
    Double value = shot ? k : sigma;
    Double unused = shot ? sigma : k;
    if (value == null || !(value >= 0) || value.isInfinite() || unused != null) {
      throw new IllegalArgumentException(
          "Invalid " + type.wireName() + " noise: sigma " + sigma + ", k " + k);
    }

    KeyedRandom.parseHex(frameKey);
  }

  /** Gaussian noise of std {@code sigma} DN per pixel and channel. */
  public static NoiseParameters gaussian(double sigma, String key, String frameKey) {
    return new NoiseParameters(NoiseType.GAUSSIAN, sigma, null, key, frameKey);
  }

  /** Read noise: one sample of std {@code sigma} DN per pixel, added to R, G and B alike. */
  public static NoiseParameters read(double sigma, String key, String frameKey) {
    return new NoiseParameters(NoiseType.READ, sigma, null, key, frameKey);
  }

  /** Shot noise of variance {@code k * v} at value {@code v}. */
  public static NoiseParameters shot(double k, String key, String frameKey) {
    return new NoiseParameters(NoiseType.SHOT, null, k, key, frameKey);
  }
}
