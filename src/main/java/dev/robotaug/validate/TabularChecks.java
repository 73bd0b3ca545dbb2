package dev.robotaug.validate;

import dev.robotaug.validate.DatasetUnderTest.TaskRow;
import dev.robotaug.validate.ValidationReport.Check;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks of the frame rows (global {@code index}, episode order, {@code frame_index}, {@code
 * timestamp}), of the episode rows against them, and of the tasks. Data files are read in sorted
 * path order, as LeRobot concatenates them.
 */
final class TabularChecks {
  /** LeRobot's tolerance between a frame's timestamp and {@code frame_index / fps}. */
  static final double TIMESTAMP_TOLERANCE = 1e-4;

  private final DatasetUnderTest dataset;
  private final Map<Long, Map<String, Integer>> rowsByEpisode = new LinkedHashMap<>();

  TabularChecks(DatasetUnderTest dataset) {
    this.dataset = dataset;
    for (FrameColumns file : dataset.dataFiles) {
      if (file.episode() == null) {
        continue;
      }

      for (long episode : file.episode()) {
        rowsByEpisode
            .computeIfAbsent(episode, e -> new LinkedHashMap<>())
            .merge(file.relative(), 1, Integer::sum);
      }
    }
  }

  void addTo(CheckList checks) {
    checks.run("data.index", this::index);
    checks.run("data.episodes", this::episodeOrder);
    checks.run("data.frame_index", this::frameIndex);
    checks.run("data.timestamp", this::timestamp);
    checks.run("episodes.order", this::episodeRowOrder);
    checks.run("episodes.range", this::episodeRanges);
    checks.run("episodes.data_file", this::episodeDataFiles);
    checks.run("episodes.tasks", this::episodeTasks);
    checks.run("tasks.order", this::taskOrder);
    checks.run("tasks.index", this::taskIndex);
  }

  /** {@code index} is 0, 1, 2, ... across the data files in sorted order. */
  private Check index() {
    Findings findings = new Findings();
    long expected = 0;
    for (FrameColumns file : dataset.dataFiles) {
      if (file.index() == null) {
        findings.add(file.relative() + " has no index column");
        expected += file.rows();
        continue;
      }

      for (int row = 0; row < file.rows(); row++) {
        if (file.index()[row] != expected) {
          findings.add(
              "%s row %d: index %d, expected %d"
                  .formatted(file.relative(), row, file.index()[row], expected));
          expected = file.index()[row];
        }

        expected++;
      }
    }

    return findings.toCheck("data.index", "0.." + (expected - 1) + " contiguous");
  }

  /** Each episode's rows are one run, and the runs go 0, 1, 2, ... */
  private Check episodeOrder() {
    Findings findings = new Findings();
    Set<Long> seen = new HashSet<>();
    long previous = -1;
    for (FrameColumns file : dataset.dataFiles) {
      if (file.episode() == null) {
        findings.add(file.relative() + " has no episode_index column");
        continue;
      }

      for (int row = 0; row < file.rows(); row++) {
        long episode = file.episode()[row];
        if (episode == previous) {
          continue;
        }

        if (seen.contains(episode)) {
          findings.add(
              "%s row %d: episode %d appears again after episode %d (its rows are not contiguous)"
                  .formatted(file.relative(), row, episode, previous));
        } else if (episode != previous + 1) {
          findings.add(
              "%s row %d: episode %d follows episode %d, expected episode %d"
                  .formatted(file.relative(), row, episode, previous, previous + 1));
        }

        seen.add(episode);
        previous = episode;
      }
    }

    return findings.toCheck(
        "data.episodes", seen.size() + " episodes, each contiguous, in order from 0");
  }

