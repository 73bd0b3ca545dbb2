package dev.robotaug.augment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Width and height in pixels of one camera's frames. */
public record FrameSize(@JsonProperty("width") int width, @JsonProperty("height") int height) {

  public FrameSize {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Invalid frame size: " + width + "x" + height);
    }
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
