package dev.robotaug.augment;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The fused lighting lookup table: colour temperature, brightness and contrast folded into one
 * 256-entry table per channel. For channel c and input value v (0..255):
 *
 * <pre>
 * x1  = 255 * enc(clamp01(g_c(T) * dec(v / 255)))   colour temperature, in linear light
 * x2  = x1 * (1 + b / 100)                          brightness: percent gain
 * x3  = 128 + (1 + c / 100) * (x2 - 128)            contrast: percent about mid-grey
 * out = clamp(floor(x3 + 0.5), 0, 255)
 * </pre>
 *
 * where {@code dec}/{@code enc} are the sRGB transfer curves and {@code g(T)} are the linear-light
 * gains of a Planckian light source of {@code T} kelvin seen by a camera white-balanced for 6500 K
 * (6500 K is exactly neutral, lower is warmer, higher is bluer), normalised to keep the luminance
 * of grey. Everything is computed with {@link StrictMath}, so the table is identical on every JVM.
 */
public final class LightingLut {
  /** The colour temperature that leaves colours unchanged. */
  public static final double NEUTRAL_KELVIN = 6500;

  private static final double[][] XYZ_TO_LINEAR_SRGB = {
    {3.2404542, -1.5371385, -0.4985314},
    {-0.9692660, 1.8760108, 0.0415560},
    {0.0556434, -0.2040259, 1.0572252}
  };

  private LightingLut() {}

  /**
   * The table as {@code int[3][256]}: {@code table[channel][v]} with channel 0 = red, 1 = green, 2
   * = blue.
   *
   * @param brightnessPercent gain in percent, {@code v * (1 + b/100)}
   * @param contrastPercent contrast in percent about 128, {@code 128 + (1 + c/100) * (v - 128)}
   * @param kelvin colour temperature of the simulated light source
   */
  public static int[][] table(double brightnessPercent, double contrastPercent, double kelvin) {
    double[] gains = gains(kelvin);
    double brightness = 1 + brightnessPercent / 100;
    double contrast = 1 + contrastPercent / 100;

    int[][] table = new int[3][256];
    for (int channel = 0; channel < 3; channel++) {
      for (int v = 0; v < 256; v++) {
        double linear = clamp01(gains[channel] * decode(v / 255.0));
        double x1 = 255 * encode(linear);
        double x2 = x1 * brightness;
        double x3 = 128 + contrast * (x2 - 128);
        table[channel][v] = clampByte(StrictMath.floor(x3 + 0.5));
      }
    }
    return table;
  }

  /**
   * The table as a 1x256 {@code CV_8UC3} Mat for {@code cv::LUT} on RGB frames. The caller owns and
   * closes it.
   */
  public static Mat mat(int[][] table) {
    byte[] interleaved = new byte[256 * 3];
    for (int v = 0; v < 256; v++) {
      for (int channel = 0; channel < 3; channel++) {
        interleaved[v * 3 + channel] = (byte) table[channel][v];
      }
    }

    Mat lut = new Mat(1, 256, CV_8UC3);
    lut.data().put(interleaved);
    return lut;
  }

  /**
   * The linear-light gains (R, G, B) of a light source of {@code kelvin}: Planckian chromaticity
   * from the Kim et al. cubic spline, converted to linear sRGB, divided by the same vector at 6500
   * K and by its luma ({@code 0.2126 R + 0.7152 G + 0.0722 B}).
   */
  public static double[] gains(double kelvin) {
    if (!(kelvin >= 1667 && kelvin <= 25000)) {
      throw new IllegalArgumentException(
          "Invalid colour temperature: " + kelvin + " K, the Planckian spline covers 1667..25000");
    }

    double[] rgb = planckianLinearRgb(kelvin);
    double[] neutral = planckianLinearRgb(NEUTRAL_KELVIN);
    double[] gains = new double[3];
    for (int channel = 0; channel < 3; channel++) {
      gains[channel] = rgb[channel] / neutral[channel];
    }

    double luma = 0.2126 * gains[0] + 0.7152 * gains[1] + 0.0722 * gains[2];
    for (int channel = 0; channel < 3; channel++) {
      gains[channel] /= luma;
    }
    return gains;
  }

  /** The sRGB decoding curve: encoded value in [0,1] to linear light. */
  static double decode(double s) {
    return s <= 0.04045 ? s / 12.92 : StrictMath.pow((s + 0.055) / 1.055, 2.4);
  }

  /** The sRGB encoding curve: linear light in [0,1] to encoded value. */
  static double encode(double linear) {
    return linear <= 0.0031308 ? linear * 12.92 : 1.055 * StrictMath.pow(linear, 1 / 2.4) - 0.055;
  }

  private static double[] planckianLinearRgb(double kelvin) {
    double t = 1000 / kelvin;
    double x =
        kelvin < 4000
            ? -0.2661239 * t * t * t - 0.2343589 * t * t + 0.8776956 * t + 0.179910
            : -3.0258469 * t * t * t + 2.1070379 * t * t + 0.2226347 * t + 0.240390;

    double y;
    if (kelvin < 2222) {
      y = -1.1063814 * x * x * x - 1.34811020 * x * x + 2.18555832 * x - 0.20219683;
    } else if (kelvin < 4000) {
      y = -0.9549476 * x * x * x - 1.37418593 * x * x + 2.09137015 * x - 0.16748867;
    } else {
      y = 3.0817580 * x * x * x - 5.87338670 * x * x + 3.75112997 * x - 0.37001483;
    }

    double[] xyz = {x / y, 1, (1 - x - y) / y};
    double[] rgb = new double[3];
    for (int row = 0; row < 3; row++) {
      double[] m = XYZ_TO_LINEAR_SRGB[row];
      rgb[row] = m[0] * xyz[0] + m[1] * xyz[1] + m[2] * xyz[2];
    }
    return rgb;
  }

  private static double clamp01(double value) {
    return value < 0 ? 0 : Math.min(value, 1);
  }

  private static int clampByte(double value) {
    return value < 0 ? 0 : (int) Math.min(value, 255);
  }
}
