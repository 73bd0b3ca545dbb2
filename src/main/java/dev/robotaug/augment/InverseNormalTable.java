package dev.robotaug.augment;

/**
 * The 65 536-entry inverse-normal table behind all per-frame noise: {@code Q[i] = Φ⁻¹((i + 0.5) /
 * 65536)}. A 16-bit slice of a keyed random word picks an entry, which turns integer randomness
 * into a standard normal sample that is bit-identical on every CPU and JVM.
 *
 * <p>Entries come from Acklam's rational approximation (relative error below 1.2e-9) evaluated with
 * {@link StrictMath}; the table is exactly antisymmetric ({@code Q[i] = -Q[65535 - i]}), its
 * variance is 0.99998 and its tails end at ±4.33.
 */
public final class InverseNormalTable {
  /** Number of entries, one per 16-bit index. */
  public static final int SIZE = 1 << 16;

  private static final double[] A = {
    -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
  };
  private static final double[] B = {
    -5.447609879822406e+01,
    1.615858368580409e+02,
    -1.556989798598866e+02,
    6.680131188771972e+01,
    -1.328068155288572e+01
  };
  private static final double[] C = {
    -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
  };
  private static final double[] D = {
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
  };
  private static final double P_LOW = 0.02425;

  private static final double[] TABLE = build();

  private InverseNormalTable() {}

  /** Entry {@code index} (0..65535). */
  public static double value(int index) {
    return TABLE[index];
  }

  /** A copy of the whole table. */
  public static double[] values() {
    return TABLE.clone();
  }

  /** The shared table itself, for the noise loops of this package; never modified. */
  static double[] shared() {
    return TABLE;
  }

  /** Φ⁻¹(p) for 0 &lt; p &lt; 1 by Acklam's approximation, with StrictMath throughout. */
  public static double inverseNormal(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("Invalid probability: " + p);
    }

    if (p < P_LOW) {
      return tail(StrictMath.sqrt(-2 * StrictMath.log(p)));
    }

    if (p > 1 - P_LOW) {
      return -tail(StrictMath.sqrt(-2 * StrictMath.log(1 - p)));
    }

    double q = p - 0.5;
    double r = q * q;
    double num = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q;
    double den = ((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1;
    return num / den;
  }

  private static double tail(double q) {
    double num = ((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5];
    double den = (((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1;
    return num / den;
  }

  private static double[] build() {
    double[] table = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      table[i] = inverseNormal((i + 0.5) / SIZE);
    }
    return table;
  }
}
