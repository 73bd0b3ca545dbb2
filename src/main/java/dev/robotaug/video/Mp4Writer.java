package dev.robotaug.video;

import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An mp4 with one video stream, written under a temporary name next to the target and moved into
 * place only when complete, so a failed or retried Spark task never leaves a truncated video at the
 * target path. Not thread-safe.
 */
final class Mp4Writer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Mp4Writer.class);

  private final Path target;
  private final Path partial;
  private final String action;
  private AVFormatContext muxer;
  private AVStream stream;
  private boolean committed;

  Mp4Writer(Path target, String action) {
    Codecs.load();
    this.target = target;
    this.partial = target.resolveSibling(target.getFileName() + ".partial");
    this.action = action;

    muxer = new AVFormatContext(null);
    int allocated = avformat_alloc_output_context2(muxer, null, "mp4", partial.toString());
    if (allocated < 0) {
      muxer = null;
      Codecs.check(allocated, action, "creating the mp4 muxer");
    }
  }

  /** Adds the video stream; set its parameters and time base before {@link #start}. */
  AVStream addStream() {
    stream = avformat_new_stream(muxer, null);
    if (stream == null || stream.isNull()) {
      throw new VideoException(action + ": cannot add a video stream to the mp4");
    }
    return stream;
  }

  /**
   * Opens the file and writes the header; the muxer may change the stream time base here.
   *
   * @param faststart move the index (moov) to the front when finishing, for streaming readers
   */
  void start(boolean faststart) {
    AVIOContext io = new AVIOContext(null);
    Codecs.check(avio_open(io, partial.toString(), AVIO_FLAG_WRITE), action, "creating " + partial);
    muxer.pb(io);

    AVDictionary options = new AVDictionary(null);
    try {
      if (faststart) {
        av_dict_set(options, "movflags", "faststart", 0);
      }
      Codecs.check(avformat_write_header(muxer, options), action, "writing the mp4 header");
    } finally {
      av_dict_free(options);
    }
  }

  /** Writes a packet of the video stream (timestamps in the stream time base); takes its data. */
  void write(AVPacket packet, long frameNumber) {
    packet.stream_index(stream.index());
    int written = av_interleaved_write_frame(muxer, packet);
    if (written < 0) {
      Codecs.check(written, action, "writing the packet of frame " + frameNumber);
    }
  }

  /** Writes the trailer and moves the file to its target path. */
  void commit() {
    Codecs.check(av_write_trailer(muxer), action, "completing the mp4");
    closeMuxer();
    try {
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new VideoException(action + ": cannot move the finished file into place: " + e, e);
    }
    committed = true;
  }

  /** Releases the muxer; a file that was not committed is deleted. */
  @Override
  public void close() {
    closeMuxer();
    if (!committed) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        LOG.warn("Cannot delete the partial video {}: {}", partial, e.toString());
      }
      committed = true;
    }
  }

  private void closeMuxer() {
    if (muxer != null) {
      if (muxer.pb() != null && !muxer.pb().isNull()) {
        avio_closep(muxer.pb());
      }
      avformat_free_context(muxer);
      muxer = null;
    }
  }
}
