package dev.robotaug.video;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decodes the video stream of a local file into FFmpeg frames, in presentation order, with a
 * decoder that cannot be a silent fallback (see {@link Codecs#decoderFor}). Not thread-safe.
 */
final class FrameReader implements AutoCloseable {

  private final MediaInput input;
  private final String decoderName;
  private AVCodecContext decoder;
  private AVFrame frame;
  private boolean flushed;
  private boolean finished;

  FrameReader(Path file, String verb, int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("Invalid decoder threads: " + threads);
    }
    input = MediaInput.open(file, verb);
    try {
      String action = input.action();
      AVCodecParameters parameters = input.parameters();
      AVCodec codec = Codecs.decoderFor(parameters.codec_id(), action);
      decoderName = codec.name().getString();
      decoder = avcodec_alloc_context3(codec);
      int configured = avcodec_parameters_to_context(decoder, parameters);
      Codecs.check(configured, action, "configuring the " + decoderName + " decoder");
      decoder.pkt_timebase(input.timeBase());
      decoder.thread_count(threads);
      int opened;
      synchronized (Codecs.OPEN_LOCK) {
        opened = avcodec_open2(decoder, codec, (AVDictionary) null);
      }

      Codecs.check(opened, action, "opening the " + decoderName + " decoder");
      frame = av_frame_alloc();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  MediaInput input() {
    return input;
  }

  String decoderName() {
    return decoderName;
  }

  /**
   * The next decoded frame, valid until the next call, or null once the decoder is drained. Its
   * timestamp is {@link #timestamp(AVFrame)}.
   */
  AVFrame next() {
    if (finished) {
      return null;
    }

    av_frame_unref(frame);
    while (true) {
      int received = avcodec_receive_frame(decoder, frame);
      if (received >= 0) {
        return frame;
      }
      if (received == AVERROR_EOF) {
        finished = true;
        return null;
      }
      if (received != AVERROR_EAGAIN()) {
        Codecs.check(received, input.action(), "decoding with " + decoderName);
      }
      feed();
    }
  }

  /** The frame's presentation timestamp in the stream time base, or AV_NOPTS_VALUE. */
  long timestamp(AVFrame decoded) {
    long best = decoded.best_effort_timestamp();
    return best != AV_NOPTS_VALUE ? best : decoded.pts();
  }

  /** Restarts decoding at the key frame at or before {@code timestamp}, if the file allows it. */
  boolean seekToKeyFrameBefore(long timestamp) {
    boolean moved = input.seekToKeyFrameBefore(timestamp);
    if (moved) {
      avcodec_flush_buffers(decoder);
      flushed = false;
      finished = false;
    }
    return moved;
  }

  /** Sends the next packet, or the end-of-stream signal once the file is exhausted. */
  private void feed() {
    if (flushed) {
      // The decoder asked for input after end of stream: it will never finish.
      throw input.fail(decoderName + " wants more input after the end of the stream");
    }

    if (!input.readVideoPacket()) {
      Codecs.check(
          avcodec_send_packet(decoder, (AVPacket) null), input.action(), "draining " + decoderName);
      flushed = true;
      return;
    }

    int sent = avcodec_send_packet(decoder, input.packet());
    if (sent < 0 && sent != AVERROR_EAGAIN()) {
      Codecs.check(sent, input.action(), "decoding with " + decoderName);
    }
  }

  @Override
  public void close() {
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (decoder != null) {
      synchronized (Codecs.OPEN_LOCK) {
        avcodec_free_context(decoder);
      }
      decoder = null;
    }
    input.close();
  }
}
