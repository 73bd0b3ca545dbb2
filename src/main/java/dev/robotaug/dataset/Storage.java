package dev.robotaug.dataset;

import dev.robotaug.spec.SmallFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * File operations through Hadoop's FileSystem API, so that every URI Hadoop reads ({@code file:},
 * {@code s3a:}, {@code hdfs:}, ...) works the same. Failures become unchecked exceptions that name
 * the path.
 */
public final class Storage {
  private Storage() {}

  /**
   * A Hadoop configuration with the given properties set over the defaults. Local files are written
   * without checksums, so that no {@code .crc} side files end up in a dataset.
   */
  public static Configuration configuration(Map<String, String> properties) {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", NoChecksumLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    properties.forEach(conf::set);
    return conf;
  }

  public static FileSystem fileSystem(Configuration conf, Path path) {
    try {
      return path.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot open file system of " + path + ": " + e.getMessage(), e);
    }
  }

  public static boolean exists(Configuration conf, Path path) {
    try {
      return fileSystem(conf, path).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads a small file whole; see {@link SmallFiles} for reads beside a rewrite. */
  public static String readText(Configuration conf, Path path) {
    try {
      byte[] bytes =
          SmallFiles.read(fileSystem(conf, path), path)
              .orElseThrow(() -> new FileNotFoundException("no such file"));
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes a small text file as UTF-8; see {@link #writeBytes}. */
  public static void writeText(Configuration conf, Path path, String text) {
    writeBytes(conf, path, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a small file so that a reader finds either the old or the new content, never none or
   * part of one (where the store allows: see {@link SmallFiles}).
   */
  public static void writeBytes(Configuration conf, Path path, byte[] bytes) {
    try {
      SmallFiles.write(fileSystem(conf, path), path, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Files (not directories) directly in {@code dir} whose name ends with {@code suffix}, sorted.
   */
  public static List<Path> listFiles(Configuration conf, Path dir, String suffix) {
    try {
      FileSystem fs = fileSystem(conf, dir);
      if (!fs.exists(dir)) {
        return List.of();
      }

      FileStatus[] statuses = fs.listStatus(dir);
      Arrays.sort(statuses);
      List<Path> files = new ArrayList<>();
      for (FileStatus status : statuses) {
        if (status.isFile() && status.getPath().getName().endsWith(suffix)) {
          files.add(status.getPath());
        }
      }

      return List.copyOf(files);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Sub-directories of {@code dir}, sorted by name. */
  public static List<Path> listDirectories(Configuration conf, Path dir) {
    try {
      FileSystem fs = fileSystem(conf, dir);
      if (!fs.exists(dir)) {
        return List.of();
      }

      FileStatus[] statuses = fs.listStatus(dir);
      Arrays.sort(statuses);
      List<Path> dirs = new ArrayList<>();
      for (FileStatus status : statuses) {
        if (status.isDirectory()) {
          dirs.add(status.getPath());
        }
      }

      return List.copyOf(dirs);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Paths, relative to {@code root}, of every visible file under {@code dir}, sorted. */
  public static List<String> listRecursive(Configuration conf, Path dir, String root) {
    try {
      FileSystem fs = fileSystem(conf, dir);
      if (!fs.exists(dir)) {
        return List.of();
      }

      String base = fs.makeQualified(new Path(root)).toUri().getPath();
      List<String> files = new ArrayList<>();
      org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it =
          fs.listFiles(dir, true);
      while (it.hasNext()) {
        Path file = it.next().getPath();
        if (file.getName().startsWith(".") || file.getName().startsWith("_")) {
          continue;
        }

        String path = file.toUri().getPath();
        files.add(path.substring(base.length()).replaceFirst("^/+", ""));
      }

      files.sort(null);
      return List.copyOf(files);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  public static long size(Configuration conf, Path path) {
    try {
      return fileSystem(conf, path).getFileStatus(path).getLen();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stat " + path + ": " + e.getMessage(), e);
    }
  }

  public static void copy(Configuration conf, Path from, Path to) {
    try {
      FileUtil.copy(
          fileSystem(conf, from),
          from,
          fileSystem(conf, to),
          to,
          false /* deleteSource */,
          true,
          conf);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  public static void delete(Configuration conf, Path path) {
    try {
      fileSystem(conf, path).delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  public static void rename(Configuration conf, Path from, Path to) {
    try {
      FileSystem fs = fileSystem(conf, from);
      if (to.getParent() != null) {
        fs.mkdirs(to.getParent());
      }

      if (!fs.rename(from, to)) {
        throw new IOException("the file system refused the rename");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot move " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  /**
   * A local file for {@code path}: the file itself on {@code file:}, else a download into {@code
   * dir}.
   */
  public static java.nio.file.Path localCopy(
      Configuration conf, Path path, java.nio.file.Path dir) {
    FileSystem fs = fileSystem(conf, path);
    if ("file".equals(fs.getUri().getScheme())) {
      return java.nio.file.Path.of(path.toUri().getPath());
    }

    java.nio.file.Path local =
        dir.resolve(Integer.toHexString(path.toString().hashCode()) + "-" + path.getName());
    if (java.nio.file.Files.exists(local)) {
      return local;
    }

    java.nio.file.Path partial = dir.resolve(local.getFileName() + ".partial");
    try (InputStream in = fs.open(path)) {
      java.nio.file.Files.copy(in, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      java.nio.file.Files.move(partial, local, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return local;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot download " + path + ": " + e.getMessage(), e);
    }
  }

  /** Uploads a local file to {@code path}, replacing what is there. */
  public static void upload(Configuration conf, java.nio.file.Path local, Path path) {
    FileSystem fs = fileSystem(conf, path);
    try {
      fs.mkdirs(path.getParent());
      try (OutputStream out = fs.create(path, true)) {
        java.nio.file.Files.copy(local, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot upload " + local + " to " + path + ": " + e.getMessage(), e);
    }
  }
}
