package dev.robotaug.validate;

import dev.robotaug.dataset.Feature;
import dev.robotaug.validate.ValidationReport.Check;
import dev.robotaug.video.SegmentDecoder;
import dev.robotaug.video.VideoProbe;
import dev.robotaug.video.VideoStreamInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks of every video camera's mp4 files against the episode rows and {@code info.json}, each run
 * once per camera: the files exist; each decodes to exactly the frames its episodes place there and
 * each episode's segment decodes to {@code length} frames ({@link SegmentDecoder}, which fails on a
 * missing, repeated or off-grid frame); frame times sit on the {@code 1/fps} grid; segments last
 * {@code length / fps} and abut inside a file; all files of a camera share codec, pixel format,
 * size and rate; the size is the feature's shape; and the feature's {@code info.video.*} is what
 * the stream actually is ({@link VideoProbe}, the facts ffprobe reports).
 *
 * <p>Every file is decoded three times (probe, frame times, segments): validation of a large
 * dataset costs about three decodes of all its video.
 */
final class VideoChecks {
  private final DatasetUnderTest dataset;
  private final int fps;
  private final Map<String, Probe> probes = new HashMap<>();

  /** One episode's place in one camera's mp4. */
  private record Segment(long episode, long length, String file, double from, double to) {}

  /** A file's stream facts and frame times, or why they could not be read. */
  private record Probe(VideoStreamInfo stream, double[] pts, String error) {}

  VideoChecks(DatasetUnderTest dataset) {
    this.dataset = dataset;
    this.fps = dataset.fpsOrZero();
  }

  void addTo(CheckList checks) {
    for (String camera : dataset.videoKeys()) {
      checks.run("video.files", () -> files(camera));
      checks.run("video.frames", () -> frames(camera));
      checks.run("video.pts", () -> pts(camera));
      checks.run("video.segments", () -> segmentLengths(camera));
      checks.run("video.abut", () -> abutting(camera));
      checks.run("video.streams", () -> sameStreams(camera));
      checks.run("video.shape", () -> shape(camera));
      checks.run("video.info", () -> info(camera));
    }
  }

  private List<Segment> segments(String camera) {
    String prefix = "videos/" + camera + "/";
    List<Segment> segments = new ArrayList<>();
    for (Map<String, Object> row : dataset.episodeRows) {
      segments.add(
          new Segment(
              DatasetUnderTest.number(row, "episode_index"),
              DatasetUnderTest.number(row, "length"),
              dataset.videoPathOf(row, camera),
              DatasetUnderTest.decimal(row, prefix + "from_timestamp"),
              DatasetUnderTest.decimal(row, prefix + "to_timestamp")));
    }

    return segments;
  }

  /** Segments grouped by file, files in first-use order. */
  private Map<String, List<Segment>> byFile(String camera) {
    Map<String, List<Segment>> files = new LinkedHashMap<>();
    for (Segment segment : segments(camera)) {
      files.computeIfAbsent(segment.file(), f -> new ArrayList<>()).add(segment);
    }

    return files;
  }

  private Probe probe(String file) {
    return probes.computeIfAbsent(
        file,
        f -> {
          try {
            java.nio.file.Path local = dataset.localFile(f);
            return new Probe(VideoProbe.probe(local), VideoProbe.framePtsSeconds(local), null);
          } catch (RuntimeException e) {
            return new Probe(null, null, e.getMessage());
          }
        });
  }

  /** Existing files with a readable stream; the others are reported by video.files / frames. */
  private Map<String, VideoStreamInfo> streams(String camera) {
    Map<String, VideoStreamInfo> streams = new LinkedHashMap<>();
    for (String file : byFile(camera).keySet()) {
      if (dataset.exists(file) && probe(file).stream() != null) {
        streams.put(file, probe(file).stream());
      }
    }

    return streams;
  }

  private Check files(String camera) {
    Findings findings = new Findings();
    Map<String, List<Segment>> files = byFile(camera);
    files.forEach(
        (file, segments) -> {
          if (!dataset.exists(file)) {
            findings.add(
                "%s: %s of episodes %s does not exist".formatted(camera, file, episodes(segments)));
          }
        });
    return findings.toCheck(
        "video.files",
        "%s: %d mp4 files for %d episodes"
            .formatted(camera, files.size(), dataset.episodeRows.size()));
  }

