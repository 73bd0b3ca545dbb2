package dev.robotaug.preview;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A contact sheet of one camera: one row per (source episode, frame), the source frame in the first
 * column and the same frame of each copy in the next ones, with the column's copy label on top and
 * the episode and time on the left.
 */
public final class ContactSheet {
  private static final int LABEL_WIDTH = 150;
  private static final int HEADER_HEIGHT = 34;
  private static final int GAP = 4;

  private final String camera;
  private final int fps;
  private final List<String> columnLabels;
  private final Map<Long, Map<Long, Map<Integer, byte[]>>> cells = new TreeMap<>();

  /**
   * @param columnLabels one label per copy column, e.g. {@code copy 1: lighting+noise}
   */
  public ContactSheet(String camera, int fps, List<String> columnLabels) {
    this.camera = camera;
    this.fps = fps;
    this.columnLabels = List.copyOf(columnLabels);
  }

  public void add(PreviewCell cell) {
    if (!cell.camera().equals(camera) || cell.column() >= columnLabels.size()) {
      return;
    }

    cells
        .computeIfAbsent(cell.sourceEpisode(), e -> new TreeMap<>())
        .computeIfAbsent(cell.frameIndex(), f -> new LinkedHashMap<>())
        .put(cell.column(), cell.png());
  }

  /** Renders the sheet; rows without a source cell are left out. */
  public byte[] png() {
    List<Row> rows = rows();
    if (rows.isEmpty()) {
      throw new IllegalStateException("Cannot render preview of " + camera + ": no frames");
    }

    try (Mat first = Thumbnails.decodeBgr(rows.get(0).columns().get(PreviewCell.SOURCE_COLUMN))) {
      int cellWidth = first.cols();
      int cellHeight = first.rows();
      int columns = columnLabels.size() + 1;
      int width = LABEL_WIDTH + columns * (cellWidth + GAP);
      int height = HEADER_HEIGHT + rows.size() * (cellHeight + GAP);
      try (Mat sheet = new Mat(height, width, opencv_core.CV_8UC3, new Scalar(40, 40, 40, 0))) {
        header(sheet, cellWidth);
        for (int r = 0; r < rows.size(); r++) {
          int y = HEADER_HEIGHT + r * (cellHeight + GAP);
          Row row = rows.get(r);
          text(sheet, "episode " + row.episode(), 6, y + 18);
          text(sheet, String.format("t=%.2f s", (double) row.frame() / fps), 6, y + 38);
          for (int c = -1; c < columnLabels.size(); c++) {
            byte[] png = row.columns().get(c);
            if (png != null) {
              place(
                  sheet, png, LABEL_WIDTH + (c + 1) * (cellWidth + GAP), y, cellWidth, cellHeight);
            }
          }
        }

        try (BytePointer encoded = new BytePointer()) {
          opencv_imgcodecs.imencode(".png", sheet, encoded);
          byte[] bytes = new byte[(int) encoded.limit()];
          encoded.get(bytes);
          return bytes;
        }
      }
    }
  }

  public void write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, png());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write preview " + file + ": " + e.getMessage(), e);
    }
  }

  private record Row(long episode, long frame, Map<Integer, byte[]> columns) {}

  private List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    cells.forEach(
        (episode, frames) ->
            frames.forEach(
                (frame, columns) -> {
                  if (columns.containsKey(PreviewCell.SOURCE_COLUMN)) {
                    rows.add(new Row(episode, frame, columns));
                  }
                }));
    return rows;
  }

  private void header(Mat sheet, int cellWidth) {
    text(sheet, camera.replaceFirst("^observation\\.images\\.", ""), 6, 22);
    text(sheet, "source", LABEL_WIDTH + 4, 22);
    for (int c = 0; c < columnLabels.size(); c++) {
      text(sheet, columnLabels.get(c), LABEL_WIDTH + (c + 1) * (cellWidth + GAP) + 4, 22);
    }
  }

  private static void place(Mat sheet, byte[] png, int x, int y, int width, int height) {
    try (Mat cell = Thumbnails.decodeBgr(png);
        Rect area = new Rect(x, y, Math.min(width, cell.cols()), Math.min(height, cell.rows()));
        Mat target = new Mat(sheet, area);
        Mat source = new Mat(cell, new Rect(0, 0, area.width(), area.height()))) {
      source.copyTo(target);
    }
  }

  private static void text(Mat sheet, String text, int x, int y) {
    try (Point origin = new Point(x, y);
        Scalar white = new Scalar(235, 235, 235, 0)) {
      opencv_imgproc.putText(
          sheet,
          text,
          origin,
          opencv_imgproc.FONT_HERSHEY_SIMPLEX,
          0.45,
          white,
          1,
          opencv_imgproc.LINE_AA,
          false);
    }
  }
}
