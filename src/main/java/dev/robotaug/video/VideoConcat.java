package dev.robotaug.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins mp4s into one by stream copy (no re-encode), the way LeRobot packs per-episode videos into
 * a shared file: continuous timestamps, a {@code 1 / (512 * fps)} time base (see {@link
 * EpisodeEncoder}), {@code movflags=faststart}. All inputs must have the same codec, size, pixel
 * format, frame rate and codec headers (extradata), and each must start with a key frame.
 *
 * <p>Output timestamps are rebuilt from frame numbers: input frame {@code k} of segment {@code s}
 * gets the time {@code (s.firstFrame + k) / fps} exactly. An input whose frames are not on its own
 * {@code 1/fps} grid (beyond LeRobot's 1e-4 s tolerance), or that misses or repeats a frame, fails
 * the join. The output is written under a temporary name and moved into place when complete.
 */
public final class VideoConcat {

  private static final Logger LOG = LoggerFactory.getLogger(VideoConcat.class);

  private VideoConcat() {}

  /**
   * Joins whole per-episode mp4s, in order.
   *
   * @return each input's place in {@code output}: consecutive segments abut, {@code to - from ==
   *     frames / fps}
   */
  public static List<VideoSegment> concat(List<Path> inputs, Path output) {
    Objects.requireNonNull(inputs, "inputs is null");
    List<Part> parts = new ArrayList<>();
    for (Path input : inputs) {
      parts.add(new Part(Objects.requireNonNull(input, "input is null"), 0, -1));
    }
    return join(parts, output);
  }

  /**
   * Joins frame ranges of mp4s, in order; copies an original episode out of a shared LeRobot v3
   * file without re-encoding. A clip must start at a key frame of its source (every episode of a
   * LeRobot file does) and its source must not reorder frames (no B-frames).
   */
  public static List<VideoSegment> concatClips(List<VideoClip> clips, Path output) {
    Objects.requireNonNull(clips, "clips is null");
    List<Part> parts = new ArrayList<>();
    for (VideoClip clip : clips) {
      parts.add(new Part(clip.file(), clip.firstFrame(), clip.frameCount()));
    }
    return join(parts, output);
  }

  /** A frame range of an input; {@code frameCount} -1 for the whole file. */
  private record Part(Path file, long firstFrame, int frameCount) {}

  private static List<VideoSegment> join(List<Part> parts, Path output) {
    Objects.requireNonNull(output, "output is null");
    String action = "Cannot concatenate " + parts.size() + " videos into " + output;
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(action + ": no inputs");
    }

    List<VideoSegment> segments = new ArrayList<>();
    long framesBefore = 0;
    try (Mp4Writer writer = new Mp4Writer(output, action)) {
      Reference reference = null;
      for (Part part : parts) {
        try (MediaInput input = MediaInput.open(part.file(), "concatenate")) {
          if (reference == null) {
            reference = Reference.of(input, action);
            reference.startOutput(writer);
          } else {
            reference.requireMatch(input);
          }
          int frames = copy(input, part, reference, writer, framesBefore);
          segments.add(VideoSegment.of(part.file(), framesBefore, frames, reference.fps));
          framesBefore += frames;
        }
      }
      writer.commit();
    }

    LOG.debug("Joined {} videos, {} frames, into {}", parts.size(), framesBefore, output);
    return segments;
  }

  /** Copies the part's packets with output timestamps from frame numbers; returns its frames. */
  private static int copy(
      MediaInput input, Part part, Reference reference, Mp4Writer writer, long framesBefore) {
    boolean clip = part.frameCount() >= 0;
    if (part.firstFrame() > 0) {
      input.seekToKeyFrameBefore(reference.inputTimestamp(input, part.firstFrame()));
    }

    long[] numbers = new long[64];
    int count = 0;
    while (input.readVideoPacket()) {
      AVPacket packet = input.packet();
      long number = reference.frameNumber(input, packet.pts());
      if (!clip && number < 0) {
        // Dropping it could break later frames that refer to it.
        throw input.fail("frame %d lies before time 0 (an edit list)".formatted(number));
      }
      if (number < part.firstFrame()) {
        continue;
      }
      if (clip && number >= part.firstFrame() + part.frameCount()) {
        break;
      }
      if (count == 0 && (packet.flags() & AV_PKT_FLAG_KEY) == 0) {
        throw input.fail("frame " + number + " is not a key frame, so copying cannot start there");
      }
      long reorder = packet.dts() == AV_NOPTS_VALUE ? 0 : packet.pts() - packet.dts();
      if (clip && reorder != 0) {
        throw input.fail("a clip cannot be cut from a stream that reorders frames (B-frames)");
      }

      long outputFrame = framesBefore + number - part.firstFrame();
      long pts = outputFrame * reference.outputTicksPerFrame;
      packet.pts(pts);
      packet.dts(pts - av_rescale_q(reorder, input.timeBase(), reference.outputTimeBase));
      packet.duration(reference.outputTicksPerFrame);
      packet.pos(-1);
      writer.write(packet, outputFrame);

      if (count == numbers.length) {
        numbers = Arrays.copyOf(numbers, count * 2);
      }
      numbers[count++] = number;
    }

    requireContiguous(input, part, Arrays.copyOf(numbers, count));
    return count;
  }

  private static void requireContiguous(MediaInput input, Part part, long[] numbers) {
    if (part.frameCount() >= 0 && numbers.length < part.frameCount()) {
      throw input.fail(
          "the file ends after %d of the clip's %d frames from frame %d"
              .formatted(numbers.length, part.frameCount(), part.firstFrame()));
    }
    if (numbers.length == 0) {
      throw input.fail("no frames from frame " + part.firstFrame());
    }

    Arrays.sort(numbers);
    for (int i = 0; i < numbers.length; i++) {
      if (numbers[i] != part.firstFrame() + i) {
        throw input.fail(
            "expected frame %d but found frame %d (frames are missing or repeated)"
                .formatted(part.firstFrame() + i, numbers[i]));
      }
    }
  }

  /** The stream facts every input must share, taken from the first input. */
  private static final class Reference {

    private final String action;
    private final Path file;
    private final int codecId;
    private final int width;
    private final int height;
    private final int pixFmt;
    private final int fps;
    private final byte[] extradata;
    private AVStream source;
    private AVRational outputTimeBase;
    private long outputTicksPerFrame;

    private Reference(MediaInput input, int fps, String action) {
      AVCodecParameters parameters = input.parameters();
      this.action = action;
      this.file = input.file();
      this.codecId = parameters.codec_id();
      this.width = parameters.width();
      this.height = parameters.height();
      this.pixFmt = parameters.format();
      this.fps = fps;
      this.extradata = extradata(parameters);
      this.source = input.stream();
    }

    static Reference of(MediaInput input, String action) {
      double average = input.averageFps();
      long fps = Math.round(average);
      if (fps <= 0 || Math.abs(average - fps) > 1e-3) {
        throw input.fail("its frame rate %s is not a whole number".formatted(average));
      }
      return new Reference(input, (int) fps, action);
    }

    /** Creates the output stream as a copy of the first input's and writes the header. */
    void startOutput(Mp4Writer writer) {
      AVStream stream = writer.addStream();
      int copied = avcodec_parameters_copy(stream.codecpar(), source.codecpar());
      Codecs.check(copied, action, "copying the stream parameters of " + file);
      // The input's codec tag belongs to its container; the mp4 muxer picks its own.
      stream.codecpar().codec_tag(0);
      stream.time_base(av_make_q(1, EpisodeEncoder.TICKS_PER_FRAME * fps));
      stream.avg_frame_rate(av_make_q(fps, 1));
      writer.start(true);
      source = null;

      outputTimeBase = av_make_q(stream.time_base().num(), stream.time_base().den());
      long perFrame = (long) fps * outputTimeBase.num();
      if (outputTimeBase.den() % perFrame != 0) {
        throw new VideoException(
            "%s: the muxer's time base %d/%d cannot hold 1/%d s exactly"
                .formatted(action, outputTimeBase.num(), outputTimeBase.den(), fps));
      }
      outputTicksPerFrame = outputTimeBase.den() / perFrame;
    }

    void requireMatch(MediaInput input) {
      AVCodecParameters other = input.parameters();
      String differs = null;
      if (other.codec_id() != codecId) {
        differs =
            "codec %s, not %s"
                .formatted(Codecs.codecName(other.codec_id()), Codecs.codecName(codecId));
      } else if (other.width() != width || other.height() != height) {
        differs = "size %dx%d, not %dx%d".formatted(other.width(), other.height(), width, height);
      } else if (other.format() != pixFmt) {
        differs =
            "pix_fmt %s, not %s"
                .formatted(Codecs.pixFmtName(other.format()), Codecs.pixFmtName(pixFmt));
      } else if (Math.abs(input.averageFps() - fps) > 1e-3) {
        differs = "frame rate %s, not %d".formatted(input.averageFps(), fps);
      } else if (!Arrays.equals(extradata(other), extradata)) {
        differs = "other codec headers (extradata: other encoder settings)";
      }
      if (differs != null) {
        throw input.fail("it has %s as in the first input %s".formatted(differs, file));
      }
    }

    /** The input timestamp of a frame number, rounded down. */
    long inputTimestamp(MediaInput input, long frameNumber) {
      AVRational tb = input.timeBase();
      return Math.floorDiv(frameNumber * tb.den(), (long) fps * tb.num());
    }

    /** The frame number of an input timestamp, which must lie on the 1/fps grid. */
    long frameNumber(MediaInput input, long pts) {
      if (pts == AV_NOPTS_VALUE) {
        throw input.fail("a packet has no timestamp");
      }
      double seconds = input.seconds(pts);
      long number = Math.round(seconds * fps);
      if (Math.abs(seconds - number / (double) fps) > SegmentDecoder.TOLERANCE_SECONDS) {
        throw input.fail("the frame at %s s is off the 1/%d s grid".formatted(seconds, fps));
      }
      return number;
    }

    private static byte[] extradata(AVCodecParameters parameters) {
      int size = parameters.extradata_size();
      byte[] bytes = new byte[Math.max(0, size)];
      if (size > 0) {
        parameters.extradata().get(bytes);
      }
      return bytes;
    }
  }
}
