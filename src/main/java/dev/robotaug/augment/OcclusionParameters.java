package dev.robotaug.augment;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.robotaug.spec.OcclusionType;
import java.util.List;

/**
 * The occluding patches of one camera of one copy, fixed for the whole episode and painted in list
 * order (later patches cover earlier ones).
 *
 * @param frameSize the frame size the patch geometry was drawn for
 * @param patches the patches, each fully inside the frame
 * @param key the hex key of the stream the patches were drawn from
 */
public record OcclusionParameters(
    @JsonProperty("frame_size") FrameSize frameSize,
    @JsonProperty("patches") List<Patch> patches,
    @JsonProperty("key") String key) {

  public OcclusionParameters {
    if (frameSize == null || patches == null || patches.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid occlusion: frame size " + frameSize + ", patches " + patches);
    }

    for (Patch patch : patches) {
      if (patch.x() + patch.w() > frameSize.width() || patch.y() + patch.h() > frameSize.height()) {
        throw new IllegalArgumentException(
            "Invalid occlusion patch: " + patch + " does not fit a " + frameSize + " frame");
      }
    }

    patches = List.copyOf(patches);
  }

  /**
   * One patch: the rectangle {@code [x, x+w) x [y, y+h)} filled with colour {@code (r, g, b)}.
   *
   * @param type {@code rectangle} (opaque, alpha 1) or {@code overlay} (translucent: {@code out =
   *     rnd((1 - alpha) * v + alpha * c)} per channel)
   * @param alpha opacity; 1 for rectangles, in [0.3, 0.7) for overlays
   */
  public record Patch(
      @JsonProperty("type") OcclusionType type,
      @JsonProperty("x") int x,
      @JsonProperty("y") int y,
      @JsonProperty("width") int w,
      @JsonProperty("height") int h,
      @JsonProperty("r") int r,
      @JsonProperty("g") int g,
      @JsonProperty("b") int b,
      @JsonProperty("alpha") double alpha) {

    public Patch {
      if (type == null || type == OcclusionType.MIXED) {
        throw new IllegalArgumentException("Invalid occlusion patch type: " + type);
      }

      if (x < 0 || y < 0 || w < 1 || h < 1) {
        throw new IllegalArgumentException(
            "Invalid occlusion patch: x " + x + ", y " + y + ", w " + w + ", h " + h);
      }

      if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255 || !(alpha >= 0 && alpha <= 1)) {
        throw new IllegalArgumentException(
            "Invalid occlusion patch colour: (" + r + ", " + g + ", " + b + ") alpha " + alpha);
      }

      if (type == OcclusionType.RECTANGLE && alpha != 1) {
        throw new IllegalArgumentException("Invalid rectangle patch: alpha " + alpha + " is not 1");
      }
    }
  }
}