  /** {@code frame_index} counts 0..length-1 within each episode. */
  private Check frameIndex() {
    Findings findings = new Findings();
    long episode = Long.MIN_VALUE;
    long expected = 0;
    for (FrameColumns file : dataset.dataFiles) {
      if (file.frameIndex() == null || file.episode() == null) {
        findings.add(file.relative() + " has no frame_index or episode_index column");
        continue;
      }

      for (int row = 0; row < file.rows(); row++) {
        if (file.episode()[row] != episode) {
          episode = file.episode()[row];
          expected = 0;
        }

        long actual = file.frameIndex()[row];
        if (actual != expected) {
          findings.add(
              "episode %d (%s row %d): frame_index %d, expected %d"
                  .formatted(episode, file.relative(), row, actual, expected));
          expected = actual;
        }

        expected++;
      }
    }

    return findings.toCheck("data.frame_index", "0..length-1 in every episode");
  }

  /** {@code timestamp} is {@code frame_index / fps} within LeRobot's 1e-4 s. */
  private Check timestamp() {
    int fps = dataset.fpsOrZero();
    if (fps <= 0) {
      return Check.fail("data.timestamp", "cannot check: info.json has no valid fps");
    }

    Findings findings = new Findings();
    for (FrameColumns file : dataset.dataFiles) {
      if (file.timestamp() == null || file.frameIndex() == null) {
        findings.add(file.relative() + " has no timestamp or frame_index column");
        continue;
      }

      for (int row = 0; row < file.rows(); row++) {
        double expected = (double) file.frameIndex()[row] / fps;
        if (!(Math.abs(file.timestamp()[row] - expected) <= TIMESTAMP_TOLERANCE)) {
          findings.add(
              "episode %s frame %d (%s row %d): timestamp %s, expected %s"
                  .formatted(
                      file.episode() == null ? "?" : file.episode()[row],
                      file.frameIndex()[row],
                      file.relative(),
                      row,
                      file.timestamp()[row],
                      (float) expected));
        }
      }
    }

    return findings.toCheck(
        "data.timestamp", "frame_index / " + fps + " within " + TIMESTAMP_TOLERANCE + " s");
  }

  /** Episode rows are read by position: row i must be episode i. */
  private Check episodeRowOrder() {
    Findings findings = new Findings();
    for (int i = 0; i < dataset.episodeRows.size(); i++) {
      Object episode = dataset.episodeRows.get(i).get("episode_index");
      if (!(episode instanceof Number number) || number.longValue() != i) {
        findings.add("episode table row " + i + " holds episode " + episode);
      }
    }

    return findings.toCheck(
        "episodes.order", dataset.episodeRows.size() + " rows, row i is episode i");
  }

  /** {@code [dataset_from_index, dataset_to_index)} has {@code length} rows and abuts the last. */
  private Check episodeRanges() {
    Findings findings = new Findings();
    long expectedFrom = 0;
    for (Map<String, Object> row : dataset.episodeRows) {
      long episode = DatasetUnderTest.number(row, "episode_index");
      long length = DatasetUnderTest.number(row, "length");
      long from = DatasetUnderTest.number(row, "dataset_from_index");
      long to = DatasetUnderTest.number(row, "dataset_to_index");
      if (length <= 0) {
        findings.add("episode %d: length %d".formatted(episode, length));
      }

      if (to - from != length) {
        findings.add(
            "episode %d: dataset_to_index %d - dataset_from_index %d = %d, length %d"
                .formatted(episode, to, from, to - from, length));
      }

      if (from != expectedFrom) {
        findings.add(
            "episode %d: dataset_from_index %d, expected %d (the previous episode's end)"
                .formatted(episode, from, expectedFrom));
      }

      expectedFrom = to;
    }

    return findings.toCheck("episodes.range", "ranges abut and match lengths");
  }

