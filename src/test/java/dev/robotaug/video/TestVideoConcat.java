package dev.robotaug.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.robotaug.video.VideoFixtures.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestVideoConcat {

  private static final int FPS = 30;
  private static final int[] LENGTHS = {7, 10, 4};

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"av1", "h264"})
  void joinsEpisodesWithContinuousTimestampsAndAbuttingSegments(String codec) {
    List<Fixture> episodes = episodes(codec, 160, 120);
    Path joined = dir.resolve("file-000.mp4");

    List<VideoSegment> segments = VideoConcat.concat(files(episodes), joined);

    assertThat(segments).extracting(VideoSegment::firstFrame).containsExactly(0L, 7L, 17L);
    assertThat(segments).extracting(VideoSegment::frames).containsExactly(7, 10, 4);
    for (int i = 0; i < segments.size(); i++) {
      VideoSegment segment = segments.get(i);
      assertThat(segment.input()).isEqualTo(episodes.get(i).file());
      assertThat(segment.fromTimestamp()).isEqualTo(segment.firstFrame() / (double) FPS);
      assertThat(segment.toTimestamp() - segment.fromTimestamp())
          .isCloseTo(segment.frames() / (double) FPS, within(1e-12));
      if (i > 0) {
        assertThat(segment.fromTimestamp()).isEqualTo(segments.get(i - 1).toTimestamp());
      }
    }
    assertThat(segments.get(2).toTimestamp()).isEqualTo(21 / (double) FPS);

    VideoStreamInfo probe = VideoProbe.probe(joined);
    assertThat(probe.codec()).isEqualTo(codec);
    assertThat(probe.frameCount()).isEqualTo(21);
    assertThat(probe.fps()).isEqualTo(30.0);
    assertThat(probe.durationSeconds()).isCloseTo(0.7, within(1e-9));
    assertThat(probe.timeBaseDen()).isEqualTo(15360);
    double[] pts = VideoProbe.framePtsSeconds(joined);
    assertThat(pts).hasSize(21);
    for (int k = 0; k < pts.length; k++) {
      assertThat(pts[k]).as("pts of frame %d", k).isCloseTo(k / (double) FPS, within(1e-4));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"av1", "h264"})
  void everySegmentDecodesToTheSameFramesAsItsEpisodeFile(String codec) {
    List<Fixture> episodes = episodes(codec, 160, 120);
    Path joined = dir.resolve("file-000.mp4");

    List<VideoSegment> segments = VideoConcat.concat(files(episodes), joined);

    for (int i = 0; i < segments.size(); i++) {
      VideoSegment segment = segments.get(i);
      long first = SegmentDecoder.firstFrame(segment.fromTimestamp(), FPS);
      List<String> fromEpisode =
          VideoFixtures.decodedHashes(episodes.get(i).file(), FPS, 0, LENGTHS[i]);
      List<String> fromJoined = VideoFixtures.decodedHashes(joined, FPS, first, segment.frames());
      assertThat(fromJoined).as("episode %d of %s", i, codec).hasSize(LENGTHS[i]);
      assertThat(fromJoined).as("episode %d of %s", i, codec).isEqualTo(fromEpisode);
    }
  }

  @Test
  void writesTheIndexBeforeTheMediaData() throws IOException {
    Path joined = dir.resolve("joined.mp4");

    VideoConcat.concat(files(episodes("av1", 160, 120)), joined);

    String bytes = new String(Files.readAllBytes(joined), StandardCharsets.ISO_8859_1);
    assertThat(bytes.indexOf("moov")).isPositive().isLessThan(bytes.indexOf("mdat"));
  }

  @Test
  void copiesAnEpisodeOutOfASharedFileWithoutChangingItsFrames() {
    List<Fixture> episodes = episodes("av1", 160, 120);
    Path shared = dir.resolve("shared.mp4");
    VideoConcat.concat(files(episodes), shared);
    Path copy = dir.resolve("copy.mp4");

    List<VideoSegment> segments =
        VideoConcat.concatClips(
            List.of(new VideoClip(shared, 7, 10), new VideoClip(episodes.get(2).file(), 0, 4)),
            copy);

    assertThat(segments).extracting(VideoSegment::firstFrame).containsExactly(0L, 10L);
    assertThat(VideoFixtures.decodedHashes(copy, FPS, 0, 10))
        .isEqualTo(VideoFixtures.decodedHashes(episodes.get(1).file(), FPS, 0, 10));
    assertThat(VideoFixtures.decodedHashes(copy, FPS, 10, 4))
        .isEqualTo(VideoFixtures.decodedHashes(episodes.get(2).file(), FPS, 0, 4));
    assertThat(VideoProbe.probe(copy).frameCount()).isEqualTo(14);
  }

  @Test
  void refusesAClipThatDoesNotStartAtAKeyFrame() {
    Path shared = dir.resolve("shared.mp4");
    VideoConcat.concat(files(episodes("av1", 160, 120)), shared);
    Path copy = dir.resolve("copy.mp4");

    // With g=2 the second episode (frames 7..16) has key frames at 7, 9, 11, ...
    assertThatThrownBy(() -> VideoConcat.concatClips(List.of(new VideoClip(shared, 8, 3)), copy))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining("Cannot concatenate " + shared)
        .hasMessageContaining("frame 8 is not a key frame");
    assertThat(copy).doesNotExist();
    assertThat(copy.resolveSibling("copy.mp4.partial")).doesNotExist();
  }

  @Test
  void refusesAClipPastTheEndOfItsSource() {
    Fixture episode = VideoFixtures.write(dir, "av1", 160, 120, FPS, 6);
    Path copy = dir.resolve("copy.mp4");

    assertThatThrownBy(
            () -> VideoConcat.concatClips(List.of(new VideoClip(episode.file(), 4, 5)), copy))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining(episode.file().toString())
        .hasMessageContaining("the file ends after 2 of the clip's 5 frames from frame 4");
    assertThat(copy).doesNotExist();
  }

  @Test
  void refusesInputsOfAnotherSize() {
    Fixture small = VideoFixtures.write(dir, "av1", 160, 120, FPS, 4);
    Fixture large = VideoFixtures.write(dir, "av1", 320, 240, FPS, 4);
    Path joined = dir.resolve("joined.mp4");

    assertThatThrownBy(() -> VideoConcat.concat(List.of(small.file(), large.file()), joined))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining("Cannot concatenate " + large.file())
        .hasMessageContaining("size 320x240, not 160x120");
    assertThat(joined).doesNotExist();
  }

  @Test
  void refusesInputsOfAnotherCodec() {
    Fixture av1 = VideoFixtures.write(dir, "av1", 160, 120, FPS, 4);
    Fixture h264 = VideoFixtures.write(dir, "h264", 160, 120, FPS, 4);
    Path joined = dir.resolve("joined.mp4");

    assertThatThrownBy(() -> VideoConcat.concat(List.of(av1.file(), h264.file()), joined))
        .isInstanceOf(VideoException.class)
        .hasMessageContaining("codec h264, not av1");
    assertThat(joined).doesNotExist();
  }

  private List<Fixture> episodes(String codec, int width, int height) {
    List<Fixture> episodes = new ArrayList<>();
    for (int i = 0; i < LENGTHS.length; i++) {
      episodes.add(VideoFixtures.write(dir, codec, width, height, FPS, LENGTHS[i], i + 1));
    }
    return episodes;
  }

  private static List<Path> files(List<Fixture> fixtures) {
    return fixtures.stream().map(Fixture::file).toList();
  }
}
