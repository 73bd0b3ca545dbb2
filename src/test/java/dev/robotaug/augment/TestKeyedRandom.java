package dev.robotaug.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.robotaug.spec.TransformFamily;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestKeyedRandom {

  @Test
  void slotIsTheMatchingNextLongOfSplittableRandom() {
    for (long key : List.of(0L, -1L, 42L, 0x0123456789ABCDEFL, Long.MIN_VALUE)) {
      SplittableRandom reference = new SplittableRandom(key);
      KeyedRandom keyed = KeyedRandom.ofKey(key);

      for (int slot = 0; slot < 200; slot++) {
        assertThat(keyed.word(slot))
            .as("key %x slot %d", key, slot)
            .isEqualTo(reference.nextLong());
      }
    }
  }

  @Test
  void unitIsTheMatchingNextDoubleOfSplittableRandom() {
    SplittableRandom reference = new SplittableRandom(7);
    KeyedRandom keyed = KeyedRandom.ofKey(7);

    for (int slot = 0; slot < 200; slot++) {
      assertThat(keyed.unit(slot)).isEqualTo(reference.nextDouble());
    }
  }

  @Test
  void splitMixOfZeroMatchesThePublishedFirstOutput() {
    assertThat(KeyedRandom.ofKey(0).word(0)).isEqualTo(0xE220A8397B1DCDAFL);
  }

  @Test
  void integerCoversItsInclusiveRangeUniformly() {
    KeyedRandom random = KeyedRandom.ofKey(99);
    int[] counts = new int[7];

    for (int slot = 0; slot < 70_000; slot++) {
      int value = random.integer(slot, 3, 9);
      assertThat(value).isBetween(3, 9);
      counts[value - 3]++;
    }

    for (int count : counts) {
      assertThat(count).isBetween(9_500, 10_500);
    }
  }

  @Test
  void uniformStaysWithinItsRange() {
    KeyedRandom random = KeyedRandom.ofKey(5);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;

    for (int slot = 0; slot < 10_000; slot++) {
      double value = random.uniform(slot, -15, 15);
      min = Math.min(min, value);
      max = Math.max(max, value);
    }

    assertThat(min).isBetween(-15.0, -14.9);
    assertThat(max).isBetween(14.9, 15.0).isLessThan(15.0);
  }

  @Test
  void keyFoldsTheCoordinatesInTheDocumentedOrder() {
    long cam = KeyedRandom.cam64("observation.images.front");
    long expected =
        KeyedRandom.mix64(
            KeyedRandom.mix64(
                    KeyedRandom.mix64(KeyedRandom.mix64(1234L ^ 4) ^ 17L) ^ ((3L << 32) + 2))
                ^ cam);

    long key = KeyedRandom.key(1234L, KeyedRandom.BLUR, 17L, 3, 2, cam);

    assertThat(key).isEqualTo(expected);
    assertThat(KeyedRandom.of(1234L, KeyedRandom.BLUR, 17L, 3, 2, "observation.images.front").key())
        .isEqualTo(expected);
  }

  @Test
  void keysDifferByEveryCoordinate() {
    String front = "observation.images.front";
    List<Long> keys =
        List.of(
            KeyedRandom.of(1, KeyedRandom.NOISE_PARAMS, 5, 0, 1, front).key(),
            KeyedRandom.of(2, KeyedRandom.NOISE_PARAMS, 5, 0, 1, front).key(),
            KeyedRandom.of(1, KeyedRandom.BLUR, 5, 0, 1, front).key(),
            KeyedRandom.of(1, KeyedRandom.NOISE_PARAMS, 6, 0, 1, front).key(),
            KeyedRandom.of(1, KeyedRandom.NOISE_PARAMS, 5, 4, 1, front).key(),
            KeyedRandom.of(1, KeyedRandom.NOISE_PARAMS, 5, 0, 2, front).key(),
            KeyedRandom.of(1, KeyedRandom.NOISE_PARAMS, 5, 0, 1, "observation.images.wrist").key(),
            KeyedRandom.of(1, KeyedRandom.NOISE_PARAMS, 5, 0, 1, null).key());

    assertThat(new HashSet<>(keys)).hasSize(keys.size());
  }

  @Test
  void sharedStreamsUseCameraHashZero() {
    assertThat(KeyedRandom.cam64(null)).isZero();
    assertThat(KeyedRandom.of(9, KeyedRandom.LIGHTING, 3, 0, 1, null).key())
        .isEqualTo(KeyedRandom.key(9, KeyedRandom.LIGHTING, 3, 0, 1, 0L));
  }

  @Test
  void cameraHashIsFnv1a64OfUtf8() {
    assertThat(KeyedRandom.cam64("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(KeyedRandom.cam64("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(KeyedRandom.cam64("foobar")).isEqualTo(0x85944171f73967e8L);
    assertThat(KeyedRandom.cam64("é")).isNotEqualTo(KeyedRandom.cam64("e"));
  }

  @Test
  void familyFieldIsZeroWhenStackedAndOrdinalPlusOneOtherwise() {
    assertThat(KeyedRandom.familyField(null)).isZero();
    assertThat(KeyedRandom.familyField(TransformFamily.OCCLUSION)).isEqualTo(1);
    assertThat(KeyedRandom.familyField(TransformFamily.NOISE)).isEqualTo(4);
  }

  @Test
  void hexRoundTripsEveryKey() {
    for (long key : List.of(0L, -1L, 0x0123456789ABCDEFL, Long.MIN_VALUE)) {
      String hex = KeyedRandom.hex(key);

      assertThat(hex).hasSize(16).matches("[0-9a-f]{16}");
      assertThat(KeyedRandom.parseHex(hex)).isEqualTo(key);
    }

    assertThatThrownBy(() -> KeyedRandom.parseHex("xyz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid random key: 'xyz'");
  }

  @Test
  void inverseNormalTableMatchesScipyNdtri() {
    assertThat(InverseNormalTable.value(0)).isCloseTo(-4.324919040826045, within(1e-8));
    assertThat(InverseNormalTable.value(1)).isCloseTo(-4.076206516032618, within(1e-8));
    assertThat(InverseNormalTable.value(100)).isCloseTo(-2.96094002203008, within(1e-8));
    assertThat(InverseNormalTable.value(1000)).isCloseTo(-2.1631084815747497, within(1e-8));
    assertThat(InverseNormalTable.value(16384)).isCloseTo(-0.6744657417152347, within(1e-8));
    assertThat(InverseNormalTable.value(32767)).isCloseTo(-1.9124056051512087e-05, within(1e-12));
    assertThat(InverseNormalTable.value(50000)).isCloseTo(0.7158146018010666, within(1e-8));
    assertThat(InverseNormalTable.value(65535)).isCloseTo(4.324919040826045, within(1e-8));
  }

  @Test
  void inverseNormalTableIsAntisymmetricWithUnitVariance() {
    double[] table = InverseNormalTable.values();
    double sumOfSquares = 0;

    for (int i = 0; i < table.length; i++) {
      assertThat(table[i]).isEqualTo(-table[table.length - 1 - i]);
      sumOfSquares += table[i] * table[i];
    }

    assertThat(table).hasSize(65_536);
    assertThat(sumOfSquares / table.length).isCloseTo(1.0, within(1e-4));
    assertThat(sumOfSquares / table.length).isCloseTo(0.9999797, within(1e-6));
  }

  @Test
  void inverseNormalTableChecksumIsPinned() {
    long checksum = 0xcbf29ce484222325L;
    for (double value : InverseNormalTable.values()) {
      checksum = (checksum ^ Double.doubleToRawLongBits(value)) * 0x100000001b3L;
    }

    assertThat(KeyedRandom.hex(checksum)).isEqualTo("81ae77c8a6c7904f");
  }
}
