package dev.robotaug.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestFileLayout {

  @Test
  void episodesShareAFileUntilTheNextWouldPassTheLimit() {
    List<EpisodeResult> episodes = new ArrayList<>();
    long[] sizes = {40, 50, 20, 90, 5};
    for (int i = 0; i < sizes.length; i++) {
      episodes.add(
          new EpisodeResult(i, i, 0, 10, 10L * i, sizes[i], Map.of(), Map.of(), Map.of(), "{}"));
    }

    List<FileLayout.Group> groups =
        FileLayout.pack(
            episodes, EpisodeResult::dataBytes, 100, new FileLayout.FileNumber(0, 998), 1000);

    assertThat(groups).extracting(g -> g.episodes().size()).containsExactly(2, 1, 2);
    assertThat(groups)
        .extracting(FileLayout.Group::number)
        .containsExactly(
            new FileLayout.FileNumber(0, 998),
            new FileLayout.FileNumber(0, 999),
            new FileLayout.FileNumber(1, 0));
  }

  @Test
  void anEpisodeLargerThanTheLimitGetsAFileOfItsOwn() {
    List<EpisodeResult> episodes =
        List.of(
            new EpisodeResult(0, 0, 0, 10, 0, 500, Map.of(), Map.of(), Map.of(), "{}"),
            new EpisodeResult(1, 1, 0, 10, 10, 1, Map.of(), Map.of(), Map.of(), "{}"));

    List<FileLayout.Group> groups =
        FileLayout.pack(
            episodes, EpisodeResult::dataBytes, 100, new FileLayout.FileNumber(0, 0), 1000);

    assertThat(groups).extracting(g -> g.episodes().size()).containsExactly(1, 1);
  }
}
