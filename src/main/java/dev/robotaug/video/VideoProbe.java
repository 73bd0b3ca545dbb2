package dev.robotaug.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Stream facts of an mp4 as ffprobe reports them, with the frame count and timestamps taken from
 * actually decoding the stream (so a file the decoder cannot read fails here, not in a training
 * job). Errors are {@link VideoException}s "Cannot probe &lt;file&gt;: ...".
 */
public final class VideoProbe {

  private VideoProbe() {}

  /** Codec, decoder, pix_fmt, size, average fps, decoded frame count and stream duration. */
  public static VideoStreamInfo probe(Path mp4) {
    try (FrameReader reader = new FrameReader(mp4, "probe", 1)) {
      long frames = 0;
      while (reader.next() != null) {
        frames++;
      }
      return VideoStreamInfo.of(reader, frames);
    }
  }

  /**
   * Every decoded frame's presentation time in seconds, in the order the decoder returns them
   * (presentation order); NaN for a frame without a timestamp.
   */
  public static double[] framePtsSeconds(Path mp4) {
    try (FrameReader reader = new FrameReader(mp4, "probe", 1)) {
      double[] seconds = new double[64];
      int count = 0;
      for (AVFrame frame = reader.next(); frame != null; frame = reader.next()) {
        if (count == seconds.length) {
          seconds = Arrays.copyOf(seconds, count * 2);
        }
        long timestamp = reader.timestamp(frame);
        seconds[count++] =
            timestamp == AV_NOPTS_VALUE ? Double.NaN : reader.input().seconds(timestamp);
      }
      return Arrays.copyOf(seconds, count);
    }
  }
}
