package dev.robotaug.augment;

import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.BlurType;
import dev.robotaug.spec.NoiseType;
import dev.robotaug.spec.OcclusionType;
import dev.robotaug.spec.TransformFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws the parameters of one augmented copy from the request's ranges with {@link KeyedRandom}, so
 * that they depend only on (seed, episode, family, copy, camera).
 *
 * <p>Temporal policy: lighting is drawn once per copy and shared by all cameras; occlusion, blur
 * and noise settings are drawn per camera; nothing here varies per frame (the noise realisation
 * does, see {@link FrameAugmenter}). Fixed slots per stream, so adding a parameter never shifts
 * another:
 *
 * <ul>
 *   <li>lighting: brightness 0, contrast 1, kelvin 2;
 *   <li>blur: type 0 (reserved), kernel 1, angle 2, sigma 3;
 *   <li>noise: type 0 (reserved), sigma 1, k 2;
 *   <li>occlusion: count 0, then patch i at {@code 8 + 8i}: width +0, height +1, x +2, y +3, type
 *       +4, colour +5 (three bytes of one word), alpha +6.
 * </ul>
 *
 * <p>{@code mixed} noise and blur types are cycled over the copies of one episode: copy j gets type
 * {@code T[(j + o) mod m]}, where the offset o is drawn once per (seed, episode, family) from the
 * {@link KeyedRandom#MIX_CHOICE} stream, so any m consecutive copies cover every type. {@code
 * mixed} occlusion picks rectangle or overlay per patch with probability 1/2.
 */
public final class ParameterSampler {
  /** Occlusion patches are drawn from fixed slot blocks; the contract allows at most 10. */
  public static final int MAX_PATCHES = 10;

  /** Overlay opacity is drawn uniformly from [0.3, 0.7). */
  public static final double OVERLAY_ALPHA_MIN = 0.3;

  public static final double OVERLAY_ALPHA_MAX = 0.7;

  private static final List<NoiseType> MIXED_NOISE =
      List.of(NoiseType.GAUSSIAN, NoiseType.SHOT, NoiseType.READ);
  private static final List<BlurType> MIXED_BLUR = List.of(BlurType.MOTION, BlurType.DEFOCUS);

  private ParameterSampler() {}

  /**
   * Draws all parameters of one copy for the given cameras.
   *
   * @param cameraSizes frame size per camera key; occlusion geometry depends on it
   * @throws IllegalArgumentException naming the field when a range of the request is invalid
   */
  public static CopyParameters sample(
      AugmentationRequest request,
      long seed,
      long sourceEpisode,
      CopyRecipe recipe,
      Map<String, FrameSize> cameraSizes) {
    LightingParameters lighting =
        recipe.applies(TransformFamily.LIGHTING)
            ? lighting(request, seed, sourceEpisode, recipe)
            : null;

    Map<String, CameraParameters> cameras = new TreeMap<>();
    for (Map.Entry<String, FrameSize> camera : new TreeMap<>(cameraSizes).entrySet()) {
      String cameraKey = camera.getKey();
      if (camera.getValue() == null) {
        throw new IllegalArgumentException("Invalid frame size of camera " + cameraKey + ": null");
      }

      Coordinates at = new Coordinates(seed, sourceEpisode, recipe, cameraKey);
      OcclusionParameters occlusion =
          recipe.applies(TransformFamily.OCCLUSION)
              ? occlusion(request, at, camera.getValue())
              : null;
      BlurParameters blur = recipe.applies(TransformFamily.BLUR) ? blur(request, at) : null;
      NoiseParameters noise = recipe.applies(TransformFamily.NOISE) ? noise(request, at) : null;
      cameras.put(cameraKey, new CameraParameters(occlusion, blur, noise));
    }

    return new CopyParameters(seed, sourceEpisode, recipe, lighting, cameras);
  }

  private static LightingParameters lighting(
      AugmentationRequest request, long seed, long episode, CopyRecipe recipe) {
    requireRange(
        "augment_brightness", request.augmentBrightnessMin(), request.augmentBrightnessMax());
    requireRange("augment_contrast", request.augmentContrastMin(), request.augmentContrastMax());
    requireRange(
        "augment_color_temp", request.augmentColorTempMin(), request.augmentColorTempMax());

    KeyedRandom random =
        KeyedRandom.of(
            seed, KeyedRandom.LIGHTING, episode, recipe.keyFamilyField(), recipe.copyIndex(), null);
    double brightness =
        random.uniform(0, request.augmentBrightnessMin(), request.augmentBrightnessMax());
    double contrast = random.uniform(1, request.augmentContrastMin(), request.augmentContrastMax());
    double kelvin = random.uniform(2, request.augmentColorTempMin(), request.augmentColorTempMax());
    return new LightingParameters(brightness, contrast, kelvin, random.keyHex());
  }

  private static BlurParameters blur(AugmentationRequest request, Coordinates at) {
    BlurType type = request.blurType();
    if (type == BlurType.MIXED) {
      type = cycled(MIXED_BLUR, at, TransformFamily.BLUR);
    }

    KeyedRandom random = at.stream(KeyedRandom.BLUR);
    if (type == BlurType.MOTION) {
      int low = request.blurMotionKernelMin();
      int high = request.blurMotionKernelMax();
      requireRange("blur_motion_kernel", low, high);
      if (low < 1) {
        throw new IllegalArgumentException("Invalid blur_motion_kernel_min: " + low);
      }

      int oddLow = low | 1;
      int oddHigh = high | 1;
      int kernel = oddLow + 2 * random.integer(1, 0, (oddHigh - oddLow) / 2);
      double angle = random.uniform(2, 0, 180);
      return BlurParameters.motion(kernel, angle, random.keyHex());
    }

    requireRange(
        "blur_defocus_sigma", request.blurDefocusSigmaMin(), request.blurDefocusSigmaMax());
    if (!(request.blurDefocusSigmaMin() > 0)) {
      throw new IllegalArgumentException(
          "Invalid blur_defocus_sigma_min: " + request.blurDefocusSigmaMin() + ", must be > 0");
    }

    double sigma = random.uniform(3, request.blurDefocusSigmaMin(), request.blurDefocusSigmaMax());
    return BlurParameters.defocus(sigma, random.keyHex());
  }

