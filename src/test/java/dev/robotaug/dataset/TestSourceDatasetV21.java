package dev.robotaug.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.testing.DatasetKind;
import dev.robotaug.testing.DatasetKind.Cameras;
import dev.robotaug.testing.OutputDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A v2.1 dataset opens into the same model as the v3.0 dataset with the same episodes: the same
 * frame rows, decoded frames, episode ranges, tasks and per-episode stats, with each episode's
 * files being its own per-episode parquet and mp4.
 */
class TestSourceDatasetV21 {
  @TempDir static Path dir;
  private static OutputDataset v21;
  private static OutputDataset v30;

  @BeforeAll
  static void writeTheSameEpisodesInBothLayouts() {
    v21 = new OutputDataset(DatasetKind.V21_VIDEO.write(dir.resolve("v21")));
    v30 = new OutputDataset(DatasetKind.V30_VIDEO.write(dir.resolve("v30")));
  }

  @Test
  void episodeRangesAreCumulativeLengths() {
    List<Episode> episodes = v21.dataset().episodes();

    assertThat(episodes).extracting(Episode::length).containsExactly(6L, 5L, 7L, 4L);
    assertThat(episodes).extracting(Episode::fromIndex).containsExactly(0L, 6L, 11L, 18L);
    assertThat(episodes).extracting(Episode::toIndex).containsExactly(6L, 11L, 18L, 22L);
    assertThat(v21.dataset().info().totalFrames()).isEqualTo(22);
  }

  @Test
  void eachEpisodeNamesItsOwnFilesInItsChunk() {
    SourceDataset dataset = v21.dataset();
    Episode third = dataset.episodes().get(2);

    assertThat(dataset.dataPathOf(third)).isEqualTo("data/chunk-001/episode_000002.parquet");
    assertThat(dataset.videoPathOf(third, Cameras.FRONT))
        .isEqualTo("videos/chunk-001/" + Cameras.FRONT + "/episode_000002.mp4");
    assertThat(third.videos().get(Cameras.FRONT)).isEqualTo(new VideoRef(1, 2, 0.0, 7 / 10.0));
    assertThat(Files.exists(Path.of(dataset.videoFile(third, Cameras.FRONT).toUri()))).isTrue();
  }

  @Test
  void framesAndDecodedVideoEqualTheV30LayoutOfTheSameEpisodes() {
    assertThat(v21.frames()).hasSize(22).isEqualTo(v30.frames());
    for (int episode = 0; episode < 4; episode++) {
      assertThat(v21.frameHashes(episode, Cameras.FRONT))
          .as("episode %d", episode)
          .hasSize((int) v21.dataset().episodes().get(episode).length())
          .isEqualTo(v30.frameHashes(episode, Cameras.FRONT));
    }
  }

  @Test
  void tasksComeFromTasksJsonlAsATasksTable() {
    assertThat(v21.dataset().tasks().rows())
        .containsExactly(
            Map.of("task", "Pick up the cube.", "task_index", 0L),
            Map.of("task", "Push the ball to the left.", "task_index", 1L));
    assertThat(v21.dataset().episodes().get(2).tasks())
        .containsExactly("Pick up the cube.", "Push the ball to the left.");
  }

  @Test
  void episodeStatsBecomeStatsColumnsWithV30TypesAndNoQuantiles() {
    Map<String, Object> row21 = v21.dataset().episodes().get(1).row();
    Map<String, Object> row30 = v30.dataset().episodes().get(1).row();

    for (String column :
        List.of(
            "stats/action/mean",
            "stats/index/min",
            "stats/index/max",
            "stats/timestamp/std",
            "stats/" + Cameras.FRONT + "/mean",
            "stats/" + Cameras.FRONT + "/count")) {
      assertThat(row21.get(column)).as(column).isEqualTo(row30.get(column));
    }

    assertThat(row21.get("stats/index/min")).isEqualTo(List.of(6L));
    assertThat(row21).doesNotContainKey("stats/action/q50");
    assertThat(row30).containsKey("stats/action/q50");
  }

  @Test
  void anUnsupportedVersionIsRefusedNamingIt() throws Exception {
    Path v20 = dir.resolve("v20/meta");
    Files.createDirectories(v20);
    Files.writeString(
        v20.resolve("info.json"), "{\"codebase_version\":\"v2.0\",\"fps\":10,\"features\":{}}");

    assertThatThrownBy(
            () ->
                SourceDataset.open(
                    Storage.configuration(Map.of()), v20.getParent().toUri().toString()))
        .hasMessageEndingWith("codebase_version 'v2.0' is not supported, only v3.0 and v2.1");
  }

  @Test
  void v21TemplatesAreFilledWithTheEpisodeChunkAndIndex() {
    DatasetInfo info =
        DatasetInfo.parse(
            "{\"codebase_version\":\"v2.1\",\"fps\":30,\"chunks_size\":1000,"
                + "\"data_path\":\"data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet\","
                + "\"video_path\":\"videos/chunk-{episode_chunk:03d}/{video_key}/"
                + "episode_{episode_index:06d}.mp4\",\"features\":{}}");

    assertThat(info.isV21()).isTrue();
    assertThat(info.episodeDataPath(1234)).isEqualTo("data/chunk-001/episode_001234.parquet");
    assertThat(info.episodeVideoPath("cam", 7))
        .isEqualTo("videos/chunk-000/cam/episode_000007.mp4");
  }
}
