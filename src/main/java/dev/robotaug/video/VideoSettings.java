package dev.robotaug.video;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encoder settings of one camera stream, read from and written to a LeRobot video feature's {@code
 * info} block ({@code video.codec}, {@code video.pix_fmt}, {@code video.height}, {@code
 * video.width}, {@code video.fps}, {@code video.channels}, {@code has_audio}, {@code video.g},
 * {@code video.crf}, {@code video.preset}, {@code video.fast_decode}, {@code video.extra_options},
 * {@code is_depth_map}).
 *
 * <p>{@code codec} is the stream codec (av1, h264, hevc); {@code encoder} the FFmpeg encoder that
 * writes it here: av1 → libsvtav1; h264 → libx264 when the build has it (GPL), else libopenh264;
 * hevc → libx265 when present, else {@link #fromFeatureInfo} fails. Keys missing from the info take
 * LeRobot's writer defaults: av1, yuv420p, g 2, crf 30, preset 12 (libsvtav1 only), fast decode 0,
 * no extra options.
 *
 * <p>How the encoder applies them is described on {@link EpisodeEncoder}.
 *
 * @param codec stream codec name (FFmpeg's canonical name)
 * @param encoder FFmpeg encoder name
 * @param pixFmt pixel format of the coded frames
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second (LeRobot's fps is an integer)
 * @param gop key frame interval ({@code video.g})
 * @param crf constant rate factor, null for the encoder's default rate control
 * @param preset encoder speed preset (libsvtav1 preset, libaom-av1 cpu-used), null for default
 * @param fastDecode decoder-speed tuning level, 0 for none
 * @param extraOptions further encoder options, passed to FFmpeg as given
 */
public record VideoSettings(
    String codec,
    String encoder,
    String pixFmt,
    int width,
    int height,
    int fps,
    int gop,
    Integer crf,
    Integer preset,
    Integer fastDecode,
    Map<String, String> extraOptions) {

  public static final String DEFAULT_CODEC = "av1";
  public static final String DEFAULT_PIX_FMT = "yuv420p";
  public static final int DEFAULT_GOP = 2;
  public static final int DEFAULT_CRF = 30;
  public static final int DEFAULT_SVTAV1_PRESET = 12;
  public static final int DEFAULT_FAST_DECODE = 0;

  public VideoSettings {
    requireText(codec, "codec");
    requireText(encoder, "encoder");
    requireText(pixFmt, "pix_fmt");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Invalid video size: " + width + "x" + height);
    }
    if (fps <= 0) {
      throw new IllegalArgumentException("Invalid video fps: " + fps);
    }
    if (gop <= 0) {
      throw new IllegalArgumentException("Invalid video.g: " + gop);
    }
    if (crf != null && crf < 0) {
      throw new IllegalArgumentException("Invalid video.crf: " + crf);
    }
    if (fastDecode != null && fastDecode < 0) {
      throw new IllegalArgumentException("Invalid video.fast_decode: " + fastDecode);
    }
    extraOptions =
        extraOptions == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(extraOptions));
  }

  /** LeRobot's default settings (AV1 through libsvtav1) for a stream of this size and rate. */
  public static VideoSettings defaults(int width, int height, int fps) {
    return fromFeatureInfo(Map.of(), width, height, fps);
  }

  /**
   * Settings from a LeRobot video feature's {@code info} block. Size and rate come from the
   * arguments (the feature's shape and the dataset fps), not from {@code video.width/height/fps}.
   *
   * @throws VideoException when this FFmpeg build has no encoder for the codec (hevc without
   *     libx265), or the feature is a depth map
   * @throws IllegalArgumentException when a key has a value of the wrong type
   */
  public static VideoSettings fromFeatureInfo(
      Map<String, Object> info, int width, int height, int fps) {
    Map<String, Object> source = info == null ? Map.of() : info;
    if (Boolean.TRUE.equals(source.get("is_depth_map"))
        || Boolean.TRUE.equals(source.get("video.is_depth_map"))) {
      throw new VideoException(
          "Cannot encode a depth map video: depth streams (hevc gray12le) are not supported");
    }

    String named = text(source, "video.codec", DEFAULT_CODEC);
    String codec = streamCodecOf(named);
    String encoder = named.equals(codec) ? defaultEncoderFor(codec) : named;

    Map<String, String> extra = new LinkedHashMap<>(options(source.get("video.extra_options")));
    Integer preset = null;
    if (!source.containsKey("video.preset")) {
      preset = encoder.equals("libsvtav1") ? DEFAULT_SVTAV1_PRESET : null;
    } else if (source.get("video.preset") != null) {
      Object value = source.get("video.preset");
      Integer number = integerOrNull(value);
      if (number != null) {
        preset = number;
      } else {
        // A named preset (libx264's "veryfast") is an encoder option, not a number.
        extra.putIfAbsent("preset", value.toString());
      }
    }

    return new VideoSettings(
        codec,
        encoder,
        text(source, "video.pix_fmt", DEFAULT_PIX_FMT),
        width,
        height,
        fps,
        number(source, "video.g", DEFAULT_GOP),
        nullable(source, "video.crf", DEFAULT_CRF),
        preset,
        nullable(source, "video.fast_decode", DEFAULT_FAST_DECODE),
        extra);
  }

  /**
   * The FFmpeg encoder this build uses for a stream codec.
   *
   * @throws VideoException when the build has none (hevc without libx265, any unknown codec)
   */
  public static String defaultEncoderFor(String codec) {
    switch (codec) {
      case "av1":
        return "libsvtav1";
      case "h264":
        return Codecs.hasEncoder("libx264") ? "libx264" : "libopenh264";
      case "hevc":
        if (Codecs.hasEncoder("libx265")) {
          return "libx265";
        }
        throw new VideoException(
            "Cannot encode hevc video: this FFmpeg build has no HEVC encoder (libx265 ships only"
                + " with the GPL build, -Pgpl)");
      default:
        throw new VideoException(
            "Cannot encode %s video: no encoder is configured for it (supported: av1, h264, hevc)"
                .formatted(codec));
    }
  }

  /** The same settings written by another encoder of the same codec. */
  public VideoSettings withEncoder(String otherEncoder) {
    return new VideoSettings(
        codec,
        otherEncoder,
        pixFmt,
        width,
        height,
        fps,
        gop,
        crf,
        preset,
        fastDecode,
        extraOptions);
  }

  /** The same settings with another crf. */
  public VideoSettings withCrf(Integer otherCrf) {
    return new VideoSettings(
        codec,
        encoder,
        pixFmt,
        width,
        height,
        fps,
        gop,
        otherCrf,
        preset,
        fastDecode,
        extraOptions);
  }

  /** The same settings with another preset. */
  public VideoSettings withPreset(Integer otherPreset) {
    return new VideoSettings(
        codec,
        encoder,
        pixFmt,
        width,
        height,
        fps,
        gop,
        crf,
        otherPreset,
        fastDecode,
        extraOptions);
  }

  /** Channels LeRobot records for the pixel format (its {@code get_video_pixel_channels}). */
  public int channels() {
    if (pixFmt.contains("gray") || pixFmt.contains("depth") || pixFmt.contains("monochrome")) {
      return 1;
    }
    if (pixFmt.contains("rgba") || pixFmt.contains("yuva")) {
      return 4;
    }
    return 3;
  }

  /**
   * The feature {@code info} block in the order and with the types LeRobot writes (integers,
   * booleans, strings, a map for the extra options; a null crf or preset stays null).
   */
  public Map<String, Object> toFeatureInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("is_depth_map", false);
    info.put("video.height", height);
    info.put("video.width", width);
    info.put("video.codec", codec);
    info.put("video.pix_fmt", pixFmt);
    info.put("video.fps", fps);
    info.put("video.channels", channels());
    info.put("has_audio", false);
    info.put("video.g", gop);
    info.put("video.crf", crf);
    info.put("video.preset", preset);
    info.put("video.fast_decode", fastDecode);
    info.put("video.extra_options", new LinkedHashMap<>(extraOptions));
    return info;
  }

  /** The stream codec an encoder name writes; a stream codec name maps to itself. */
  private static String streamCodecOf(String name) {
    switch (name) {
      case "libsvtav1":
      case "libaom-av1":
        return "av1";
      case "libx264":
      case "libopenh264":
        return "h264";
      case "libx265":
        return "hevc";
      default:
        return name;
    }
  }

  private static String text(Map<String, Object> info, String key, String fallback) {
    Object value = info.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String) || ((String) value).isBlank()) {
      throw new IllegalArgumentException("Invalid " + key + ": " + value);
    }
    return (String) value;
  }

  private static int number(Map<String, Object> info, String key, int fallback) {
    Integer value = integer(info, key);
    return value == null ? fallback : value;
  }

  /** The key's integer; an explicit null stays null (the encoder's own default). */
  private static Integer nullable(Map<String, Object> info, String key, int fallback) {
    return info.containsKey(key) ? integer(info, key) : Integer.valueOf(fallback);
  }

  private static Integer integer(Map<String, Object> info, String key) {
    Object value = info.get(key);
    if (value == null) {
      return null;
    }
    Integer number = integerOrNull(value);
    if (number == null) {
      throw new IllegalArgumentException("Invalid " + key + ": " + value);
    }
    return number;
  }

  private static Integer integerOrNull(Object value) {
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      return number.intValue();
    }
    if (value instanceof String text) {
      try {
        return Integer.valueOf(text.trim());
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
    return null;
  }

  private static Map<String, String> options(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("Invalid video.extra_options: " + value);
    }
    Map<String, String> options = new LinkedHashMap<>();
    map.forEach((key, option) -> options.put(String.valueOf(key), String.valueOf(option)));
    return options;
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Invalid video settings: " + field + " is missing");
    }
  }
}
