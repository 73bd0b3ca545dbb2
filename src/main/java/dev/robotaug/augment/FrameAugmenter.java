package dev.robotaug.augment;

import static org.bytedeco.opencv.global.opencv_core.ALGO_HINT_ACCURATE;
import static org.bytedeco.opencv.global.opencv_core.BORDER_ISOLATED;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.LUT;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import dev.robotaug.spec.BlurType;
import dev.robotaug.spec.TransformFamily;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one copy's transforms to the frames of one camera, in the order occlusion, lighting,
 * blur, noise.
 *
 * <p>Built once per (copy, camera): lookup tables, kernels, noise tables and frame buffers are
 * prepared in the constructor, so {@link #apply} allocates no frame-sized memory. {@code src} is
 * never modified. Occlusion, lighting and blur are fixed for the episode; the noise is redrawn on
 * every frame from the frame index alone, so a frame's output never depends on the thread,
 * partition or order in which frames are processed.
 *
 * <p>Not thread-safe: use one instance per thread. Close it to release its native buffers.
 */
public final class FrameAugmenter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FrameAugmenter.class);

  private final String cameraKey;
  private final FrameSize size;
  private final Mat bufferA;
  private final Mat bufferB;
  private final BytePointer bufferAData;
  private final byte[] pixels;
  private final OcclusionPainter occlusion;
  private final Mat lightingLut;
  private final Size defocusSize;
  private final double defocusSigma;
  private final MotionBlur motion;
  private final FrameNoise noise;
  private boolean closed;

  /**
   * Prepares the transforms of {@code copy} for camera {@code cameraKey}, whose frames are {@code
   * size}.
   *
   * @throws IllegalArgumentException when {@code copy} has no parameters for this camera, or its
   *     occlusion was drawn for another frame size
   */
  public FrameAugmenter(CopyParameters copy, String cameraKey, FrameSize size) {
    this.cameraKey = cameraKey;
    this.size = size;
    CopyRecipe recipe = copy.recipe();
    CameraParameters camera = copy.cameras().get(cameraKey);
    boolean perCamera =
        recipe.applies(TransformFamily.OCCLUSION)
            || recipe.applies(TransformFamily.BLUR)
            || recipe.applies(TransformFamily.NOISE);
    if (perCamera && camera == null) {
      throw new IllegalArgumentException(
          "Cannot augment camera "
              + cameraKey
              + " of episode "
              + copy.sourceEpisode()
              + " copy "
              + recipe.copyIndex()
              + ": no parameters were drawn for it");
    }

    this.bufferA = new Mat(size.height(), size.width(), CV_8UC3);
    this.bufferB = new Mat(size.height(), size.width(), CV_8UC3);
    this.bufferAData = bufferA.data();
    this.pixels = new byte[size.width() * size.height() * 3];

    this.occlusion = camera == null ? null : occlusionPainter(camera.occlusion(), copy);
    this.lightingLut = lightingLut(copy.lighting());

    BlurParameters blur = camera == null ? null : camera.blur();
    boolean defocus = blur != null && blur.type() == BlurType.DEFOCUS;
    this.defocusSize = defocus ? new Size(blur.ksize(), blur.ksize()) : null;
    this.defocusSigma = defocus ? blur.sigma() : 0;
    this.motion =
        blur != null && blur.type() == BlurType.MOTION
            ? new MotionBlur(MotionKernel.of(blur.kernel(), blur.angleDegrees()), size)
            : null;
    this.noise = camera == null || camera.noise() == null ? null : new FrameNoise(camera.noise());

    LOG.debug(
        "Prepared augmenter for camera {} of episode {} copy {}: {}",
        cameraKey,
        copy.sourceEpisode(),
        recipe.copyIndex(),
        recipe.families());
  }

  /**
   * Limits OpenCV's own thread pool to the calling thread, process-wide. Frames are processed on
   * Spark task threads, one per core, so OpenCV's parallel loops would only oversubscribe the
   * cores. Call once per executor JVM before augmenting.
   */
  public static void useCallerThreadsOnly() {
    opencv_core.setNumThreads(1);
  }

  /**
   * Augments frame {@code frameIndex} of this camera.
   *
   * @param srcRgb the decoded frame, CV_8UC3 RGB of the constructor's size; never modified
   * @param dstRgb receives the augmented frame; (re)allocated to CV_8UC3 of the same size if
   *     needed; must not share memory with {@code srcRgb}
   * @param frameIndex the frame's index within the episode, which keys its noise
   */
  public void apply(Mat srcRgb, Mat dstRgb, long frameIndex) {
    requireUsable(srcRgb, dstRgb, frameIndex);
    dstRgb.create(size.height(), size.width(), CV_8UC3);
    boolean blur = defocusSize != null || motion != null;

    Mat current = srcRgb;
    if (occlusion != null) {
      current.copyTo(bufferA);
      occlusion.paint();
      current = bufferA;
    }

    if (lightingLut != null) {
      Mat target = blur || noise != null ? otherBuffer(current) : dstRgb;
      LUT(current, lightingLut, target);
      current = target;
    }

    if (blur) {
      Mat target = noise != null ? otherBuffer(current) : dstRgb;
      if (motion != null) {
        motion.apply(current, target);
      } else {
        int border = BORDER_REFLECT_101 | BORDER_ISOLATED;
        GaussianBlur(
            current, target, defocusSize, defocusSigma, defocusSigma, border, ALGO_HINT_ACCURATE);
      }
      current = target;
    }

    if (noise != null) {
      readPixels(current);
      noise.apply(pixels, pixels, size.width() * size.height(), frameIndex);
      writePixels(dstRgb);
    } else if (current != dstRgb) {
      current.copyTo(dstRgb);
    }
  }

  /** The camera this augmenter was built for. */
  public String cameraKey() {
    return cameraKey;
  }

  /** The frame size this augmenter was built for. */
  public FrameSize size() {
    return size;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }

    closed = true;
    if (occlusion != null) {
      occlusion.close();
    }

    if (lightingLut != null) {
      lightingLut.close();
    }

    if (defocusSize != null) {
      defocusSize.close();
    }

    if (motion != null) {
      motion.close();
    }
    bufferA.close();
    bufferB.close();
  }

  private OcclusionPainter occlusionPainter(OcclusionParameters parameters, CopyParameters copy) {
    if (parameters == null) {
      return null;
    }

    if (!parameters.frameSize().equals(size)) {
      throw new IllegalArgumentException(
          "Cannot augment camera "
              + cameraKey
              + " of episode "
              + copy.sourceEpisode()
              + ": occlusion was drawn for "
              + parameters.frameSize()
              + " frames, the camera has "
              + size);
    }
    return new OcclusionPainter(parameters, bufferA);
  }

  private static Mat lightingLut(LightingParameters lighting) {
    if (lighting == null) {
      return null;
    }

    return LightingLut.mat(
        LightingLut.table(
            lighting.brightnessPercent(),
            lighting.contrastPercent(),
            lighting.colorTemperatureK()));
  }

  private Mat otherBuffer(Mat current) {
    return current == bufferA ? bufferB : bufferA;
  }

  private void readPixels(Mat frame) {
    if (frame.isContinuous()) {
      frame.data().get(pixels);
    } else {
      frame.copyTo(bufferA);
      bufferAData.get(pixels);
    }
  }

  private void writePixels(Mat dst) {
    if (dst.isContinuous()) {
      dst.data().put(pixels);
    } else {
      bufferAData.put(pixels);
      bufferA.copyTo(dst);
    }
  }

  private void requireUsable(Mat src, Mat dst, long frameIndex) {
    if (closed) {
      throw new IllegalStateException(
          "Cannot augment frame " + frameIndex + " of camera " + cameraKey + ": augmenter closed");
    }

    if (src.type() != CV_8UC3 || src.cols() != size.width() || src.rows() != size.height()) {
      throw new IllegalArgumentException(
          "Invalid frame "
              + frameIndex
              + " of camera "
              + cameraKey
              + ": "
              + src.cols()
              + "x"
              + src.rows()
              + " type "
              + src.type()
              + ", expected "
              + size
              + " CV_8UC3");
    }

    if (src == dst || (!dst.empty() && dst.data().address() == src.data().address())) {
      throw new IllegalArgumentException(
          "Invalid frame " + frameIndex + " of camera " + cameraKey + ": dst is src");
    }
  }
}
