package dev.robotaug.sample;

import dev.robotaug.dataset.DatasetJson;
import dev.robotaug.dataset.Episode;
import dev.robotaug.dataset.SourceDataset;
import dev.robotaug.dataset.Storage;
import dev.robotaug.dataset.VideoRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datasets {@code scripts/bench} measures on: LeRobot v3.0, 640x480 AV1 cameras (SVT-AV1 at
 * LeRobot's settings: crf 30, g 2, yuv420p) at 30 fps, every episode of each camera in one mp4.
 *
 * <p>Next to the dataset it writes {@code <dataset>.episodes.json}, the segment of every episode in
 * every camera's file ({@code file}, {@code from_timestamp}, {@code frames}), so that the
 * comparison scripts (ffmpeg, Python) need no Parquet reader. The dataset is written under a
 * temporary name and renamed when complete, so an interrupted run is never reused.
 */
public final class BenchmarkDataset {
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkDataset.class);

  /** The cameras, in order; a dataset with N cameras has the first N. */
  static final List<String> CAMERAS =
      List.of("observation.images.front", "observation.images.wrist");

  static final int WIDTH = 640;
  static final int HEIGHT = 480;
  static final int FPS = 30;

  private BenchmarkDataset() {}

  /** {@code episodes} episodes of {@code frames} frames with {@code cameras} 640x480 cameras. */
  public static SyntheticDataset.Spec spec(int cameras, int episodes, int frames) {
    if (cameras < 1 || cameras > CAMERAS.size() || episodes < 1 || frames < 1) {
      throw new IllegalArgumentException(
          "Invalid benchmark dataset: %d cameras (1..%d), %d episodes, %d frames"
              .formatted(cameras, CAMERAS.size(), episodes, frames));
    }

    List<SyntheticDataset.Camera> list = new ArrayList<>();
    for (String key : CAMERAS.subList(0, cameras)) {
      list.add(new SyntheticDataset.Camera(key, WIDTH, HEIGHT));
    }

    return new SyntheticDataset.Spec(
            Collections.nCopies(episodes, frames),
            list,
            List.of("Pick up the cube.", "Push the ball to the left."),
            "av1",
            FPS,
            episodes,
            2026L)
        .withFiles(episodes, episodes, 1000);
  }

  /** Usage: {@code BenchmarkDataset <dir> <cameras> <episodes> <frames>}; keeps an existing dir. */
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "Usage: BenchmarkDataset <dir> <cameras> <episodes> <frames>");
    }

    Path root = Path.of(args[0]);
    SyntheticDataset.Spec spec =
        spec(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    if (Files.isDirectory(root) && Files.exists(manifestOf(root))) {
      LOG.info("Reusing benchmark dataset {}", root);
      return;
    }

    long started = System.nanoTime();
    Path partial = root.resolveSibling(root.getFileName() + ".partial");
    deleteTree(partial);
    SyntheticDataset.write(partial, spec);
    deleteTree(root);
    Files.move(partial, root, StandardCopyOption.ATOMIC_MOVE);
    writeManifest(root);
    LOG.info(
        "Wrote benchmark dataset {} in {} s", root, (System.nanoTime() - started) / 1_000_000_000L);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }

    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  static Path manifestOf(Path root) {
    return root.resolveSibling(root.getFileName() + ".episodes.json");
  }

  /** Every episode's segment of every camera's mp4, read back through {@link SourceDataset}. */
  private static void writeManifest(Path root) {
    SourceDataset source =
        SourceDataset.open(
            Storage.configuration(Map.of()), root.toAbsolutePath().toUri().toString());
    List<Map<String, Object>> episodes = new ArrayList<>();
    for (Episode episode : source.episodes()) {
      Map<String, Object> cameras = new LinkedHashMap<>();
      for (Map.Entry<String, VideoRef> video : episode.videos().entrySet()) {
        String file = source.videoPathOf(episode, video.getKey());
        Map<String, Object> segment = new LinkedHashMap<>();
        segment.put("file", root.resolve(file).toAbsolutePath().toString());
        segment.put("from_timestamp", video.getValue().fromTimestamp());
        cameras.put(video.getKey(), segment);
      }

      Map<String, Object> row = new LinkedHashMap<>();
      row.put("episode_index", episode.index());
      row.put("frames", episode.length());
      row.put("cameras", cameras);
      episodes.add(row);
    }

    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("fps", source.info().fps());
    manifest.put("width", WIDTH);
    manifest.put("height", HEIGHT);
    manifest.put("episodes", episodes);
    try {
      Files.writeString(manifestOf(root), DatasetJson.write(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the manifest of " + root, e);
    }
  }
}
