package dev.robotaug.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

import org.junit.jupiter.api.Test;

class TestCodecs {

  @Test
  void av1IsDecodedWithLibaomNotTheHardwareOnlyNativeDecoder() {
    assertThat(Codecs.codecNames(AV_CODEC_ID_AV1, false)).contains("av1", "libaom-av1");

    assertThat(Codecs.decoderFor(AV_CODEC_ID_AV1, "test").name().getString())
        .isEqualTo("libaom-av1");
  }

  @Test
  void listsTheEncodersOfTheBuild() {
    assertThat(Codecs.codecNames(AV_CODEC_ID_AV1, true)).contains("libsvtav1", "libaom-av1");
    assertThat(Codecs.codecNames(AV_CODEC_ID_H264, true)).contains("libopenh264");
    assertThat(Codecs.hasEncoder("libnothing")).isFalse();
  }

  @Test
  void describesFfmpegErrors() {
    assertThat(Codecs.error(-22)).isEqualTo("Invalid argument (-22)");
  }
}
