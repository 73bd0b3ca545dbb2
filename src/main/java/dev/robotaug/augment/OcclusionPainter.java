package dev.robotaug.augment;

import static org.bytedeco.opencv.global.opencv_core.LUT;

import dev.robotaug.spec.OcclusionType;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Paints a camera's occluding patches, in order, onto one fixed canvas Mat. Rectangles are an
 * opaque {@code setTo}; overlays apply the per-channel table {@code rnd((1 - α) v + α c)} to the
 * patch with {@code cv::LUT}, which is exact integer work. Views, colours and tables are built
 * once.
 */
final class OcclusionPainter implements AutoCloseable {
  private final List<Mat> views = new ArrayList<>();
  private final List<Scalar> colours = new ArrayList<>();
  private final List<Mat> overlays = new ArrayList<>();
  private final List<Rect> rects = new ArrayList<>();

  OcclusionPainter(OcclusionParameters parameters, Mat canvas) {
    for (OcclusionParameters.Patch patch : parameters.patches()) {
      Rect rect = new Rect(patch.x(), patch.y(), patch.w(), patch.h());
      rects.add(rect);
      views.add(new Mat(canvas, rect));
      if (patch.type() == OcclusionType.RECTANGLE) {
        colours.add(new Scalar(patch.r(), patch.g(), patch.b(), 0));
        overlays.add(null);
      } else {
        colours.add(null);
        overlays.add(LightingLut.mat(overlayTable(patch)));
      }
    }
  }

  /** The overlay's table per channel: {@code floor((1 - α) v + α c + 0.5)}. */
  static int[][] overlayTable(OcclusionParameters.Patch patch) {
    int[] colour = {patch.r(), patch.g(), patch.b()};
    int[][] table = new int[3][256];
    for (int channel = 0; channel < 3; channel++) {
      for (int v = 0; v < 256; v++) {
        double blended = (1 - patch.alpha()) * v + patch.alpha() * colour[channel];
        table[channel][v] = (int) StrictMath.floor(blended + 0.5);
      }
    }
    return table;
  }

  /** Paints every patch onto the canvas given to the constructor. */
  void paint() {
    for (int i = 0; i < views.size(); i++) {
      Mat view = views.get(i);
      if (colours.get(i) != null) {
        view.put(colours.get(i));
      } else {
        LUT(view, overlays.get(i), view);
      }
    }
  }

  @Override
  public void close() {
    views.forEach(Mat::close);
    rects.forEach(Rect::close);
    colours.stream().filter(c -> c != null).forEach(Scalar::close);
    overlays.stream().filter(o -> o != null).forEach(Mat::close);
  }
}
