package dev.robotaug.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Java program of this project run as its own process, the way {@code scripts/} run it: this
 * JVM's classpath, Spark's module flags from {@code conf/jvm.options}, output to a log file.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args}, {@code properties} as {@code -D} flags and {@code
   * env} added to this process's environment, in {@code workDir}.
   */
  public static ChildJvm start(
      String mainClass,
      List<String> args,
      Map<String, String> properties,
      Map<String, String> env,
      Path workDir,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.add("-Xmx2g");
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("SVT_LOG", "1");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      return new ChildJvm(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + mainClass, e);
    }
  }

  /** Spark's module flags, as {@code scripts/lib/java-env.sh} reads them. */
  static List<String> jvmOptions() {
    Path options = Path.of("conf", "jvm.options");
    try {
      return Files.readAllLines(options, StandardCharsets.UTF_8).stream()
          .map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + options.toAbsolutePath(), e);
    }
  }

  /** Waits for the exit code; fails with the log's tail when it takes longer than {@code limit}. */
  public int waitFor(Duration limit) {
    try {
      if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("Child JVM ran past " + limit + "; log tail:\n" + logTail(4000));
      }

      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted", e);
    }
  }

  /** Kills the process at once (SIGKILL): nothing of it runs after this returns. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String logTail(int chars) {
    String text = log();
    return text.length() <= chars ? text : text.substring(text.length() - chars);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
