package dev.robotaug.sample;

/**
 * A procedural tabletop scene: a wood-like table, a two-link arm driven by the episode's joint
 * trajectory and a shaded ball. Pure functions of (seed, episode, camera, frame), so the same
 * arguments always give the same pixels.
 */
final class Scene {
  private Scene() {}

  /** Joint positions in degrees at frame {@code t}: smooth, different per episode. */
  static double[] joints(long seed, int episode, int t, int fps) {
    double time = (double) t / fps;
    double[] joints = new double[6];
    for (int j = 0; j < joints.length; j++) {
      double phase = hash(seed, episode, j) * 2 * Math.PI;
      double speed = 0.4 + 0.3 * hash(seed, episode, j + 10);
      joints[j] = 40 * Math.sin(2 * Math.PI * speed * time + phase) + 5 * j;
    }

    return joints;
  }

  /** Renders one RGB24 frame, rows packed, into {@code rgb}. */
  static void render(
      byte[] rgb, int width, int height, long seed, int episode, int camera, int t, int fps) {
    double[] joints = joints(seed, episode, t, fps);
    double view = 0.35 * camera;
    double baseX = width * (0.5 - 0.15 * camera);
    double baseY = height * 0.9;
    double upper = height * 0.45;
    double lower = height * 0.35;
    double a1 = Math.toRadians(-90 + joints[0] * 0.8) + view;
    double a2 = a1 + Math.toRadians(joints[1] * 1.2);
    double elbowX = baseX + upper * Math.cos(a1);
    double elbowY = baseY + upper * Math.sin(a1);
    double handX = elbowX + lower * Math.cos(a2);
    double handY = elbowY + lower * Math.sin(a2);
    double time = (double) t / fps;
    double ballX = width * (0.5 + 0.3 * Math.sin(time * 1.3 + episode + view));
    double ballY = height * (0.55 + 0.15 * Math.cos(time * 0.9 + 2 * episode));
    double ballR = Math.max(3, Math.min(width, height) * 0.09);
    double hue = hash(seed, episode, 99);
    double thickness = Math.max(2, width * 0.04);

    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double grain = Math.sin(x * 0.21 + 3 * Math.sin(y * 0.05 + view) + camera) * 0.5 + 0.5;
        double light = 0.65 + 0.35 * (1 - (double) y / height) - 0.1 * view;
        double r = (150 + 60 * grain) * light;
        double g = (105 + 40 * grain) * light;
        double b = (70 + 25 * grain) * light;

        double dx = x - ballX;
        double dy = y - ballY;
        double d2 = dx * dx + dy * dy;
        if (d2 < ballR * ballR) {
          double shade = 0.55 + 0.45 * (1 - Math.sqrt(d2) / ballR) + 0.2 * (-dx - dy) / (2 * ballR);
          r = (60 + 190 * hue) * shade;
          g = (200 - 120 * hue) * shade;
          b = 230 * (1 - hue) * shade;
        }

        double arm =
            Math.min(
                distance(x, y, baseX, baseY, elbowX, elbowY),
                distance(x, y, elbowX, elbowY, handX, handY));
        if (arm < thickness) {
          double edge = 0.7 + 0.3 * (1 - arm / thickness);
          r = 215 * edge;
          g = 215 * edge;
          b = 225 * edge;
        }

        int p = (y * width + x) * 3;
        rgb[p] = clamp(r);
        rgb[p + 1] = clamp(g);
        rgb[p + 2] = clamp(b);
      }
    }
  }

  private static double distance(double px, double py, double ax, double ay, double bx, double by) {
    double vx = bx - ax;
    double vy = by - ay;
    double along = ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy);
    along = Math.max(0, Math.min(1, along));
    double cx = ax + along * vx - px;
    double cy = ay + along * vy - py;
    return Math.sqrt(cx * cx + cy * cy);
  }

  private static byte clamp(double value) {
    return (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
  }

  /** A uniform number in [0, 1) from the arguments, via SplitMix64. */
  private static double hash(long seed, int episode, int salt) {
    long z =
        seed * 0x9E3779B97F4A7C15L + episode * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }
}
