package dev.robotaug.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.robotaug.video.VideoFixtures.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestEpisodeEncoder {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"av1, libsvtav1, libaom-av1", "h264, libopenh264, h264"})
  void writesExactlyTheFramesWithTheRequestedStream(String codec, String encoder, String decoder)
      throws Exception {
    Fixture fixture = VideoFixtures.write(dir, codec, 320, 240, 30, 24);

    assertThat(fixture.settings().encoder()).isEqualTo(encoder);
    assertThat(fixture.episode().frames()).isEqualTo(24);
    assertThat(fixture.episode().durationSeconds()).isEqualTo(0.8);
    assertThat(fixture.episode().bytes()).isEqualTo(Files.size(fixture.file())).isPositive();

    VideoStreamInfo probe = VideoProbe.probe(fixture.file());
    assertThat(probe.codec()).isEqualTo(codec);
    assertThat(probe.decoder()).isEqualTo(decoder);
    assertThat(probe.pixFmt()).isEqualTo("yuv420p");
    assertThat(probe.width()).isEqualTo(320);
    assertThat(probe.height()).isEqualTo(240);
    assertThat(probe.fps()).isEqualTo(30.0);
    assertThat(probe.frameCount()).isEqualTo(24);
    assertThat(probe.durationSeconds()).isCloseTo(0.8, within(1e-9));
    assertThat(probe.timeBaseNum()).isEqualTo(1);
    assertThat(probe.timeBaseDen()).isEqualTo(15360);
  }

  @ParameterizedTest
  @CsvSource({"av1", "h264"})
  void decodesBackCloseToTheSourceFrames(String codec) {
    Fixture fixture = VideoFixtures.write(dir, codec, 320, 240, 30, 24);

    double worst = Double.MAX_VALUE;
    double sum = 0;
    int frames = 0;
    try (SegmentDecoder decoder = new SegmentDecoder(fixture.file(), 30, 0, 24)) {
      for (Mat decoded = decoder.next(); decoded != null; decoded = decoder.next()) {
        try (Mat source = VideoFixtures.frame(frames, 320, 240, 0)) {
          double psnr = VideoFixtures.psnr(source, decoded);
          worst = Math.min(worst, psnr);
          sum += psnr;
        }
        frames++;
      }
    }

    assertThat(frames).isEqualTo(24);
    assertThat(worst).as("worst PSNR of %s at crf 30, dB", codec).isGreaterThan(30);
    assertThat(sum / frames).as("mean PSNR of %s at crf 30, dB", codec).isGreaterThan(34);
  }

  @ParameterizedTest
  @CsvSource({"av1", "h264"})
  void placesAKeyFrameEveryGopAndFramesOnTheTimeGrid(String codec) {
    Fixture fixture = VideoFixtures.write(dir, codec, 160, 120, 30, 9);

    int keyFrames = 0;
    int packets = 0;
    try (MediaInput input = MediaInput.open(fixture.file(), "inspect")) {
      while (input.readVideoPacket()) {
        boolean key = (input.packet().flags() & AV_PKT_FLAG_KEY) != 0;
        assertThat(key).as("key flag of packet %d", packets).isEqualTo(packets % 2 == 0);
        assertThat(input.packet().pts()).isEqualTo(packets * 512L);
        assertThat(input.packet().dts()).isEqualTo(packets * 512L);
        keyFrames += key ? 1 : 0;
        packets++;
      }
    }

    assertThat(packets).isEqualTo(9);
    assertThat(keyFrames).isEqualTo(5);
  }

  /** The job gives SVT-AV1 more threads when task slots would idle: that must not change a bit. */
  @Test
  void svtAv1WritesTheSameBytesAtEveryThreadCount() throws Exception {
    assertThat(EpisodeEncoder.sameBytesAtAnyThreadCount("libsvtav1")).isTrue();
    assertThat(EpisodeEncoder.sameBytesAtAnyThreadCount("libopenh264")).isFalse();
    VideoSettings settings = VideoSettings.defaults(320, 240, 30);
    assertThat(settings.encoder()).isEqualTo("libsvtav1");

    Map<Integer, String> digests = new java.util.TreeMap<>();
    for (int threads : new int[] {1, 2, 4, 0}) {
      Path out = dir.resolve("threads-" + threads + ".mp4");
      try (EpisodeEncoder encoder = new EpisodeEncoder(out, settings, threads)) {
        for (int i = 0; i < 40; i++) {
          try (Mat frame = VideoFixtures.frame(i, 320, 240, 3)) {
            encoder.write(frame);
          }
        }
        encoder.finish();
      }
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out));
      digests.put(threads, java.util.HexFormat.of().formatHex(digest));
    }

    assertThat(digests.values())
        .as("SHA-256 by thread count: %s", digests)
        .containsOnly(digests.get(1));
  }

  @Test
  void keepsLeRobotsTimeBaseAtFifteenFramesPerSecond() {
    Fixture fixture = VideoFixtures.write(dir, "av1", 160, 120, 15, 5);

    VideoStreamInfo probe = VideoProbe.probe(fixture.file());
    double[] pts = VideoProbe.framePtsSeconds(fixture.file());

    assertThat(probe.timeBaseDen()).isEqualTo(15360);
    assertThat(probe.fps()).isEqualTo(15.0);
    assertThat(probe.durationSeconds()).isCloseTo(5 / 15.0, within(1e-9));
    assertThat(pts).containsExactly(0.0, 1 / 15.0, 2 / 15.0, 3 / 15.0, 4 / 15.0);
  }

  @Test
  void closingWithoutFinishLeavesNoFile() {
    Path out = dir.resolve("episode.mp4");
    try (EpisodeEncoder encoder = new EpisodeEncoder(out, VideoSettings.defaults(160, 120, 30), 1);
        Mat frame = VideoFixtures.frame(0, 160, 120, 0)) {
      encoder.write(frame);
      assertThat(out.resolveSibling("episode.mp4.partial")).exists();
    }

    assertThat(out).doesNotExist();
    assertThat(out.resolveSibling("episode.mp4.partial")).doesNotExist();
  }

  @Test
  void aMissingEncoderFailsInsteadOfFallingBack() {
    Path out = dir.resolve("bogus.mp4");
    VideoSettings bogus = VideoSettings.defaults(160, 120, 30).withEncoder("libnothing");

    assertThatThrownBy(() -> new EpisodeEncoder(out, bogus, 1))
        .isInstanceOf(VideoException.class)
        .hasMessageStartingWith("Cannot encode " + out + ": encoder 'libnothing' is not in this")
        .hasMessageContaining("its av1 encoders: ")
        .hasMessageContaining("libsvtav1");
    assertThat(out).doesNotExist();
  }

  @Test
  void hevcWithoutLibx265FailsInsteadOfFallingBack() {
    assumeFalse(Codecs.hasEncoder("libx265"), "the GPL build has libx265");
    Path out = dir.resolve("hevc.mp4");
    VideoSettings hevc =
        new VideoSettings("hevc", "libx265", "yuv420p", 160, 120, 30, 2, 30, null, 0, Map.of());

    assertThatThrownBy(() -> new EpisodeEncoder(out, hevc, 1))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining("encoder 'libx265' is not in this FFmpeg build");
    assertThat(out).doesNotExist();
  }

  @Test
  void anEncoderOfAnotherCodecIsRejected() {
    VideoSettings mismatched = VideoSettings.defaults(160, 120, 30).withEncoder("libopenh264");

    assertThatThrownBy(() -> new EpisodeEncoder(dir.resolve("x.mp4"), mismatched, 1))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining("encoder 'libopenh264' writes h264, not av1");
  }

  @Test
  void anOptionTheEncoderDoesNotKnowFailsTheEncode() {
    VideoSettings settings =
        VideoSettings.fromFeatureInfo(
            Map.of("video.extra_options", Map.of("no-such-option", 1)), 160, 120, 30);

    assertThatThrownBy(() -> new EpisodeEncoder(dir.resolve("x.mp4"), settings, 1))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining("libsvtav1 does not know the option(s) [no-such-option]");
  }

  @Test
  void libaomPresetsAboveEightAreRejected() {
    VideoSettings settings =
        VideoSettings.defaults(160, 120, 30).withEncoder("libaom-av1").withPreset(10);

    assertThatThrownBy(() -> new EpisodeEncoder(dir.resolve("x.mp4"), settings, 1))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining("libaom-av1 preset (cpu-used) must be 0..8, got 10");
  }

  @Test
  void aFrameOfAnotherSizeIsRejected() {
    Path out = dir.resolve("episode.mp4");
    try (EpisodeEncoder encoder = new EpisodeEncoder(out, VideoSettings.defaults(160, 120, 30), 1);
        Mat wrong = new Mat(100, 100, CV_8UC3)) {
      assertThatThrownBy(() -> encoder.write(wrong))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              "frame 0 is type 16 100x100, expected an RGB24 CV_8UC3 Mat of 160x120");
    }
  }

  @Test
  void anEpisodeOfOneFrameHasOneFrame() {
    Fixture fixture = VideoFixtures.write(dir, "av1", 160, 120, 30, 1);

    assertThat(VideoProbe.probe(fixture.file()).frameCount()).isEqualTo(1);
    assertThat(VideoFixtures.decodedHashes(fixture.file(), 30, 0, 1)).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource({"av1", "h264"})
  void sameFramesAndSettingsGiveTheSameBytesEvenInParallel(String codec) throws Exception {
    VideoSettings settings =
        VideoSettings.fromFeatureInfo(Map.of("video.codec", codec), 160, 120, 30);
    Path sequential = VideoFixtures.write(dir.resolve("a.mp4"), settings, 12, 3).file();

    ExecutorService tasks = Executors.newFixedThreadPool(2);
    try {
      Future<Fixture> first =
          tasks.submit(() -> VideoFixtures.write(dir.resolve("b.mp4"), settings, 12, 3));
      Future<Fixture> second =
          tasks.submit(() -> VideoFixtures.write(dir.resolve("c.mp4"), settings, 12, 3));

      byte[] expected = Files.readAllBytes(sequential);
      assertThat(Files.readAllBytes(first.get().file())).isEqualTo(expected);
      assertThat(Files.readAllBytes(second.get().file())).isEqualTo(expected);
    } finally {
      tasks.shutdownNow();
    }
  }
}
