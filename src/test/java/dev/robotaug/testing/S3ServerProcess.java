package dev.robotaug.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The S3-compatible test server of {@code tools/s3-server} (s3proxy over a folder) as its own JVM
 * on a free loopback port, so none of its jars reach this project's classpath. Builds that module
 * first if {@code .ci/run} has not. Ends with {@link #close()} or, failing that, when this JVM ends
 * (its standard input closes).
 */
public final class S3ServerProcess implements AutoCloseable {
  public static final String BUCKET = "robotaug";
  public static final String ACCESS_KEY = "robotaug";
  public static final String SECRET_KEY = "robotaug-secret";
  private static final Path MODULE = Path.of("tools", "s3-server");

  private final Process process;
  private final String endpoint;

  private S3ServerProcess(Process process, String endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /**
   * Starts the server on a free port with an empty bucket {@value #BUCKET}, data in {@code dir}.
   */
  public static S3ServerProcess start(Path dir) {
    String classpath = classpath();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(classpath);
    command.add("dev.robotaug.tools.S3Server");
    command.addAll(List.of("--dir", dir.toString(), "--bucket", BUCKET, "--port", "0"));
    command.addAll(List.of("--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY));
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("S3_ENDPOINT=")) {
          return new S3ServerProcess(process, line.substring("S3_ENDPOINT=".length()));
        }
      }

      throw new IllegalStateException(
          "The S3 test server exited before serving: " + process.waitFor());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the S3 test server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String endpoint() {
    return endpoint;
  }

  /** The {@code spark.hadoop.fs.s3a.*} settings that reach this server. */
  public Map<String, String> sparkSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    hadoopSettings().forEach((key, value) -> settings.put("spark.hadoop." + key, value));
    return settings;
  }

  /** The {@code fs.s3a.*} settings that reach this server. */
  public Map<String, String> hadoopSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.s3a.endpoint", endpoint);
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    settings.put("fs.s3a.access.key", ACCESS_KEY);
    settings.put("fs.s3a.secret.key", SECRET_KEY);
    settings.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    settings.put("fs.s3a.attempts.maximum", "3");
    settings.put("fs.s3a.retry.limit", "3");
    return settings;
  }

  @Override
  public void close() {
    forgetCachedFileSystem();
    try {
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /**
   * Closes the bucket's S3A file system in Hadoop's cache: it is keyed by bucket, not endpoint, so
   * a later server in the same JVM would otherwise be reached through this one's closed port.
   */
  private void forgetCachedFileSystem() {
    Configuration conf = new Configuration();
    hadoopSettings().forEach(conf::set);
    try {
      FileSystem.get(URI.create("s3a://" + BUCKET + "/"), conf).close();
    } catch (IOException e) {
      System.err.println("[S3ServerProcess] cannot close the cached s3a file system: " + e);
    }
  }

  /** {@code target/classes} and the dependency list of the tool module, building it if needed. */
  private static String classpath() {
    Path classes = MODULE.resolve("target/classes");
    Path list = MODULE.resolve("target/classpath.txt");
    if (!Files.exists(list)
        || !Files.exists(classes.resolve("dev/robotaug/tools/S3Server.class"))) {
      build();
    }

    try {
      return classes.toAbsolutePath() + java.io.File.pathSeparator + Files.readString(list).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + list, e);
    }
  }

  private static void build() {
    try {
      Process maven =
          new ProcessBuilder(
                  "mvn", "-B", "-q", "-f", MODULE.resolve("pom.xml").toString(), "compile")
              .inheritIO()
              .start();
      if (!maven.waitFor(10, TimeUnit.MINUTES) || maven.exitValue() != 0) {
        throw new IllegalStateException("Cannot build " + MODULE + " (mvn compile failed)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot build " + MODULE + ": is mvn on PATH?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
