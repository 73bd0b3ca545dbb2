package dev.robotaug.testing;

import dev.robotaug.sample.SyntheticDataset;
import dev.robotaug.sample.SyntheticDataset.Camera;
import dev.robotaug.sample.SyntheticDataset.Layout;
import dev.robotaug.sample.SyntheticDataset.Spec;
import java.nio.file.Path;
import java.util.List;

/**
 * The kinds of LeRobot dataset users have, as tiny synthetic datasets (a few short episodes, frames
 * of at most 96x72) for tests: both layouts with video or image cameras, mixed cameras, several
 * cameras, many tasks, and many episodes rotating across data and video files and chunk
 * directories.
 */
public enum DatasetKind {
  /** v3.0, one AV1 camera, two episodes per data and video file. */
  V30_VIDEO(base()),
  /** v2.1, one AV1 camera, per-episode files in chunk directories of two episodes. */
  V21_VIDEO(base().withLayout(Layout.V21).withFiles(1, 1, 2)),
  /** v3.0, one camera stored as PNG images in the data files. */
  V30_IMAGE(base().withCameras(List.of(Camera.image(Cameras.FRONT, 32, 24)))),
  /** v2.1, one camera stored as PNG images. */
  V21_IMAGE(
      base()
          .withCameras(List.of(Camera.image(Cameras.FRONT, 32, 24)))
          .withLayout(Layout.V21)
          .withFiles(1, 1, 2)),
  /** v3.0, a video camera and an image camera. */
  MIXED(
      base()
          .withCameras(
              List.of(new Camera(Cameras.FRONT, 64, 48), Camera.image(Cameras.WRIST, 32, 24)))),
  /** v3.0, three H.264 cameras of different sizes. */
  MULTI_CAMERA(
      new Spec(
          List.of(6, 5, 7, 4),
          List.of(
              new Camera(Cameras.FRONT, 96, 72),
              new Camera(Cameras.WRIST, 64, 48),
              new Camera(Cameras.TOP, 80, 64)),
          Cameras.TASKS,
          "h264",
          10,
          2,
          11L)),
  /** v3.0, seven tasks over eight episodes, some episodes switching task halfway. */
  MULTI_TASK(
      base()
          .withEpisodeLengths(List.of(4, 3, 5, 4, 3, 6, 4, 3))
          .withTasks(
              List.of(
                  "Pick up the cube.",
                  "Push the ball to the left.",
                  "Open the drawer.",
                  "Close the drawer.",
                  "Stack the red cube on the blue one.",
                  "Wipe the table.",
                  "Hand the cup over."))),
  /**
   * v3.0, nine episodes: two per data file and three per mp4, two files per chunk, so data files
   * span chunk-000..002 and video files chunk-000..001, rotating independently.
   */
  ROTATING(base().withEpisodeLengths(List.of(4, 3, 5, 4, 3, 6, 4, 3, 5)).withFiles(2, 3, 2));

  private final Spec spec;

  DatasetKind(Spec spec) {
    this.spec = spec;
  }

  public Spec spec() {
    return spec;
  }

  public Layout layout() {
    return spec.layout();
  }

  /** Writes this kind into {@code root} and returns it. */
  public Path write(Path root) {
    SyntheticDataset.write(root, spec);
    return root;
  }

  private static Spec base() {
    return new Spec(
        List.of(6, 5, 7, 4),
        List.of(new Camera(Cameras.FRONT, 64, 48)),
        Cameras.TASKS,
        "av1",
        10,
        2,
        5L);
  }

  /** Camera keys and tasks the kinds share. */
  public static final class Cameras {
    public static final String FRONT = "observation.images.front";
    public static final String WRIST = "observation.images.wrist";
    public static final String TOP = "observation.images.top";
    static final List<String> TASKS = List.of("Pick up the cube.", "Push the ball to the left.");

    private Cameras() {}
  }
}
