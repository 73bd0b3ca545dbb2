package dev.robotaug.augment;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The taps of a motion-blur line: for {@code r = (K-1)/2} and each integer {@code p} in {@code [-r,
 * r]} the offset {@code (rint(cos θ · p), rint(sin θ · p))} (x to the right, y down, {@code rint}
 * rounding half to even, StrictMath trigonometry), duplicates removed. Every tap weighs {@code
 * 1/n}. The line is symmetric about the centre, so the blur never shifts the image.
 */
final class MotionKernel {
  private final int[] dx;
  private final int[] dy;
  private final int radius;

  private MotionKernel(int[] dx, int[] dy) {
    this.dx = dx;
    this.dy = dy;
    int max = 0;
    for (int i = 0; i < dx.length; i++) {
      max = Math.max(max, Math.max(Math.abs(dx[i]), Math.abs(dy[i])));
    }
    this.radius = max;
  }

  /** The line of odd length {@code kernel} at {@code angleDegrees}. */
  static MotionKernel of(int kernel, double angleDegrees) {
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("Invalid motion blur kernel: " + kernel);
    }

    double theta = angleDegrees / 180 * StrictMath.PI;
    double cos = StrictMath.cos(theta);
    double sin = StrictMath.sin(theta);
    int r = (kernel - 1) / 2;
    Set<Long> taps = new LinkedHashSet<>();
    for (int p = -r; p <= r; p++) {
      int x = (int) Math.rint(cos * p);
      int y = (int) Math.rint(sin * p);
      taps.add(((long) x << 32) | (y & 0xFFFFFFFFL));
    }

    int[] dx = new int[taps.size()];
    int[] dy = new int[taps.size()];
    int i = 0;
    for (long tap : taps) {
      dx[i] = (int) (tap >> 32);
      dy[i] = (int) tap;
      i++;
    }
    return new MotionKernel(dx, dy);
  }

  /** Number of distinct taps n. */
  int size() {
    return dx.length;
  }

  /** Largest |dx| or |dy| of any tap: the border the blur reads beyond the frame. */
  int radius() {
    return radius;
  }

  int dx(int tap) {
    return dx[tap];
  }

  int dy(int tap) {
    return dy[tap];
  }

  /** The kernel as a dense {@code (2·radius+1)²} matrix of weights {@code 1/n}, row-major. */
  float[] dense() {
    int side = 2 * radius + 1;
    float[] weights = new float[side * side];
    for (int i = 0; i < dx.length; i++) {
      weights[(dy[i] + radius) * side + dx[i] + radius] = 1f / dx.length;
    }
    return weights;
  }

  @Override
  public String toString() {
    return "MotionKernel[n="
        + dx.length
        + ", dx="
        + Arrays.toString(dx)
        + ", dy="
        + Arrays.toString(dy)
        + "]";
  }
}
