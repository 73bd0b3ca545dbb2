package dev.robotaug.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestDatasetInfo {
  private static final String INFO =
      "{\"codebase_version\":\"v3.0\",\"fps\":30,\"total_episodes\":2,\"total_frames\":10,"
          + "\"data_path\":\"data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet\","
          + "\"video_path\":\"videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4\","
          + "\"custom\":{\"kept\":true},"
          + "\"features\":{\"observation.images.top\":{\"dtype\":\"video\",\"shape\":[480,640,3],"
          + "\"info\":{\"video.codec\":\"av1\"}},\"index\":{\"dtype\":\"int64\",\"shape\":[1]}}}";

  @Test
  void pathTemplatesAreFilledLikePythonFormatStrings() {
    DatasetInfo info = DatasetInfo.parse(INFO);

    assertThat(info.dataPath(0, 12)).isEqualTo("data/chunk-000/file-012.parquet");
    assertThat(info.videoPath("observation.images.top", 2, 3))
        .isEqualTo("videos/observation.images.top/chunk-002/file-003.mp4");
  }

  @Test
  void camerasAndUnknownKeysAreKept() {
    DatasetInfo info = DatasetInfo.parse(INFO);

    assertThat(info.videoKeys()).containsExactly("observation.images.top");
    assertThat(info.features().get("observation.images.top").width()).isEqualTo(640);
    assertThat(info.features().get("observation.images.top").height()).isEqualTo(480);
    assertThat(info.toJson().path("custom").path("kept").asBoolean()).isTrue();
    assertThat(info.fps()).isEqualTo(30);
  }

  @Test
  void brokenInfoIsRejectedNamingTheField() {
    assertThatThrownBy(() -> DatasetInfo.parse("{\"fps\":30}"))
        .hasMessage("Invalid info.json: features is missing");
    assertThatThrownBy(() -> DatasetInfo.parse("{\"features\":{\"a\":{}}}").fps())
        .hasMessage("Invalid feature a: dtype is missing");
  }
}