  private static NoiseParameters noise(AugmentationRequest request, Coordinates at) {
    NoiseType type = request.noiseType();
    if (type == NoiseType.MIXED) {
      type = cycled(MIXED_NOISE, at, TransformFamily.NOISE);
    }

    KeyedRandom random = at.stream(KeyedRandom.NOISE_PARAMS);
    String frameKey = at.stream(KeyedRandom.NOISE_FRAME).keyHex();
    if (type == NoiseType.SHOT) {
      double low = request.noiseShotScaleMin();
      double high = request.noiseShotScaleMax();
      requireNonNegativeRange("noise_shot_scale", low, high);
      return NoiseParameters.shot(random.uniform(2, low, high), random.keyHex(), frameKey);
    }

    double low = request.noiseGaussianSigmaMin();
    double high = request.noiseGaussianSigmaMax();
    requireNonNegativeRange("noise_gaussian_sigma", low, high);
    double sigma = random.uniform(1, low, high);
    return type == NoiseType.READ
        ? NoiseParameters.read(sigma, random.keyHex(), frameKey)
        : NoiseParameters.gaussian(sigma, random.keyHex(), frameKey);
  }

  private static OcclusionParameters occlusion(
      AugmentationRequest request, Coordinates at, FrameSize size) {
    int countMin = request.occlusionNumPatchesMin();
    int countMax = request.occlusionNumPatchesMax();
    requireRange("occlusion_num_patches", countMin, countMax);
    if (countMin < 1 || countMax > MAX_PATCHES) {
      throw new IllegalArgumentException(
          "Invalid occlusion_num_patches: [" + countMin + ", " + countMax + "], allowed 1..10");
    }

    double widthMin = request.occlusionPatchWidthMin();
    double widthMax = request.occlusionPatchWidthMax();
    double heightMin = request.occlusionPatchHeightMin();
    double heightMax = request.occlusionPatchHeightMax();
    requireFractionRange("occlusion_patch_width", widthMin, widthMax);
    requireFractionRange("occlusion_patch_height", heightMin, heightMax);

    KeyedRandom random = at.stream(KeyedRandom.OCCLUSION);
    int count = random.integer(0, countMin, countMax);
    List<OcclusionParameters.Patch> patches = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int slot = 8 + 8 * i;
      int w = patchSide(random.uniform(slot, widthMin, widthMax), size.width());
      int h = patchSide(random.uniform(slot + 1, heightMin, heightMax), size.height());
      int x = random.integer(slot + 2, 0, size.width() - w);
      int y = random.integer(slot + 3, 0, size.height() - h);
      OcclusionType type = request.occlusionType();
      if (type == OcclusionType.MIXED) {
        type = random.unit(slot + 4) < 0.5 ? OcclusionType.RECTANGLE : OcclusionType.OVERLAY;
      }

      long colour = random.word(slot + 5);
      int r = (int) (colour & 0xFF);
      int g = (int) ((colour >>> 8) & 0xFF);
      int b = (int) ((colour >>> 16) & 0xFF);
      double alpha =
          type == OcclusionType.RECTANGLE
              ? 1.0
              : random.uniform(slot + 6, OVERLAY_ALPHA_MIN, OVERLAY_ALPHA_MAX);
      patches.add(new OcclusionParameters.Patch(type, x, y, w, h, r, g, b, alpha));
    }

    return new OcclusionParameters(size, patches, random.keyHex());
  }

  /** A patch side in pixels: {@code max(1, rnd(fraction * side))}, never beyond the frame. */
  private static int patchSide(double fraction, int side) {
    long pixels = (long) StrictMath.floor(fraction * side + 0.5);
    return (int) Math.min(side, Math.max(1, pixels));
  }

  private static <T> T cycled(List<T> types, Coordinates at, TransformFamily family) {
    KeyedRandom choice =
        KeyedRandom.of(
            at.seed(),
            KeyedRandom.MIX_CHOICE,
            at.episode(),
            KeyedRandom.familyField(family),
            0,
            null);
    int offset = choice.integer(0, 0, types.size() - 1);
    return types.get((at.recipe().copyIndex() + offset) % types.size());
  }

  private static void requireRange(String field, double min, double max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException(
          "Invalid " + field + "_min: " + min + " is above " + field + "_max " + max);
    }
  }

  private static void requireNonNegativeRange(String field, double min, double max) {
    requireRange(field, min, max);
    if (!(min >= 0)) {
      throw new IllegalArgumentException("Invalid " + field + "_min: " + min + ", must be >= 0");
    }
  }

  private static void requireFractionRange(String field, double min, double max) {
    requireRange(field, min, max);
    if (!(min > 0) || !(max <= 1)) {
      throw new IllegalArgumentException(
          "Invalid " + field + ": [" + min + ", " + max + "], must lie in (0, 1]");
    }
  }

  /** The coordinates of one camera of one copy, from which every per-camera stream is keyed. */
  private record Coordinates(long seed, long episode, CopyRecipe recipe, String cameraKey) {

    KeyedRandom stream(int tag) {
      return KeyedRandom.of(
          seed, tag, episode, recipe.keyFamilyField(), recipe.copyIndex(), cameraKey);
    }
  }
}
