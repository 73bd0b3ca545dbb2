package dev.robotaug.tools;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server for tests: s3proxy over a folder, on loopback. Arguments: {@code --dir
 * <folder> [--bucket <name>]... [--port <n, 0 = free>] [--access-key k] [--secret-key s]}. Prints
 * {@code S3_ENDPOINT=http://127.0.0.1:<port>} once it serves, then runs until its standard input
 * closes (so it ends with the process that started it) or it is killed.
 */
public final class S3Server {
  private S3Server() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int port = 0;
    String accessKey = "robotaug";
    String secretKey = "robotaug-secret";
    java.util.List<String> buckets = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--bucket" -> buckets.add(args[i + 1]);
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--access-key" -> accessKey = args[i + 1];
        case "--secret-key" -> secretKey = args[i + 1];
        default -> throw new IllegalArgumentException("Invalid argument: " + args[i]);
      }
    }

    if (dir == null) {
      throw new IllegalArgumentException("Invalid arguments: --dir <folder> is required");
    }

    Files.createDirectories(dir);
    FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(dir.toString());
    for (String bucket : buckets) {
      if (!store.containerExists(bucket)) {
        store.createContainer(bucket);
      }
    }

    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    long deadline = System.currentTimeMillis() + 30_000;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }

      Thread.sleep(20);
    }

    System.out.println("S3_ENDPOINT=http://127.0.0.1:" + proxy.getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // Runs until the parent closes our standard input.
    }

    proxy.stop();
    System.exit(0);
  }
}
