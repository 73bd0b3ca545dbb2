package dev.robotaug.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.av_codec_is_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.av_codec_is_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.av_codec_iterate;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NONE;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Codec look-ups against the bundled FFmpeg, written so that nothing falls back silently: FFmpeg
 * and JavaCV quietly substitute another codec for a missing name, and the native {@code av1}
 * decoder of this build needs a GPU and returns no frames without an error.
 */
final class Codecs {
  /**
   * Held while a codec is opened or freed. FFmpeg's own open and close are thread-safe, but the
   * SVT-AV1 library linked into this build keeps a process-wide CPU topology that every encoder
   * open fills in from {@code /proc/cpuinfo} and every close frees: an open that overlaps another
   * open or a close dereferences freed memory. TestConcurrentEncoders crashes the JVM within a few
   * hundred cycles (SIGSEGV in avcodec_open2) when either the open or the close is left outside.
   */
  static final Object OPEN_LOCK = new Object();

  /** The only software AV1 decoder in the JavaCV 1.5.13 builds (there is no libdav1d). */
  static final String AV1_DECODER = "libaom-av1";

  static {
    // FFmpeg writes to stderr by default; Spark executors should only show real errors.
    av_log_set_level(AV_LOG_ERROR);
  }

  private Codecs() {}

  /** Loads the natives and applies the log level; cheap after the first call. */
  static void load() {}

  /** The decoder for a stream's codec, never the GPU-only native {@code av1} decoder. */
  static AVCodec decoderFor(int codecId, String action) {
    AVCodec decoder =
        codecId == AV_CODEC_ID_AV1
            ? avcodec_find_decoder_by_name(AV1_DECODER)
            : avcodec_find_decoder(codecId);
    if (decoder == null || decoder.isNull()) {
      throw new VideoException(
          action + ": no decoder for codec " + codecName(codecId) + " in this FFmpeg build");
    }

    if (decoder.name().getString().equals("av1")) {
      throw new VideoException(
          action + ": only the hardware-only native av1 decoder is available, it yields no frames");
    }
    return decoder;
  }

  /** The named encoder, or null when this FFmpeg build does not have it. */
  static AVCodec encoderOrNull(String name) {
    AVCodec encoder = avcodec_find_encoder_by_name(name);
    return encoder == null || encoder.isNull() ? null : encoder;
  }

  static boolean hasEncoder(String name) {
    return encoderOrNull(name) != null;
  }

  /** Names of the video encoders (or decoders) this build has for a codec, in FFmpeg's order. */
  static List<String> codecNames(int codecId, boolean encoders) {
    List<String> names = new ArrayList<>();
    // av_codec_iterate reads the opaque cursor before writing it: it must start as NULL.
    try (PointerPointer<Pointer> cursor = new PointerPointer<>(1)) {
      cursor.put(0, (Pointer) null);
      for (AVCodec codec = av_codec_iterate(cursor);
          codec != null && !codec.isNull();
          codec = av_codec_iterate(cursor)) {
        boolean wanted =
            encoders ? av_codec_is_encoder(codec) != 0 : av_codec_is_decoder(codec) != 0;
        if (wanted && codec.type() == AVMEDIA_TYPE_VIDEO && codec.id() == codecId) {
          names.add(codec.name().getString());
        }
      }
    }
    return names;
  }

  /** FFmpeg's canonical stream codec name, e.g. av1, h264, hevc. */
  static String codecName(int codecId) {
    return avcodec_get_name(codecId).getString();
  }

  static String pixFmtName(int pixFmt) {
    if (pixFmt == AV_PIX_FMT_NONE) {
      return "none";
    }
    BytePointer name = av_get_pix_fmt_name(pixFmt);
    return name == null || name.isNull() ? "unknown(" + pixFmt + ")" : name.getString();
  }

  /** FFmpeg's text for an error code, with the code itself. */
  static String error(int code) {
    byte[] text = new byte[256];
    av_strerror(code, text, text.length);
    int end = 0;
    while (end < text.length && text[end] != 0) {
      end++;
    }
    return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
  }

  /** Returns {@code result} when it is not an FFmpeg error, else throws naming the step. */
  static int check(int result, String action, String step) {
    if (result < 0) {
      throw new VideoException(action + ": " + step + " failed: " + error(result));
    }
    return result;
  }
}
