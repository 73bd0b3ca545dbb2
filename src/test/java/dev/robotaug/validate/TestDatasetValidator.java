package dev.robotaug.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.dataset.Storage;
import dev.robotaug.testing.BrokenDataset;
import dev.robotaug.testing.DatasetKind;
import dev.robotaug.testing.DatasetKind.Cameras;
import dev.robotaug.validate.ValidationReport.Check;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator passes valid v3.0 and v2.1 datasets, and on copies with exactly one defect fails
 * exactly the check for that defect, naming the file and episode.
 */
class TestDatasetValidator {
  private static final String FRONT = Cameras.FRONT;

  @TempDir static Path dir;
  private static Path v30;
  private static Path v21;
  private static int fixture;

  @BeforeAll
  static void writeValidDatasets() {
    v30 = DatasetKind.V30_VIDEO.write(dir.resolve("v30"));
    v21 = DatasetKind.V21_VIDEO.write(dir.resolve("v21"));
  }

  static ValidationReport validate(Path root) {
    return DatasetValidator.validate(Storage.configuration(Map.of()), root.toUri().toString());
  }

  private static BrokenDataset copy(Path valid) {
    return BrokenDataset.copyOf(valid, dir.resolve("broken-" + fixture++));
  }

  /** The one failing check of a report, asserting that exactly one failed. */
  private static Check onlyFailure(ValidationReport report, String expectedName) {
    assertThat(report.failures())
        .as("failures of %s", report.root())
        .extracting(Check::name)
        .containsExactly(expectedName);
    return report.failures().get(0);
  }

  @Test
  void aValidV30DatasetPassesEveryCheck() {
    ValidationReport report = validate(v30);

    assertThat(report.failures()).isEmpty();
    assertThat(report.checks()).extracting(Check::name).contains(allCheckNames()).hasSize(28);
  }

  @Test
  void aValidV21DatasetPassesEveryCheckIncludingItsTotals() {
    ValidationReport report = validate(v21);

    assertThat(report.failures()).isEmpty();
    assertThat(report.checks())
        .extracting(Check::name)
        .contains(allCheckNames())
        .contains("totals.videos", "totals.chunks")
        .hasSize(30);
  }

  private static String[] allCheckNames() {
    return new String[] {
      "info.fields",
      "totals.episodes",
      "totals.frames",
      "totals.tasks",
      "splits",
      "data.index",
      "data.episodes",
      "data.frame_index",
      "data.timestamp",
      "episodes.order",
      "episodes.range",
      "episodes.data_file",
      "episodes.tasks",
      "tasks.order",
      "tasks.index",
      "data.columns",
      "data.hf_metadata",
      "video.files",
      "video.frames",
      "video.pts",
      "video.segments",
      "video.abut",
      "video.streams",
      "video.shape",
      "video.info",
      "stats.present",
      "stats.shape",
      "stats.range"
    };
  }

  @Test
  void aFrameDroppedInsideAnEpisodeOfASharedFileFailsVideoFramesNamingTheFile() {
    // Episode 0 is the first of two in file-000: its rows still place 6 + 5 frames there.
    BrokenDataset broken = copy(v30).dropFrame(FRONT, 0, 3);

    Check failure = onlyFailure(validate(broken.root()), "video.frames");

    assertThat(failure.detail())
        .contains(FRONT)
        .contains(broken.videoFileOf(0, FRONT))
        .contains("decodes to 10 frames, episodes [0, 1] place 11 there")
        .contains("episode 1");
  }

  @Test
  void aFrameDroppedFromAV21EpisodeFileFailsVideoFramesNamingTheEpisode() {
    BrokenDataset broken = copy(v21).dropFrame(FRONT, 2, 0);

    Check failure = onlyFailure(validate(broken.root()), "video.frames");

    assertThat(failure.detail())
        .contains("videos/chunk-001/" + FRONT + "/episode_000002.mp4")
        .contains("decodes to 6 frames, episodes [2] place 7 there")
        .contains("episode 2 (");
  }

