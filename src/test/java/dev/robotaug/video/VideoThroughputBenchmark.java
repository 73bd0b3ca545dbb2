package dev.robotaug.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encode and decode throughput at 640x480 for LeRobot's settings (libsvtav1 preset 12, crf 30, g 2)
 * and libopenh264, with 1 and 2 threads. Prints a table; asserts nothing about speed. Not part of
 * the normal test run (surefire excludes *Benchmark); run it with {@code mvn -o test
 * -Dtest=VideoThroughputBenchmark}.
 */
class VideoThroughputBenchmark {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 480;
  private static final int FPS = 30;
  private static final int FRAMES = 120;
  private static final int RUNS = 3;

  @TempDir static Path dir;

  private static final List<Mat> frames = new ArrayList<>();

  @BeforeAll
  static void makeFrames() {
    for (int i = 0; i < FRAMES; i++) {
      frames.add(VideoFixtures.frame(i, WIDTH, HEIGHT, 0));
    }
  }

  @AfterAll
  static void releaseFrames() {
    frames.forEach(Mat::close);
  }

  @Test
  void measuresEncodeAndDecodeFramesPerSecond() {
    VideoSettings svt = VideoSettings.defaults(WIDTH, HEIGHT, FPS);
    VideoSettings openh264 =
        VideoSettings.fromFeatureInfo(java.util.Map.of("video.codec", "h264"), WIDTH, HEIGHT, FPS);
    System.out.printf(
        "%-46s %7s %9s %8s %9s %9s%n",
        "640x480, 120 frames", "threads", "enc fps", "cpu/wall", "dec fps", "kB");
    for (VideoSettings settings : List.of(svt, openh264)) {
      for (int threads : new int[] {1, 2, 0}) {
        report(settings, threads);
      }
    }
  }

  private void report(VideoSettings settings, int threads) {
    Path out = dir.resolve(settings.encoder() + "-" + threads + ".mp4");
    double bestEncode = 0;
    double cpuShare = 0;
    EncodedEpisode episode = null;
    for (int run = 0; run < RUNS; run++) {
      long cpu = processCpuNanos();
      long start = System.nanoTime();
      try (EpisodeEncoder encoder = new EpisodeEncoder(out, settings, threads)) {
        frames.forEach(encoder::write);
        episode = encoder.finish();
      }
      long wall = System.nanoTime() - start;
      double fps = FRAMES / (wall / 1e9);
      if (fps > bestEncode) {
        bestEncode = fps;
        cpuShare = (processCpuNanos() - cpu) / (double) wall;
      }
    }
    assertThat(episode.frames()).isEqualTo(FRAMES);

    double bestDecode = 0;
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      int decoded = 0;
      try (SegmentDecoder decoder = new SegmentDecoder(out, FPS, 0, FRAMES, threads)) {
        while (decoder.next() != null) {
          decoded++;
        }
      }
      assertThat(decoded).isEqualTo(FRAMES);
      bestDecode = Math.max(bestDecode, FRAMES / ((System.nanoTime() - start) / 1e9));
    }

    String name =
        "%s crf %s preset %s g %d"
            .formatted(settings.encoder(), settings.crf(), settings.preset(), settings.gop());
    System.out.printf(
        Locale.ROOT,
        "%-46s %7s %9.1f %8.2f %9.1f %9d%n",
        name,
        threads == 0 ? "auto" : threads,
        bestEncode,
        cpuShare,
        bestDecode,
        episode.bytes() / 1024);
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