  private Check frames(String camera) {
    requireFps();
    Findings findings = new Findings();
    long decoded = 0;
    for (Map.Entry<String, List<Segment>> entry : byFile(camera).entrySet()) {
      String file = entry.getKey();
      if (!dataset.exists(file)) {
        continue;
      }

      Probe probe = probe(file);
      if (probe.error() != null) {
        findings.add(camera + ": " + probe.error());
        continue;
      }

      long placed = entry.getValue().stream().mapToLong(Segment::length).sum();
      if (probe.pts().length != placed) {
        findings.add(
            "%s: %s decodes to %d frames, episodes %s place %d there"
                .formatted(camera, file, probe.pts().length, episodes(entry.getValue()), placed));
      }

      for (Segment segment : entry.getValue()) {
        String problem = decodeProblem(segment);
        if (problem != null) {
          findings.add(
              "%s: episode %d (%s): %s".formatted(camera, segment.episode(), file, problem));
        }
      }

      decoded += probe.pts().length;
    }

    return findings.toCheck(
        "video.frames",
        "%s: %d frames decoded, every segment has its episode's length".formatted(camera, decoded));
  }

  /** Decodes the segment's {@code length} frames; null when all came, else what went wrong. */
  private String decodeProblem(Segment segment) {
    long first = SegmentDecoder.firstFrame(segment.from(), fps);
    try (SegmentDecoder decoder =
        new SegmentDecoder(
            dataset.localFile(segment.file()), fps, first, Math.toIntExact(segment.length()))) {
      for (long k = 0; k < segment.length(); k++) {
        if (decoder.next() == null) {
          return "only " + k + " of " + segment.length() + " frames decode";
        }
      }

      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  private Check pts(String camera) {
    requireFps();
    Findings findings = new Findings();
    for (String file : byFile(camera).keySet()) {
      Probe probe = dataset.exists(file) ? probe(file) : null;
      if (probe == null || probe.pts() == null) {
        continue;
      }

      double[] pts = probe.pts();
      for (int k = 0; k < pts.length; k++) {
        double expected = (double) k / fps;
        if (!(Math.abs(pts[k] - expected) <= SegmentDecoder.TOLERANCE_SECONDS)) {
          findings.add(
              "%s: %s frame %d at %s s, expected %s s"
                  .formatted(camera, file, k, pts[k], expected));
        }
      }
    }

    return findings.toCheck(
        "video.pts",
        "%s: frame k of every file at k/%d s within %s s"
            .formatted(camera, fps, SegmentDecoder.TOLERANCE_SECONDS));
  }

  private Check segmentLengths(String camera) {
    requireFps();
    Findings findings = new Findings();
    for (Segment segment : segments(camera)) {
      double duration = segment.to() - segment.from();
      double expected = (double) segment.length() / fps;
      if (!(Math.abs(duration - expected) <= SegmentDecoder.TOLERANCE_SECONDS)) {
        findings.add(
            "%s: episode %d (%s): to - from = %s s, length %d / %d fps = %s s"
                .formatted(
                    camera,
                    segment.episode(),
                    segment.file(),
                    duration,
                    segment.length(),
                    fps,
                    expected));
      }

      double frames = segment.from() * fps;
      if (!(Math.abs(frames - Math.rint(frames)) / fps <= SegmentDecoder.TOLERANCE_SECONDS)) {
        findings.add(
            "%s: episode %d (%s): from_timestamp %s s is not on the 1/%d s grid"
                .formatted(camera, segment.episode(), segment.file(), segment.from(), fps));
      }
    }

    return findings.toCheck(
        "video.segments", camera + ": every segment lasts length/fps from a frame boundary");
  }

  private Check abutting(String camera) {
    Findings findings = new Findings();
    byFile(camera)
        .forEach(
            (file, segments) -> {
              List<Segment> sorted =
                  segments.stream().sorted(Comparator.comparingDouble(Segment::from)).toList();
              double expected = 0;
              for (Segment segment : sorted) {
                if (!(Math.abs(segment.from() - expected) <= SegmentDecoder.TOLERANCE_SECONDS)) {
                  findings.add(
                      "%s: episode %d starts at %s s in %s, expected %s s"
                          .formatted(camera, segment.episode(), segment.from(), file, expected));
                }

                expected = segment.to();
              }
            });
    return findings.toCheck("video.abut", camera + ": segments of each file start at 0 s and abut");
  }

  private Check sameStreams(String camera) {
    Findings findings = new Findings();
    Map<String, VideoStreamInfo> streams = streams(camera);
    String firstFile = streams.keySet().stream().findFirst().orElse(null);
    if (firstFile == null) {
      return Check.fail("video.streams", camera + ": no readable mp4");
    }

    String reference = describe(streams.get(firstFile));
    streams.forEach(
        (file, stream) -> {
          if (!describe(stream).equals(reference)) {
            findings.add(
                "%s: %s is %s, %s is %s"
                    .formatted(camera, file, describe(stream), firstFile, reference));
          }
        });
    return findings.toCheck(
        "video.streams", "%s: %d files, all %s".formatted(camera, streams.size(), reference));
  }

  private Check shape(String camera) {
    Feature feature = dataset.info.features().get(camera);
    Findings findings = new Findings();
    streams(camera)
        .forEach(
            (file, stream) -> {
              if (stream.width() != feature.width() || stream.height() != feature.height()) {
                findings.add(
                    "%s: %s is %dx%d, the feature's shape %s says %dx%d"
                        .formatted(
                            camera,
                            file,
                            stream.width(),
                            stream.height(),
                            feature.shape(),
                            feature.width(),
                            feature.height()));
              }
            });
    return findings.toCheck(
        "video.shape",
        "%s: %dx%d as shape %s"
            .formatted(camera, feature.width(), feature.height(), feature.shape()));
  }

  private Check info(String camera) {
    Map<String, Object> info = dataset.info.features().get(camera).info();
    Findings findings = new Findings();
    streams(camera)
        .forEach(
            (file, stream) -> {
              Map<String, Object> actual = new LinkedHashMap<>();
              actual.put("video.codec", stream.codec());
              actual.put("video.pix_fmt", stream.pixFmt());
              actual.put("video.width", stream.width());
              actual.put("video.height", stream.height());
              actual.put("video.fps", stream.fps());
              actual.forEach(
                  (key, value) -> {
                    if (!info.containsKey(key)) {
                      findings.add(camera + ": info has no " + key);
                    } else if (!same(info.get(key), value)) {
                      findings.add(
                          "%s: info %s is %s, %s has %s"
                              .formatted(camera, key, info.get(key), file, value));
                    }
                  });
            });
    return findings.toCheck(
        "video.info",
        "%s: %s %s %sx%s %s fps, as every file's stream"
            .formatted(
                camera,
                info.get("video.codec"),
                info.get("video.pix_fmt"),
                info.get("video.width"),
                info.get("video.height"),
                info.get("video.fps")));
  }

  private static boolean same(Object declared, Object actual) {
    if (declared instanceof Number a && actual instanceof Number b) {
      return Math.abs(a.doubleValue() - b.doubleValue()) < 1e-6;
    }

    return Objects.equals(String.valueOf(declared), String.valueOf(actual));
  }

  private static String describe(VideoStreamInfo stream) {
    return "%s %s %dx%d %s fps"
        .formatted(
            stream.codec(),
            stream.pixFmt(),
            stream.width(),
            stream.height(),
            formatFps(stream.fps()));
  }

  private static String formatFps(double fps) {
    return fps == Math.rint(fps) ? String.valueOf((long) fps) : String.valueOf(fps);
  }

  private static String episodes(List<Segment> segments) {
    List<Long> episodes = segments.stream().map(Segment::episode).toList();
    return episodes.size() <= 4
        ? episodes.toString()
        : "[" + episodes.get(0) + ".." + episodes.get(episodes.size() - 1) + "]";
  }

  private void requireFps() {
    if (fps <= 0) {
      throw new IllegalArgumentException("info.json has no valid fps");
    }
  }
}
