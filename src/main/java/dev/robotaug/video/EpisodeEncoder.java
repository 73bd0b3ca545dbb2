package dev.robotaug.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_count;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes RGB24 frames into a per-episode mp4 at a constant frame rate: frame {@code n} has
 * presentation time {@code n / fps}, the file holds exactly the frames written, and the stream
 * carries the given {@link VideoSettings}.
 *
 * <p><b>Time base.</b> The stream time base is {@code 1 / (512 * fps)} (1/15360 at 30 fps), the one
 * LeRobot's own files carry, so every frame time is an exact integer tick count; the mp4 muxer
 * doubles the denominator until it reaches 10000 (1/15360 at 15 fps), which keeps times exact. Each
 * packet lasts one frame, so the stream duration is exactly {@code frames / fps}.
 *
 * <p><b>Settings.</b> {@code pix_fmt}, {@code g} (key frame interval, no B-frames) and {@code crf}
 * go to every encoder that knows them. libsvtav1: {@code preset}, {@code
 * svtav1-params=fast-decode=N:lp=T} (T = level of parallelism from the thread count, capped at 6)
 * and bitrate 0 (JavaCV's default 400 kb/s would switch SVT-AV1 out of CRF mode and fail).
 * libaom-av1: preset becomes {@code cpu-used} (0..8). libx264/libx265: {@code tune=fastdecode} when
 * fast decode is on. libopenh264 has no CRF: crf becomes the quantiser ceiling ({@code qmax}) and
 * the target bitrate is 0.2 bit per pixel per frame unless extra option {@code b} is given. Extra
 * options go to the encoder last and override; an option the encoder does not consume fails the
 * encode instead of being ignored. An encoder name missing from this FFmpeg build fails with the
 * names it does have, never falling back to another encoder.
 *
 * <p><b>Threads.</b> Spark runs one task per core, so the caller passes the encoder's thread count
 * (1 for one task per core; 0 lets the encoder use every core).
 *
 * <p>The file is written next to {@code out} under a temporary name and moved into place by {@link
 * #finish()}; {@link #close()} without {@code finish()} deletes it. Not thread-safe.
 */
public final class EpisodeEncoder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EpisodeEncoder.class);

  /** Time base ticks per frame, as in LeRobot's files (1/15360 s at 30 fps). */
  static final int TICKS_PER_FRAME = 512;

  /** libopenh264's target bitrate when none is given: bits per pixel per frame. */
  static final double OPENH264_BITS_PER_PIXEL = 0.2;

  private final Path out;
  private final VideoSettings settings;
  private final String action;
  private Mp4Writer mp4;
  private AVCodecContext encoder;
  private AVStream stream;
  private AVFrame yuv;
  private AVPacket packet;
  private FrameScaler scaler;
  private int framesWritten;
  private int packetsWritten;

  /**
   * Opens the encoder and the output file.
   *
   * @param threads encoder threads: 1 when Spark runs one task per core, 0 for all cores
   * @throws VideoException when the encoder is missing, does not write {@code settings.codec()}, or
   *     rejects a setting
   */
  public EpisodeEncoder(Path out, VideoSettings settings, int threads) {
    Objects.requireNonNull(out, "out is null");
    Objects.requireNonNull(settings, "settings is null");
    if (threads < 0) {
      throw new IllegalArgumentException("Invalid encoder threads: " + threads);
    }
    Codecs.load();
    this.out = out;
    this.settings = settings;
    this.action = "Cannot encode " + out;

    try {
      openEncoder(threads);
      openMuxer();
      allocateFrames();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Whether {@code encoder} writes the same bytes at every thread count, so that its threads may
   * follow the cluster's shape without changing the output. True for libsvtav1 only, which
   * TestEpisodeEncoder checks; the others are not checked, and libx264's frame threads are known to
   * change its choices.
   */
  public static boolean sameBytesAtAnyThreadCount(String encoder) {
    return "libsvtav1".equals(encoder);
  }

  /** Encodes one RGB24 frame of the settings' size; it becomes frame number {@code frames()}. */
  public void write(Mat rgbFrame) {
    requireOpen();
    if (rgbFrame == null
        || rgbFrame.type() != CV_8UC3
        || rgbFrame.cols() != width()
        || rgbFrame.rows() != height()) {
      throw new IllegalArgumentException(
          "%s: frame %d is %s, expected an RGB24 CV_8UC3 Mat of %dx%d"
              .formatted(action, framesWritten, describe(rgbFrame), width(), height()));
    }

    // The encoder may still hold the previous buffer; this copies only in that case.
    int writable = av_frame_make_writable(yuv);
    if (writable < 0) {
      Codecs.check(writable, action, "preparing frame " + framesWritten);
    }
    scaler.matToFrame(rgbFrame, yuv);
    yuv.pts(framesWritten);
    yuv.duration(1);
    int sent = avcodec_send_frame(encoder, yuv);
    if (sent < 0) {
      // Messages are built only on failure: this runs once per frame.
      Codecs.check(sent, action, "encoding frame " + framesWritten + " with " + settings.encoder());
    }
    framesWritten++;
    writePackets();
  }

  /** Frames written so far. */
  public int frames() {
    return framesWritten;
  }

  /**
   * Flushes the encoder, completes the mp4 and moves it to {@code out}.
   *
   * @throws VideoException when the encoder did not return one packet per frame written
   */
  public EncodedEpisode finish() {
    requireOpen();
    Codecs.check(avcodec_send_frame(encoder, (AVFrame) null), action, "flushing the encoder");
    writePackets();
    if (packetsWritten != framesWritten) {
      throw new VideoException(
          "%s: %s returned %d packets for %d frames"
              .formatted(action, settings.encoder(), packetsWritten, framesWritten));
    }

    mp4.commit();
    closeNatives();
    long bytes = size(out);
    LOG.debug("Encoded {} frames, {} bytes, with {}: {}", framesWritten, bytes, encoderName(), out);
    return new EncodedEpisode(out, framesWritten, framesWritten / (double) settings.fps(), bytes);
  }

  /** Releases the encoder; without a prior {@link #finish()} the partial file is deleted. */
  @Override
  public void close() {
    closeNatives();
  }

  private void openEncoder(int threads) {
    AVCodec codec = Codecs.encoderOrNull(settings.encoder());
    if (codec == null) {
      throw new VideoException(
          "%s: encoder '%s' is not in this FFmpeg build (its %s encoders: %s)"
              .formatted(
                  action, settings.encoder(), settings.codec(), encodersOf(settings.codec())));
    }
    String writes = Codecs.codecName(codec.id());
    if (!writes.equals(settings.codec())) {
      throw new VideoException(
          "%s: encoder '%s' writes %s, not %s"
              .formatted(action, settings.encoder(), writes, settings.codec()));
    }
    int pixFmt = av_get_pix_fmt(settings.pixFmt());
    if (pixFmt == AV_PIX_FMT_NONE) {
      throw new VideoException(action + ": unknown pix_fmt '" + settings.pixFmt() + "'");
    }

    encoder = avcodec_alloc_context3(codec);
    encoder.width(width());
    encoder.height(height());
    encoder.pix_fmt(pixFmt);
    encoder.time_base(av_make_q(1, settings.fps()));
    encoder.framerate(av_make_q(settings.fps(), 1));
    encoder.gop_size(settings.gop());
    encoder.max_b_frames(0);
    encoder.thread_count(threads);
    encoder.bit_rate(0);
    if (settings.encoder().equals("libopenh264")) {
      long pixelsPerSecond = (long) width() * height() * settings.fps();
      encoder.bit_rate(Math.round(OPENH264_BITS_PER_PIXEL * pixelsPerSecond));
      if (settings.crf() != null) {
        encoder.qmax(Math.max(1, Math.min(51, settings.crf())));
      }
    }
    // mp4 keeps codec headers (avcC, av1C) in the container, not in every key frame.
    encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);

    Map<String, String> options = encoderOptions(threads);
    AVDictionary dictionary = new AVDictionary(null);
    try {
      options.forEach((key, value) -> av_dict_set(dictionary, key, value, 0));
      String step = "opening " + settings.encoder() + " with " + options;
      int opened;
      synchronized (Codecs.OPEN_LOCK) {
        opened = avcodec_open2(encoder, codec, dictionary);
      }

      Codecs.check(opened, action, step);
      if (av_dict_count(dictionary) > 0) {
        throw new VideoException(
            "%s: %s does not know the option(s) %s"
                .formatted(action, settings.encoder(), keys(dictionary)));
      }
    } finally {
      av_dict_free(dictionary);
    }
  }

  /** The encoder's private options for these settings, extra options last. */
  private Map<String, String> encoderOptions(int threads) {
    Map<String, String> options = new LinkedHashMap<>();
    Integer crf = settings.crf();
    Integer preset = settings.preset();
    int fastDecode = settings.fastDecode() == null ? 0 : settings.fastDecode();
    switch (settings.encoder()) {
      case "libsvtav1" -> {
        putIfSet(options, "crf", crf);
        putIfSet(options, "preset", preset);
        String params = "fast-decode=" + fastDecode;
        if (threads > 0) {
          // SVT-AV1 3.x: lp is the level of parallelism (1..6), not a thread count.
          params += ":lp=" + Math.min(threads, 6);
        }
        String extra = settings.extraOptions().get("svtav1-params");
        options.put("svtav1-params", extra == null ? params : params + ":" + extra);
      }
      case "libaom-av1" -> {
        putIfSet(options, "crf", crf);
        if (preset != null) {
          if (preset < 0 || preset > 8) {
            throw new VideoException(
                action + ": libaom-av1 preset (cpu-used) must be 0..8, got " + preset);
          }
          options.put("cpu-used", preset.toString());
        }
        options.put("row-mt", "1");
      }
      case "libx264", "libx265" -> {
        putIfSet(options, "crf", crf);
        if (fastDecode > 0) {
          options.put("tune", "fastdecode");
        }
      }
      case "libopenh264" -> {
        // crf and bitrate are set on the codec context: openh264 has no crf option.
      }
      default -> putIfSet(options, "crf", crf);
    }

    for (Map.Entry<String, String> extra : settings.extraOptions().entrySet()) {
      boolean merged =
          extra.getKey().equals("svtav1-params") && options.containsKey(extra.getKey());
      if (!merged) {
        options.put(extra.getKey(), extra.getValue());
      }
    }
    return options;
  }

  private void openMuxer() {
    mp4 = new Mp4Writer(out, action);
    stream = mp4.addStream();
    String step = "copying encoder parameters to the stream";
    Codecs.check(avcodec_parameters_from_context(stream.codecpar(), encoder), action, step);
    stream.time_base(av_make_q(1, TICKS_PER_FRAME * settings.fps()));
    stream.avg_frame_rate(av_make_q(settings.fps(), 1));
    mp4.start(false);
  }

  private void allocateFrames() {
    yuv = av_frame_alloc();
    yuv.format(encoder.pix_fmt());
    yuv.width(width());
    yuv.height(height());
    Codecs.check(av_frame_get_buffer(yuv, 0), action, "allocating a frame");
    packet = av_packet_alloc();
    scaler = new FrameScaler(width(), height(), AV_PIX_FMT_RGB24, encoder.pix_fmt(), action);
  }

  /** Moves every packet the encoder has ready into the mp4. */
  private void writePackets() {
    AVRational codecTimeBase = encoder.time_base();
    while (true) {
      int received = avcodec_receive_packet(encoder, packet);
      if (received == AVERROR_EAGAIN() || received == AVERROR_EOF) {
        return;
      }
      if (received < 0) {
        Codecs.check(received, action, "encoding with " + settings.encoder());
      }

      // Constant frame rate: every packet is one frame long, in codec ticks (1/fps).
      packet.duration(1);
      av_packet_rescale_ts(packet, codecTimeBase, stream.time_base());
      mp4.write(packet, packetsWritten);
      av_packet_unref(packet);
      packetsWritten++;
    }
  }

  private void requireOpen() {
    if (encoder == null) {
      throw new IllegalStateException(action + ": the encoder is already finished or closed");
    }
  }

  private void closeNatives() {
    if (scaler != null) {
      scaler.close();
      scaler = null;
    }
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    if (yuv != null) {
      av_frame_free(yuv);
      yuv = null;
    }
    if (encoder != null) {
      synchronized (Codecs.OPEN_LOCK) {
        avcodec_free_context(encoder);
      }
      encoder = null;
    }
    if (mp4 != null) {
      mp4.close();
      mp4 = null;
    }
  }

  private String encoderName() {
    return settings.encoder();
  }

  private int width() {
    return settings.width();
  }

  private int height() {
    return settings.height();
  }

  private long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new VideoException(action + ": cannot read the size of the finished file: " + e, e);
    }
  }

  private static void putIfSet(Map<String, String> options, String key, Integer value) {
    if (value != null) {
      options.put(key, value.toString());
    }
  }

  private static String encodersOf(String codec) {
    AVCodecDescriptor descriptor = avcodec_descriptor_get_by_name(codec);
    if (descriptor == null || descriptor.isNull()) {
      return "none, unknown codec";
    }
    List<String> names = Codecs.codecNames(descriptor.id(), true);
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static List<String> keys(AVDictionary dictionary) {
    List<String> keys = new ArrayList<>();
    AVDictionaryEntry entry = null;
    while ((entry = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX)) != null
        && !entry.isNull()) {
      keys.add(entry.key().getString());
    }
    return keys;
  }

  private static String describe(Mat frame) {
    if (frame == null) {
      return "null";
    }
    return "type " + frame.type() + " " + frame.cols() + "x" + frame.rows();
  }
}
