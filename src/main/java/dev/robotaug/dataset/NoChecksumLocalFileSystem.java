package dev.robotaug.dataset;

import org.apache.hadoop.fs.LocalFileSystem;

/**
 * Local files without {@code .crc} side files. It has to be a {@link LocalFileSystem} (not the raw
 * one underneath) because Hadoop code such as s3a's disk buffering asks for the local file system
 * and casts it to that class.
 */
public final class NoChecksumLocalFileSystem extends LocalFileSystem {
  public NoChecksumLocalFileSystem() {
    setWriteChecksum(false);
    setVerifyChecksum(false);
  }
}
