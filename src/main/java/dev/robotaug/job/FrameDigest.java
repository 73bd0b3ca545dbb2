package dev.robotaug.job;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A fingerprint of a camera's frames before encoding, recorded in {@code meta/augmentation.json} so
 * that anyone can re-apply the recorded parameters to the source frames and check the result:
 * SHA-256 over the big-endian CRC-32C of each frame's packed RGB24 bytes, in frame order. CRC-32C
 * runs at memory speed; the SHA-256 over 4 bytes a frame costs nothing.
 */
final class FrameDigest {
  private final MessageDigest sha256;
  private final CRC32C crc = new CRC32C();
  private final ByteBuffer value = ByteBuffer.allocate(Integer.BYTES);
  private long frames;
  // The view of the last frame's pixels: callers reuse one Mat per copy, so it is made once.
  private long viewAddress;
  private ByteBuffer view;

  FrameDigest() {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot digest frames: the JVM has no SHA-256", e);
    }
  }

  /** Adds one continuous RGB24 frame. */
  void add(Mat frame) {
    long bytes = (long) frame.rows() * frame.cols() * frame.channels();
    if (!frame.isContinuous()) {
      throw new IllegalArgumentException("Cannot digest frame: it is not continuous");
    }

    crc.reset();
    crc.update(pixels(frame, bytes));
    value.clear();
    value.putInt((int) crc.getValue());
    sha256.update(value.array());
    frames++;
  }

  private ByteBuffer pixels(Mat frame, long bytes) {
    BytePointer data = frame.data();
    if (view == null || data.address() != viewAddress || view.capacity() != bytes) {
      view = new BytePointer(data).capacity(bytes).asByteBuffer();
      viewAddress = data.address();
    }
    return view.clear();
  }

  long frames() {
    return frames;
  }

  String hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }
}
