package dev.robotaug.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system with permissions set through {@code java.nio} instead of a forked
 * {@code chmod} per file (what {@link RawLocalFileSystem} does without Hadoop's native library),
 * and without {@code .crc} side files. {@link JobStore} uses it for {@code file:} stores, where a
 * submission writes a handful of small files: with the fork each one cost about 15 ms.
 */
public class NioLocalFileSystem extends RawLocalFileSystem {

  @Override
  public void setPermission(Path path, FsPermission permission) throws IOException {
    Set<PosixFilePermission> posix = EnumSet.noneOf(PosixFilePermission.class);
    short bits = permission.toShort();
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((bits & (1 << bit)) != 0) {
        posix.add(order[bit]);
      }
    }

    try {
      Files.setPosixFilePermissions(pathToFile(path).toPath(), posix);
    } catch (UnsupportedOperationException notPosix) {
      super.setPermission(path, permission);
    }
  }
}
