package dev.robotaug.augment;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.robotaug.spec.BlurType;

/**
 * The blur of one camera of one copy, fixed for the whole episode.
 *
 * @param type {@code motion} or {@code defocus}
 * @param kernel motion: the odd line length K in pixels; null for defocus
 * @param angleDegrees motion: the line's angle in [0, 180), measured from the +x axis (right)
 *     towards +y (down); null for defocus
 * @param sigma defocus: the Gaussian PSF's sigma in pixels; null for motion
 * @param ksize defocus: the Gaussian kernel size {@code 2 * ceil(3 * sigma) + 1}; null for motion
 * @param key the hex key of the stream the values were drawn from
 */
public record BlurParameters(
    @JsonProperty("type") BlurType type,
    @JsonProperty("kernel") Integer kernel,
    @JsonProperty("angle_degrees") Double angleDegrees,
    @JsonProperty("sigma") Double sigma,
    @JsonProperty("ksize") Integer ksize,
    @JsonProperty("key") String key) {

  public BlurParameters {
    if (type == BlurType.MOTION) {
      if (kernel == null || kernel < 1 || kernel % 2 == 0 || angleDegrees == null) {
        throw new IllegalArgumentException(
            "Invalid motion blur: kernel " + kernel + ", angle " + angleDegrees);
      }

      if (!Double.isFinite(angleDegrees) || sigma != null || ksize != null) {
        throw new IllegalArgumentException(
            "Invalid motion blur: angle " + angleDegrees + ", sigma " + sigma + ", ksize " + ksize);
      }
    } else if (type == BlurType.DEFOCUS) {
      if (sigma == null || !(sigma > 0) || sigma.isInfinite() || kernel != null) {
        throw new IllegalArgumentException(
            "Invalid defocus blur: sigma " + sigma + ", kernel " + kernel);
      }

      if (ksize == null || ksize != defocusKernelSize(sigma) || angleDegrees != null) {
        throw new IllegalArgumentException(
            "Invalid defocus blur: ksize "
                + ksize
                + " for sigma "
                + sigma
                + ", expected "
                + defocusKernelSize(sigma));
      }
    } else {
      throw new IllegalArgumentException("Invalid blur type of a copy: " + type);
    }
  }

  /** A centred, equal-weight line of odd length {@code kernel} at {@code angleDegrees}. */
  public static BlurParameters motion(int kernel, double angleDegrees, String key) {
    return new BlurParameters(BlurType.MOTION, kernel, angleDegrees, null, null, key);
  }

  /** A Gaussian PSF of {@code sigma} pixels. */
  public static BlurParameters defocus(double sigma, String key) {
    return new BlurParameters(BlurType.DEFOCUS, null, null, sigma, defocusKernelSize(sigma), key);
  }

  /** The Gaussian kernel size used for {@code sigma}: {@code 2 * ceil(3 * sigma) + 1}. */
  public static int defocusKernelSize(double sigma) {
    return 2 * (int) StrictMath.ceil(3 * sigma) + 1;
  }
}