  /** The data file an episode row names holds exactly {@code length} rows of that episode. */
  private Check episodeDataFiles() {
    Findings findings = new Findings();
    for (Map<String, Object> row : dataset.episodeRows) {
      long episode = DatasetUnderTest.number(row, "episode_index");
      long length = DatasetUnderTest.number(row, "length");
      String named = dataset.dataPathOf(row);
      Map<String, Integer> files = rowsByEpisode.getOrDefault(episode, Map.of());
      int inNamed = files.getOrDefault(named, 0);
      if (!dataset.exists(named)) {
        findings.add("episode %d: data file %s does not exist".formatted(episode, named));
      } else if (inNamed != length) {
        findings.add(
            "episode %d: %s holds %d of its rows, length is %d"
                .formatted(episode, named, inNamed, length));
      }

      files.keySet().stream()
          .filter(file -> !file.equals(named))
          .forEach(
              file ->
                  findings.add(
                      "episode %d: %d rows in %s, but its row names %s"
                          .formatted(episode, files.get(file), file, named)));
    }

    return findings.toCheck(
        "episodes.data_file",
        dataset.episodeRows.size() + " episodes found whole in the data files they name");
  }

  /** An episode's {@code tasks} are the distinct tasks of its frames (as sets). */
  private Check episodeTasks() {
    Map<Long, Set<String>> fromFrames = new LinkedHashMap<>();
    for (FrameColumns file : dataset.dataFiles) {
      if (file.episode() == null || file.taskIndex() == null) {
        return Check.fail(
            "episodes.tasks", file.relative() + " has no episode_index or task_index column");
      }

      for (int row = 0; row < file.rows(); row++) {
        String task = taskAt(file.taskIndex()[row]);
        Set<String> tasks = fromFrames.computeIfAbsent(file.episode()[row], e -> new HashSet<>());
        if (task != null) {
          tasks.add(task);
        }
      }
    }

    Findings findings = new Findings();
    for (Map<String, Object> row : dataset.episodeRows) {
      long episode = DatasetUnderTest.number(row, "episode_index");
      Set<String> listed = new LinkedHashSet<>();
      if (row.get("tasks") instanceof List<?> tasks) {
        tasks.forEach(task -> listed.add(String.valueOf(task)));
      }

      Set<String> actual = fromFrames.getOrDefault(episode, Set.of());
      if (!listed.equals(actual)) {
        findings.add("episode %d: tasks %s, its frames have %s".formatted(episode, listed, actual));
      }
    }

    return findings.toCheck("episodes.tasks", "every episode lists its frames' tasks");
  }

  /** The task of a {@code task_index}: LeRobot takes the row at that position. */
  private String taskAt(long taskIndex) {
    if (taskIndex < 0 || taskIndex >= dataset.tasks.size()) {
      return null;
    }

    return dataset.tasks.get((int) taskIndex).task();
  }

  /** Row i of the tasks table has {@code task_index} i and a task no other row has. */
  private Check taskOrder() {
    Findings findings = new Findings();
    Set<String> seen = new HashSet<>();
    for (TaskRow task : dataset.tasks) {
      if (!Objects.equals(task.taskIndex(), (long) task.position())) {
        findings.add(
            "tasks row %d has task_index %s, expected %d"
                .formatted(task.position(), task.taskIndex(), task.position()));
      }

      if (task.task() == null) {
        findings.add("tasks row " + task.position() + " has no task string");
      } else if (!seen.add(task.task())) {
        findings.add("tasks row %d repeats task '%s'".formatted(task.position(), task.task()));
      }
    }

    return findings.toCheck("tasks.order", dataset.tasks.size() + " tasks, row i has task_index i");
  }

  /** Every frame's {@code task_index} is a row of the tasks table. */
  private Check taskIndex() {
    Findings findings = new Findings();
    int tasks = dataset.tasks.size();
    for (FrameColumns file : dataset.dataFiles) {
      if (file.taskIndex() == null) {
        findings.add(file.relative() + " has no task_index column");
        continue;
      }

      for (int row = 0; row < file.rows(); row++) {
        long value = file.taskIndex()[row];
        if (value < 0 || value >= tasks) {
          findings.add(
              "episode %s frame %s (%s row %d): task_index %d, the tasks table has %d rows"
                  .formatted(
                      file.episode() == null ? "?" : file.episode()[row],
                      file.frameIndex() == null ? "?" : file.frameIndex()[row],
                      file.relative(),
                      row,
                      value,
                      tasks));
        }
      }
    }

    return findings.toCheck("tasks.index", "every task_index is in 0.." + (tasks - 1));
  }
}
