package dev.robotaug.sample;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.robotaug.dataset.CameraStats;
import dev.robotaug.dataset.Feature;
import dev.robotaug.dataset.NumericStats;
import dev.robotaug.sample.SyntheticDataset.Camera;
import dev.robotaug.sample.SyntheticDataset.Spec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The content of a synthetic dataset's episodes, independent of the files it lands in: each
 * episode's frame rows (image cameras as PNG cells), per-episode stats, tasks and rendered camera
 * frames. Pure functions of the spec, so every layout holds the same episodes.
 */
final class SyntheticEpisodes {
  private final Spec spec;
  private final Map<String, Feature> features;
  private final Map<Integer, Map<String, Map<String, Object>>> stats = new HashMap<>();

  SyntheticEpisodes(Spec spec, Map<String, Feature> features) {
    this.spec = spec;
    this.features = features;
  }

  long totalFrames() {
    return spec.episodeLengths().stream().mapToLong(Integer::longValue).sum();
  }

  /** The global {@code index} of the episode's first frame. */
  long firstIndex(int episode) {
    long first = 0;
    for (int e = 0; e < episode; e++) {
      first += spec.episodeLengths().get(e);
    }

    return first;
  }

  /** The data rows of one episode, image cameras included. */
  List<Map<String, Object>> frames(int episode) {
    List<Map<String, Object>> frames = numericFrames(episode);
    for (Camera camera : spec.cameras()) {
      if (camera.isVideo()) {
        continue;
      }

      byte[] pixels = new byte[camera.width() * camera.height() * 3];
      for (int t = 0; t < frames.size(); t++) {
        render(camera, episode, t, pixels);
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("bytes", png(pixels, camera.width(), camera.height()));
        cell.put("path", String.format("frame_%06d.png", t));
        frames.get(t).put(camera.key(), cell);
      }
    }

    return frames;
  }

  private List<Map<String, Object>> numericFrames(int episode) {
    List<Map<String, Object>> frames = new ArrayList<>();
    int length = spec.episodeLengths().get(episode);
    long first = firstIndex(episode);
    for (int t = 0; t < length; t++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("action", floats(Scene.joints(spec.seed(), episode, t + 1, spec.fps())));
      row.put("observation.state", floats(Scene.joints(spec.seed(), episode, t, spec.fps())));
      row.put("timestamp", (float) t / spec.fps());
      row.put("frame_index", (long) t);
      row.put("episode_index", (long) episode);
      row.put("index", first + t);
      row.put("task_index", (long) taskOf(episode, t, length));
      frames.add(row);
    }

    return frames;
  }

  /** The second half of every third episode switches task, so tasks vary per frame too. */
  int taskOf(int episode, int frame, int length) {
    int base = episode % spec.tasks().size();
    return episode % 3 == 2 && frame >= length / 2 ? (base + 1) % spec.tasks().size() : base;
  }

  /** The distinct task strings of the episode's frames, in order of first appearance. */
  List<String> tasksOf(int episode) {
    int length = spec.episodeLengths().get(episode);
    List<String> tasks = new ArrayList<>();
    for (int t = 0; t < length; t++) {
      String task = spec.tasks().get(taskOf(episode, t, length));
      if (!tasks.contains(task)) {
        tasks.add(task);
      }
    }

    return tasks;
  }

  void render(Camera camera, int episode, int frame, byte[] pixels) {
    Scene.render(
        pixels,
        camera.width(),
        camera.height(),
        spec.seed(),
        episode,
        spec.cameras().indexOf(camera),
        frame,
        spec.fps());
  }

  /** Per-feature stats of one episode, with quantiles; cameras from their rendered frames. */
  Map<String, Map<String, Object>> stats(int episode) {
    return stats.computeIfAbsent(episode, this::computeStats);
  }

  private Map<String, Map<String, Object>> computeStats(int episode) {
    List<Map<String, Object>> frames = numericFrames(episode);
    Map<String, Map<String, Object>> result = new LinkedHashMap<>();
    for (Feature feature : features.values()) {
      if (feature.isVideo() || feature.isImage()) {
        result.put(feature.name(), cameraStats(camera(feature.name()), episode, frames.size()));
        continue;
      }

      double[][] values = new double[frames.size()][];
      for (int t = 0; t < frames.size(); t++) {
        values[t] = numbers(frames.get(t).get(feature.name()));
      }

      result.put(feature.name(), NumericStats.of(values, feature.dtype().startsWith("int")));
    }

    return result;
  }

  private Map<String, Object> cameraStats(Camera camera, int episode, int length) {
    CameraStats cameraStats = new CameraStats(camera.width(), camera.height(), length);
    byte[] pixels = new byte[camera.width() * camera.height() * 3];
    for (int t = 0; t < length; t++) {
      if (cameraStats.wants(t)) {
        render(camera, episode, t, pixels);
        cameraStats.add(t, pixels, camera.width() * 3);
      }
    }

    return cameraStats.result();
  }

  private Camera camera(String key) {
    return spec.cameras().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
  }

  /** PNG file bytes of an RGB24 frame (OpenCV writes BGR, so the channels are swapped first). */
  static byte[] png(byte[] rgbPixels, int width, int height) {
    try (Mat rgb = new Mat(height, width, opencv_core.CV_8UC3);
        Mat bgr = new Mat();
        BytePointer encoded = new BytePointer()) {
      rgb.data().put(rgbPixels);
      cvtColor(rgb, bgr, COLOR_RGB2BGR);
      if (!imencode(".png", bgr, encoded)) {
        throw new IllegalStateException("Cannot encode a PNG frame: OpenCV refused it");
      }

      byte[] bytes = new byte[Math.toIntExact(encoded.limit())];
      encoded.get(bytes);
      return bytes;
    }
  }

  private static List<Float> floats(double[] values) {
    List<Float> list = new ArrayList<>(values.length);
    for (double value : values) {
      list.add((float) value);
    }

    return list;
  }

  private static double[] numbers(Object value) {
    if (value instanceof List<?> list) {
      double[] out = new double[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ((Number) list.get(i)).doubleValue();
      }

      return out;
    }

    return new double[] {((Number) value).doubleValue()};
  }
}
