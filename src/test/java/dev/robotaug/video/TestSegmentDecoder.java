package dev.robotaug.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotaug.video.VideoFixtures.Fixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSegmentDecoder {

  private static final int FPS = 30;

  @TempDir static Path dir;

  /** Three AV1 episodes of 7, 10 and 4 frames joined into one file: frames 0-6, 7-16, 17-20. */
  private static Path shared;

  private static List<String> allFrames;

  @BeforeAll
  static void writeSharedFile() {
    List<Path> episodes = new ArrayList<>();
    int[] lengths = {7, 10, 4};
    for (int i = 0; i < lengths.length; i++) {
      Fixture episode = VideoFixtures.write(dir, "av1", 160, 120, FPS, lengths[i], i + 1);
      episodes.add(episode.file());
    }
    shared = dir.resolve("file-000.mp4");
    VideoConcat.concat(episodes, shared);
    allFrames = VideoFixtures.decodedHashes(shared, FPS, 0, 21);
  }

  @Test
  void decodesAMiddleEpisodeAsTheWholeFileDoes() {
    List<String> middle = VideoFixtures.decodedHashes(shared, FPS, 7, 10);

    assertThat(allFrames).hasSize(21).doesNotHaveDuplicates();
    assertThat(middle).isEqualTo(allFrames.subList(7, 17));
  }

  @Test
  void startsBetweenKeyFramesByDecodingFromTheKeyFrameBefore() {
    // Frame 8 follows key frame 7 of the second episode.
    assertThat(VideoFixtures.decodedHashes(shared, FPS, 8, 5)).isEqualTo(allFrames.subList(8, 13));
    assertThat(VideoFixtures.decodedHashes(shared, FPS, 20, 1))
        .isEqualTo(allFrames.subList(20, 21));
  }

  @Test
  void takesTheFirstFrameFromTheTimestampByLeRobotsRounding() {
    assertThat(SegmentDecoder.firstFrame(0.0, FPS)).isZero();
    assertThat(SegmentDecoder.firstFrame(7 / 30.0, FPS)).isEqualTo(7);
    assertThat(SegmentDecoder.firstFrame(0.5666666, FPS)).isEqualTo(17);
    assertThat(SegmentDecoder.firstFrame(12.433333, FPS)).isEqualTo(373);
  }

  @Test
  void returnsNullAfterTheSegmentAndReportsTheStream() {
    try (SegmentDecoder decoder = new SegmentDecoder(shared, FPS, 17, 4)) {
      int frames = 0;
      for (Mat frame = decoder.next(); frame != null; frame = decoder.next()) {
        assertThat(frame.cols()).isEqualTo(160);
        assertThat(frame.rows()).isEqualTo(120);
        assertThat(frame.channels()).isEqualTo(3);
        frames++;
      }

      assertThat(frames).isEqualTo(4);
      assertThat(decoder.next()).isNull();
      assertThat(decoder.framesReturned()).isEqualTo(4);
      assertThat(decoder.stream().decoder()).isEqualTo("libaom-av1");
      assertThat(decoder.stream().codec()).isEqualTo("av1");
      assertThat(decoder.stream().frameCount()).isEqualTo(21);
    }
  }

  @Test
  void failsNamingTheFileWhenTheSegmentRunsPastTheEnd() {
    try (SegmentDecoder decoder = new SegmentDecoder(shared, FPS, 18, 5)) {
      assertThat(decoder.next()).isNotNull();
      assertThat(decoder.next()).isNotNull();
      assertThat(decoder.next()).isNotNull();

      assertThatThrownBy(decoder::next)
          .isInstanceOf(VideoException.class)
          .hasMessageStartingWith("Cannot decode " + shared + ": ")
          .hasMessageContaining(
              "the file ends before frame 21 (asked for frames [18, 23) at 30 fps)");
    }
  }

  @Test
  void failsWhenTheSegmentStartsAfterTheEnd() {
    try (SegmentDecoder decoder = new SegmentDecoder(shared, FPS, 40, 2)) {
      assertThatThrownBy(decoder::next)
          .isInstanceOf(VideoException.class)
          .hasMessageContaining("Cannot decode " + shared)
          .hasMessageContaining("the file ends before frame 40");
    }
  }

  @Test
  void failsWhenFramesAreNotOnTheRequestedFrameRate() {
    try (SegmentDecoder decoder = new SegmentDecoder(shared, 25, 0, 5)) {
      assertThat(decoder.next()).isNotNull();

      assertThatThrownBy(decoder::next)
          .isInstanceOf(VideoException.class)
          .hasMessageContaining("is off the 1/25 s grid");
    }
  }

  @Test
  void failsOnAMissingOrUnreadableFile() throws IOException {
    Path missing = dir.resolve("missing.mp4");
    Path text = Files.writeString(dir.resolve("not-a-video.mp4"), "hello");

    assertThatThrownBy(() -> new SegmentDecoder(missing, FPS, 0, 1))
        .isInstanceOf(VideoException.class)
        .hasMessage("Cannot decode " + missing + ": no such file");
    assertThatThrownBy(() -> new SegmentDecoder(text, FPS, 0, 1))
        .isInstanceOf(VideoException.class)
        .hasMessageStartingWith("Cannot decode " + text + ": not a readable media file");
  }

  @Test
  void rejectsANegativeRange() {
    assertThatThrownBy(() -> new SegmentDecoder(shared, FPS, -1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first frame -1");
  }
}
