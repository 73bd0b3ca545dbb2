package dev.robotaug.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark runs several tasks in one executor JVM, each opening, feeding and closing SVT-AV1 encoders
 * while the others encode. SVT-AV1 keeps process-wide state that its open and close rewrite, so
 * this drives three threads through many open-encode-close cycles at different frame sizes: the JVM
 * must survive and every file must be byte for byte the one a lone encoder writes. It is a stress
 * test: measured here, without the lock around both open and close the JVM crashed in 1 of 2 runs
 * of these 3 × 60 cycles, with only the open locked in 1 of 5.
 */
class TestConcurrentEncoders {
  private static final int FRAMES = 12;
  private static final int ROUNDS = 60;
  private static final int[][] SIZES = {{160, 120}, {96, 64}, {128, 96}};

  @TempDir Path dir;

  @Test
  void encodersOpenedAndClosedWhileOthersEncodeWriteWhatALoneEncoderWrites() throws Exception {
    Map<Integer, String> alone = new ConcurrentHashMap<>();
    for (int size = 0; size < SIZES.length; size++) {
      alone.put(size, encode(size, dir.resolve("alone-" + size + ".mp4")));
    }

    ExecutorService threads = Executors.newFixedThreadPool(SIZES.length);
    List<Future<List<String>>> results = new ArrayList<>();
    try {
      for (int size = 0; size < SIZES.length; size++) {
        int thread = size;
        results.add(
            threads.submit(
                () -> {
                  List<String> digests = new ArrayList<>();
                  for (int round = 0; round < ROUNDS; round++) {
                    Path out = dir.resolve("t" + thread + "-r" + round + ".mp4");
                    digests.add(encode(thread, out));
                    Files.delete(out);
                  }
                  return digests;
                }));
      }

      for (int size = 0; size < SIZES.length; size++) {
        assertThat(results.get(size).get())
            .as("files of %dx%d", SIZES[size][0], SIZES[size][1])
            .hasSize(ROUNDS)
            .containsOnly(alone.get(size));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** Encodes the fixture frames at size {@code size} and returns the SHA-256 of the mp4. */
  private static String encode(int size, Path out) throws Exception {
    int width = SIZES[size][0];
    int height = SIZES[size][1];
    try (EpisodeEncoder encoder =
        new EpisodeEncoder(out, VideoSettings.defaults(width, height, 30), 1)) {
      for (int i = 0; i < FRAMES; i++) {
        try (Mat frame = VideoFixtures.frame(i, width, height, size)) {
          encoder.write(frame);
        }
      }
      encoder.finish();
    }

    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out));
    return HexFormat.of().formatHex(digest);
  }
}
