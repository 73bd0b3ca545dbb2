package dev.robotaug.api;

import dev.robotaug.spec.JobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default launcher: each job runs in a child JVM with a local Spark master, {@code <java>
 * <Spark JVM flags> <java_options> -D<profile settings> -cp <classpath> <main_class> --spec <uri>
 * --master <master>}. The compute profile's Spark settings travel as {@code -Dspark.*} system
 * properties, which {@code SparkConf} picks up.
 */
final class LocalJobLauncher implements JobLauncher {

  /**
   * Spark 3.5's own Java module options, which any JVM that starts a SparkSession on Java 17 needs;
   * the same list as the {@code spark.jvm.flags} property of {@code pom.xml} (a test compares
   * them).
   */
  static final List<String> SPARK_JVM_FLAGS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false");

  private final ApiConfig config;
  private final JobProcesses processes;

  LocalJobLauncher(ApiConfig config, JobProcesses processes) {
    this.config = config;
    this.processes = processes;
  }

  @Override
  public void launch(JobSpec spec, String specUri) {
    processes.start(spec.jobId(), command(spec, specUri), Map.of(), true);
  }

  @Override
  public boolean reserve() {
    return processes.reserve();
  }

  @Override
  public void release() {
    processes.release();
  }

  @Override
  public void close() {
    processes.close();
  }

  /** The child JVM's command line. */
  List<String> command(JobSpec spec, String specUri) {
    ApiConfig.LocalConfig local = config.launcher().local();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(local.jvmFlags());
    command.addAll(local.javaOptions());
    new TreeMap<>(config.profileSettings(spec.computeProfile()))
        .forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(
        local.classpath() == null ? System.getProperty("java.class.path") : local.classpath());
    command.add(config.launcher().mainClass());
    command.add("--spec");
    command.add(specUri);
    command.add("--master");
    command.add(local.master());
    return command;
  }
}
