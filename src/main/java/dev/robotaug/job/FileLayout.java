package dev.robotaug.job;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Packs output episodes into LeRobot's numbered files: consecutive episodes share a file until the
 * next one would push it past the size limit, then the next file starts. Numbering follows LeRobot:
 * the file index counts up to {@code chunks_size - 1}, then the chunk index moves on and the file
 * index restarts at 0.
 */
final class FileLayout {
  private FileLayout() {}

  /** A chunk and file number. */
  record FileNumber(long chunk, long file) implements Comparable<FileNumber> {
    FileNumber next(int chunksSize) {
      return file >= chunksSize - 1
          ? new FileNumber(chunk + 1, 0)
          : new FileNumber(chunk, file + 1);
    }

    @Override
    public int compareTo(FileNumber other) {
      return chunk != other.chunk
          ? Long.compare(chunk, other.chunk)
          : Long.compare(file, other.file);
    }
  }

  /** A run of consecutive episodes assigned to one file. */
  record Group<T>(FileNumber number, List<T> episodes) {}

  static <T> List<Group<T>> pack(
      List<T> episodes,
      ToLongFunction<T> bytes,
      long limitBytes,
      FileNumber first,
      int chunksSize) {
    List<Group<T>> groups = new ArrayList<>();
    List<T> current = new ArrayList<>();
    long currentBytes = 0;
    FileNumber number = first;
    for (T episode : episodes) {
      long size = bytes.applyAsLong(episode);
      if (!current.isEmpty() && currentBytes + size > limitBytes) {
        groups.add(new Group<>(number, List.copyOf(current)));
        number = number.next(chunksSize);
        current.clear();
        currentBytes = 0;
      }

      current.add(episode);
      currentBytes += size;
    }

    if (!current.isEmpty()) {
      groups.add(new Group<>(number, List.copyOf(current)));
    }

    return groups;
  }
}
