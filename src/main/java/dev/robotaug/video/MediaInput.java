package dev.robotaug.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An opened local media file and its (first, best) video stream; reads that stream's packets in
 * file order. Not thread-safe; closes every native structure it opened.
 */
final class MediaInput implements AutoCloseable {

  private final Path file;
  private final String action;
  private AVFormatContext format;
  private final AVStream stream;
  private final int streamIndex;
  private AVPacket packet;

  private MediaInput(Path file, String verb) {
    Codecs.load();
    this.file = file;
    this.action = "Cannot " + verb + " " + file;
    if (!Files.isRegularFile(file)) {
      throw new VideoException(action + ": no such file");
    }

    format = new AVFormatContext(null);
    int opened = avformat_open_input(format, file.toString(), null, null);
    if (opened < 0) {
      format = null;
      throw new VideoException(action + ": not a readable media file: " + Codecs.error(opened));
    }

    try {
      Codecs.check(avformat_find_stream_info(format, (PointerPointer<?>) null), action, "probing");
      int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
      if (index < 0) {
        throw new VideoException(action + ": the file has no video stream");
      }
      streamIndex = index;
      stream = format.streams(index);
      packet = av_packet_alloc();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens {@code file}; {@code verb} starts every error message ("Cannot verb file: ..."). */
  static MediaInput open(Path file, String verb) {
    return new MediaInput(file, verb);
  }

  Path file() {
    return file;
  }

  /** "Cannot &lt;verb&gt; &lt;file&gt;", the prefix of this input's error messages. */
  String action() {
    return action;
  }

  VideoException fail(String reason) {
    return new VideoException(action + ": " + reason);
  }

  AVStream stream() {
    return stream;
  }

  AVCodecParameters parameters() {
    return stream.codecpar();
  }

  AVRational timeBase() {
    return stream.time_base();
  }

  /** Seconds of a timestamp in the stream's time base. */
  double seconds(long timestamp) {
    AVRational tb = stream.time_base();
    return timestamp * (double) tb.num() / tb.den();
  }

  /** The stream's average frame rate (ffprobe's avg_frame_rate), or its r_frame_rate if unset. */
  double averageFps() {
    AVRational rate = stream.avg_frame_rate();
    if (rate.num() <= 0 || rate.den() <= 0) {
      rate = stream.r_frame_rate();
    }
    return rate.num() > 0 && rate.den() > 0 ? rate.num() / (double) rate.den() : 0;
  }

  /** Stream duration in seconds (stream duration times time base, else the container's). */
  double durationSeconds() {
    if (stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0) {
      return seconds(stream.duration());
    }
    return format.duration() == AV_NOPTS_VALUE ? 0 : format.duration() / (double) AV_TIME_BASE;
  }

  /** Frames the container claims (mp4 sample count), 0 when unknown. */
  long containerFrames() {
    return Math.max(0, stream.nb_frames());
  }

  /**
   * Reads the next packet of the video stream into {@link #packet()}, skipping other streams.
   *
   * @return false at the end of the file
   */
  boolean readVideoPacket() {
    while (true) {
      av_packet_unref(packet);
      int read = av_read_frame(format, packet);
      if (read == AVERROR_EOF) {
        return false;
      }
      Codecs.check(read, action, "reading a packet");
      if (packet.stream_index() == streamIndex) {
        return true;
      }
    }
  }

  /** The packet filled by the last {@link #readVideoPacket()}; owned by this input. */
  AVPacket packet() {
    return packet;
  }

  /**
   * Moves to the key frame at or before {@code timestamp} (stream time base).
   *
   * @return false when the container cannot seek; reading then continues from where it was
   */
  boolean seekToKeyFrameBefore(long timestamp) {
    return av_seek_frame(format, streamIndex, timestamp, AVSEEK_FLAG_BACKWARD) >= 0;
  }

  @Override
  public void close() {
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    if (format != null) {
      avformat_close_input(format);
      format = null;
    }
  }
}
