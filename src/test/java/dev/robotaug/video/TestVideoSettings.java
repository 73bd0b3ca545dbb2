package dev.robotaug.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestVideoSettings {

  @Test
  void missingKeysTakeLeRobotsWriterDefaults() {
    VideoSettings settings = VideoSettings.fromFeatureInfo(Map.of(), 640, 480, 30);

    assertThat(settings)
        .isEqualTo(
            new VideoSettings("av1", "libsvtav1", "yuv420p", 640, 480, 30, 2, 30, 12, 0, Map.of()));
  }

  @Test
  void readsAndWritesTheNewerLeRobotInfoBlock() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("is_depth_map", false);
    info.put("video.height", 480);
    info.put("video.width", 640);
    info.put("video.codec", "av1");
    info.put("video.pix_fmt", "yuv420p");
    info.put("video.fps", 15);
    info.put("video.channels", 3);
    info.put("has_audio", false);
    info.put("video.g", 2);
    info.put("video.crf", 20);
    info.put("video.preset", 12);
    info.put("video.fast_decode", 0);
    info.put("video.extra_options", Map.of());

    VideoSettings settings = VideoSettings.fromFeatureInfo(info, 640, 480, 15);

    assertThat(settings.crf()).isEqualTo(20);
    assertThat(settings.fps()).isEqualTo(15);
    assertThat(settings.toFeatureInfo()).containsExactlyEntriesOf(info);
  }

  @Test
  void writesLeRobotTypesAndKeyOrder() {
    Map<String, Object> info = VideoSettings.defaults(320, 240, 30).toFeatureInfo();

    assertThat(info.keySet())
        .containsExactly(
            "is_depth_map",
            "video.height",
            "video.width",
            "video.codec",
            "video.pix_fmt",
            "video.fps",
            "video.channels",
            "has_audio",
            "video.g",
            "video.crf",
            "video.preset",
            "video.fast_decode",
            "video.extra_options");
    assertThat(info.get("video.height")).isInstanceOf(Integer.class).isEqualTo(240);
    assertThat(info.get("has_audio")).isEqualTo(false);
    assertThat(info.get("video.channels")).isEqualTo(3);
    assertThat(info.get("video.extra_options")).isEqualTo(Map.of());
  }

  @Test
  void olderInfoBlocksWithoutEncoderKeysGetDefaults() {
    Map<String, Object> older =
        Map.of(
            "video.height",
            480,
            "video.width",
            640,
            "video.codec",
            "av1",
            "video.pix_fmt",
            "yuv420p",
            "video.is_depth_map",
            false,
            "video.fps",
            30,
            "video.channels",
            3,
            "has_audio",
            false);

    VideoSettings settings = VideoSettings.fromFeatureInfo(older, 640, 480, 30);

    assertThat(settings.gop()).isEqualTo(2);
    assertThat(settings.crf()).isEqualTo(30);
    assertThat(settings.preset()).isEqualTo(12);
  }

  @Test
  void h264UsesLibopenh264OnTheLgplBuild() {
    VideoSettings settings =
        VideoSettings.fromFeatureInfo(Map.of("video.codec", "h264"), 64, 48, 30);

    String expected = Codecs.hasEncoder("libx264") ? "libx264" : "libopenh264";
    assertThat(settings.encoder()).isEqualTo(expected);
    assertThat(settings.preset()).isNull();
    assertThat(settings.crf()).isEqualTo(30);
  }

  @Test
  void hevcWithoutLibx265IsAClearError() {
    assumeFalse(Codecs.hasEncoder("libx265"), "the GPL build has libx265");

    assertThatThrownBy(
            () -> VideoSettings.fromFeatureInfo(Map.of("video.codec", "hevc"), 64, 48, 30))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining("Cannot encode hevc video: this FFmpeg build has no HEVC encoder");
  }

  @Test
  void anEncoderNameAsCodecSelectsThatEncoder() {
    VideoSettings settings =
        VideoSettings.fromFeatureInfo(Map.of("video.codec", "libaom-av1"), 64, 48, 30);

    assertThat(settings.codec()).isEqualTo("av1");
    assertThat(settings.encoder()).isEqualTo("libaom-av1");
    assertThat(settings.preset()).isNull();
  }

  @Test
  void aNamedPresetBecomesAnEncoderOption() {
    VideoSettings settings =
        VideoSettings.fromFeatureInfo(
            Map.of("video.codec", "h264", "video.preset", "veryfast"), 64, 48, 30);

    assertThat(settings.preset()).isNull();
    assertThat(settings.extraOptions()).containsEntry("preset", "veryfast");
  }

  @Test
  void anExplicitNullCrfStaysNull() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("video.crf", null);

    assertThat(VideoSettings.fromFeatureInfo(info, 64, 48, 30).crf()).isNull();
  }

  @Test
  void depthMapsAreRejected() {
    assertThatThrownBy(
            () -> VideoSettings.fromFeatureInfo(Map.of("is_depth_map", true), 64, 48, 30))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining("depth map");
  }

  @Test
  void valuesOfTheWrongTypeAreInvalid() {
    assertThatThrownBy(() -> VideoSettings.fromFeatureInfo(Map.of("video.g", "two"), 64, 48, 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid video.g: two");
    assertThatThrownBy(() -> VideoSettings.defaults(0, 48, 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid video size: 0x48");
  }

  @Test
  void countsChannelsAsLeRobotDoes() {
    VideoSettings yuv = VideoSettings.defaults(64, 48, 30);

    assertThat(yuv.channels()).isEqualTo(3);
    assertThat(withPixFmt(yuv, "gray12le").channels()).isEqualTo(1);
    assertThat(withPixFmt(yuv, "yuva420p").channels()).isEqualTo(4);
  }

  private static VideoSettings withPixFmt(VideoSettings s, String pixFmt) {
    return new VideoSettings(
        s.codec(),
        s.encoder(),
        pixFmt,
        s.width(),
        s.height(),
        s.fps(),
        s.gop(),
        s.crf(),
        s.preset(),
        s.fastDecode(),
        s.extraOptions());
  }
}
