package dev.robotaug.video;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Facts about the video stream of one mp4, named as ffprobe and LeRobot's {@code info} block name
 * them.
 *
 * @param file the mp4 on local disk
 * @param codec the stream codec (FFmpeg's canonical name: av1, h264, hevc)
 * @param decoder the FFmpeg decoder that reads it here (libaom-av1 for AV1, h264 for H.264)
 * @param pixFmt pixel format of the coded frames, e.g. yuv420p
 * @param width coded frame width in pixels
 * @param height coded frame height in pixels
 * @param fps average frame rate (ffprobe's avg_frame_rate)
 * @param frameCount frames in the stream: decoded and counted by {@link VideoProbe#probe}, the
 *     container's sample count in {@link SegmentDecoder#stream()}
 * @param durationSeconds stream duration (duration times time base), the value LeRobot adds up for
 *     {@code to_timestamp}
 * @param timeBaseNum numerator of the stream time base
 * @param timeBaseDen denominator of the stream time base (15360 for a 30 fps LeRobot file)
 */
public record VideoStreamInfo(
    Path file,
    String codec,
    String decoder,
    String pixFmt,
    int width,
    int height,
    double fps,
    long frameCount,
    double durationSeconds,
    int timeBaseNum,
    int timeBaseDen) {

  public VideoStreamInfo {
    Objects.requireNonNull(file, "file is null");
    Objects.requireNonNull(codec, "codec is null");
    Objects.requireNonNull(decoder, "decoder is null");
    Objects.requireNonNull(pixFmt, "pixFmt is null");
  }

  /** The stream time base in seconds per tick. */
  public double timeBaseSeconds() {
    return timeBaseNum / (double) timeBaseDen;
  }

  static VideoStreamInfo of(FrameReader reader, long frameCount) {
    MediaInput input = reader.input();
    var parameters = input.parameters();
    return new VideoStreamInfo(
        input.file(),
        Codecs.codecName(parameters.codec_id()),
        reader.decoderName(),
        Codecs.pixFmtName(parameters.format()),
        parameters.width(),
        parameters.height(),
        input.averageFps(),
        frameCount,
        input.durationSeconds(),
        input.timeBase().num(),
        input.timeBase().den());
  }
}