  @Test
  void shiftedTimestampsFailDataTimestampNamingEpisodeAndFile() {
    BrokenDataset broken = copy(v30).shiftTimestamps(3, 0.05);

    Check failure = onlyFailure(validate(broken.root()), "data.timestamp");

    assertThat(failure.detail())
        .startsWith("episode 3 frame 0 (" + broken.dataFileOf(3) + " row 7): timestamp 0.05")
        .contains("expected 0.0")
        .endsWith("; and 1 more");
  }

  @Test
  void wrongTotalFramesFailsTotalsFrames() {
    BrokenDataset broken = copy(v30).wrongTotalFrames(1);

    Check failure = onlyFailure(validate(broken.root()), "totals.frames");

    assertThat(failure.detail()).isEqualTo("info.json total_frames 23, 22 rows in 2 data files");
  }

  @Test
  void aGapInIndexFailsDataIndexNamingFileAndRow() {
    // Index 13 is row 2 of episode 2, the first episode of data file-001.
    BrokenDataset broken = copy(v30).indexGapAt(13);

    Check failure = onlyFailure(validate(broken.root()), "data.index");

    assertThat(failure.detail())
        .isEqualTo("data/chunk-000/file-001.parquet row 2: index 14, expected 13");
  }

  @Test
  void aGapInIndexOfAV21DatasetFailsDataIndex() {
    BrokenDataset broken = copy(v21).indexGapAt(6);

    Check failure = onlyFailure(validate(broken.root()), "data.index");

    assertThat(failure.detail())
        .isEqualTo("data/chunk-000/episode_000001.parquet row 0: index 7, expected 6");
  }

  @Test
  void aTaskIndexOutOfRangeFailsTasksIndexNamingTheFrame() {
    BrokenDataset broken = copy(v30).taskIndexOutOfRange(1, 2);

    Check failure = onlyFailure(validate(broken.root()), "tasks.index");

    assertThat(failure.detail())
        .isEqualTo(
            "episode 1 frame 2 ("
                + broken.dataFileOf(1)
                + " row 8): task_index 2, the tasks table has 2 rows");
  }

  @Test
  void episodeStatsOfTheWrongShapeFailStatsShape() {
    BrokenDataset broken = copy(v30).statsWrongShape(2, "action", "mean");

    Check failure = onlyFailure(validate(broken.root()), "stats.shape");

    assertThat(failure.detail())
        .isEqualTo("episode 2 (meta/episodes): action/mean has shape [5], expected [6]");
  }

  @Test
  void cameraStatsOfTheWrongShapeInV21FailStatsShape() {
    BrokenDataset broken = copy(v21).statsWrongShape(1, FRONT, "max");

    Check failure = onlyFailure(validate(broken.root()), "stats.shape");

    assertThat(failure.detail())
        .isEqualTo(
            "episode 1 (meta/episodes_stats.jsonl): "
                + FRONT
                + "/max has shape [2, 1, 1], expected [3, 1, 1]");
  }

  @Test
  void videoInfoThatDisagreesWithTheStreamFailsVideoInfo() {
    BrokenDataset broken = copy(v30).videoInfo(FRONT, "video.codec", "h264");

    Check failure = onlyFailure(validate(broken.root()), "video.info");

    assertThat(failure.detail())
        .startsWith(FRONT + ": info video.codec is h264, videos/" + FRONT)
        .contains("has av1");
  }

  @Test
  void aDatasetThatCannotBeOpenedIsRefusedWithTheReason() {
    Path missing = dir.resolve("does-not-exist");

    assertThatThrownBy(() -> validate(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot open dataset ")
        .hasMessageEndingWith("does-not-exist: meta/info.json not found");
  }

  @Test
  void theReportCountsPassesAndFailures() throws Exception {
    BrokenDataset broken = copy(v30).wrongTotalFrames(-2);

    ValidationReport report = validate(broken.root());

    assertThat(report.summaryLine()).isEqualTo("27 passed, 1 failed");
    assertThat(report.valid()).isFalse();
    assertThat(Files.exists(broken.root().resolve("meta/info.json"))).isTrue();
    assertThat(report.checks().get(0).line()).startsWith("PASS info.fields: v3.0, fps 10");
    assertThat(List.of(report.failures().get(0).line()))
        .containsExactly("FAIL totals.frames: info.json total_frames 20, 22 rows in 2 data files");
  }
}
