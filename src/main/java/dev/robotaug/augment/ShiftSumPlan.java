package dev.robotaug.augment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How to sum n shifted copies of an image with fewer than n - 1 additions, by sharing common pairs:
 * if many taps {@code a} have a partner {@code a + d}, the image {@code I(w) + I(w + d)} is built
 * once and then stands for every such pair (greedy common-subexpression elimination, as in
 * multiplierless FIR filter design). Repeating this on the new images builds power-of-two boxes
 * along a line, so a 31-tap line costs 7 to 14 additions instead of 30.
 *
 * <p>Coordinates: output pixel {@code z} reads the base image at {@code z + tap}. Image 0 is the
 * base; image {@code i ≥ 1} is {@code parent(w) + parent(w + d)} of an earlier image. Every
 * decision is made in a fixed order, so the plan (and the exact integer sum it computes) depends
 * only on the taps.
 */
final class ShiftSumPlan {
  private static final int BIAS = 1 << 20;

  /** Image {@code i ≥ 1}: {@code built.get(i - 1) = {parent, dx, dy}}. */
  private final List<int[]> built;

  /** The terms summed into the output: {@code {image, x, y}}. */
  private final List<int[]> terms;

  private ShiftSumPlan(List<int[]> built, List<int[]> terms) {
    this.built = List.copyOf(built);
    this.terms = List.copyOf(terms);
  }

  /** Plans the sum over the given distinct taps {@code {dx, dy}}. */
  static ShiftSumPlan of(List<int[]> taps) {
    List<int[]> built = new ArrayList<>();
    List<int[]> terms = new ArrayList<>();
    for (int[] tap : taps) {
      terms.add(new int[] {0, tap[0], tap[1]});
    }

    while (true) {
      Pairing best = bestPairing(terms);
      if (best == null) {
        return new ShiftSumPlan(built, terms);
      }

      built.add(new int[] {best.image(), best.dx(), best.dy()});
      int newImage = built.size();
      List<int[]> next = new ArrayList<>();
      TreeSet<Long> paired = new TreeSet<>();
      for (long first : best.firsts()) {
        paired.add(first);
        paired.add(key(x(first) + best.dx(), y(first) + best.dy()));
      }

      for (int[] term : terms) {
        if (term[0] != best.image() || !paired.contains(key(term[1], term[2]))) {
          next.add(term);
        }
      }
      for (long first : best.firsts()) {
        next.add(new int[] {newImage, x(first), y(first)});
      }
      terms = next;
    }
  }

  /** Number of images built besides the base. */
  int images() {
    return built.size();
  }

  /** {@code {parent, dx, dy}} of image {@code image ≥ 1}. */
  int[] recipe(int image) {
    return built.get(image - 1).clone();
  }

  /** The terms {@code {image, x, y}} whose sum is the output. */
  List<int[]> terms() {
    return terms.stream().map(int[]::clone).toList();
  }

  /** Additions per frame: one per built image plus one per term beyond the first. */
  int additions() {
    return built.size() + terms.size() - 1;
  }

  /**
   * The rectangle {@code {x, y, w, h}} of coordinates over which each image must be computed for an
   * output of {@code width x height}; index 0 is the base.
   */
  int[][] regions(int width, int height) {
    int[][] regions = new int[built.size() + 1][];
    for (int[] term : terms) {
      regions[term[0]] = union(regions[term[0]], new int[] {term[1], term[2], width, height});
    }

    for (int image = built.size(); image >= 1; image--) {
      int[] recipe = built.get(image - 1);
      int[] need = regions[image];
      int[] shifted = {need[0] + recipe[1], need[1] + recipe[2], need[2], need[3]};
      regions[recipe[0]] = union(union(regions[recipe[0]], need), shifted);
    }
    return regions;
  }

  private static int[] union(int[] a, int[] b) {
    if (a == null) {
      return b.clone();
    }

    int x = Math.min(a[0], b[0]);
    int y = Math.min(a[1], b[1]);
    int right = Math.max(a[0] + a[2], b[0] + b[2]);
    int bottom = Math.max(a[1] + a[3], b[1] + b[3]);
    return new int[] {x, y, right - x, bottom - y};
  }

  /** The (image, d) whose disjoint pairs {@code (a, a + d)} are most numerous; null below 2. */
  private static Pairing bestPairing(List<int[]> terms) {
    Map<Integer, TreeSet<Long>> offsetsByImage = new TreeMap<>();
    for (int[] term : terms) {
      offsetsByImage.computeIfAbsent(term[0], i -> new TreeSet<>()).add(key(term[1], term[2]));
    }

    Pairing best = null;
    for (Map.Entry<Integer, TreeSet<Long>> entry : offsetsByImage.entrySet()) {
      TreeSet<Long> offsets = entry.getValue();
      for (long difference : candidateDifferences(offsets)) {
        Pairing pairing = pair(entry.getKey(), offsets, x(difference), y(difference));
        if (pairing.firsts().size() >= 2
            && (best == null || pairing.firsts().size() > best.firsts().size())) {
          best = pairing;
        }
      }
    }
    return best;
  }

  /** Differences between offsets, most frequent first (ties by value), at most 16. */
  private static List<Long> candidateDifferences(TreeSet<Long> offsets) {
    Map<Long, Integer> counts = new HashMap<>();
    List<Long> sorted = new ArrayList<>(offsets);
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        long a = sorted.get(i);
        long b = sorted.get(j);
        counts.merge(key(x(b) - x(a), y(b) - y(a)), 1, Integer::sum);
      }
    }

    return counts.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<Long, Integer>>comparingInt(e -> -e.getValue())
                .thenComparing(Map.Entry::getKey))
        .limit(16)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static Pairing pair(int image, TreeSet<Long> offsets, int dx, int dy) {
    TreeSet<Long> used = new TreeSet<>();
    List<Long> firsts = new ArrayList<>();
    for (long a : offsets) {
      long b = key(x(a) + dx, y(a) + dy);
      if (!used.contains(a) && offsets.contains(b) && !used.contains(b)) {
        used.add(a);
        used.add(b);
        firsts.add(a);
      }
    }
    return new Pairing(image, dx, dy, firsts);
  }

  /** Offsets (|x|, |y| < 2^20) packed into a long that sorts by x, then y. */
  private static long key(int x, int y) {
    return ((long) (x + BIAS) << 21) | (y + BIAS);
  }

  private static int x(long key) {
    return (int) (key >> 21) - BIAS;
  }

  private static int y(long key) {
    return (int) (key & 0x1F_FFFFL) - BIAS;
  }

  private record Pairing(int image, int dx, int dy, List<Long> firsts) {}
}
