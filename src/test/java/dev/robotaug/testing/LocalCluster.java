package dev.robotaug.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine for tests: one master and {@code n} workers, each its
 * own JVM bound to 127.0.0.1, started from the test classpath's jars (no Spark distribution).
 * Executors are started by the workers as further JVMs, as on a real cluster. Jobs reach it through
 * {@code scripts/spark-submit} as their own driver JVM ({@link #submit}).
 *
 * <p>The cluster's {@code SPARK_HOME} is a folder under {@code dir} whose {@code jars/} links every
 * jar of the test classpath, less those the job jar carries when {@code appJarIsComplete}: so
 * executors find the project's own classes only in the application jar that the driver ships, and
 * with a complete job jar also its libraries. While it runs, a watcher records the process id of
 * every executor JVM the workers start. {@link #close} stops workers, their executors and the
 * master, also when the test JVM exits early.
 */
public final class LocalCluster implements AutoCloseable {
  /** The summary line AugmentEpisodes logs per episode, with the process that did the work. */
  private static final Pattern AUGMENTED =
      Pattern.compile("Augmented episode (\\d+) into .* in process (\\d+)");

  /** What a complete job jar carries itself (see the job-jar profile in pom.xml). */
  private static final List<String> JOB_JAR_LIBRARIES =
      List.of(
          "/org/bytedeco/",
          "/jackson-datatype-jsr310/",
          "/io/javalin/",
          "/org/eclipse/jetty/",
          "/org/jetbrains/");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int port;
  private final int uiPort;
  private Path sparkHome;
  private Process master;
  private final List<Process> workers = new ArrayList<>();
  private final Set<Long> executorsSeen = ConcurrentHashMap.newKeySet();
  private final Thread watcher;
  private final Thread shutdownHook;

  private LocalCluster(Path dir) throws IOException {
    this.dir = dir;
    this.port = freePort();
    this.uiPort = freePort();
    this.watcher = new Thread(this::watchExecutors, "local-cluster-executors");
    this.shutdownHook = new Thread(this::stopProcesses, "local-cluster-shutdown");
  }

  private void boot(int workerCount, boolean appJarIsComplete) throws IOException {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    sparkHome = layOutSparkHome(dir.resolve("spark-home"), appJarIsComplete);
    master =
        daemon(
            "master",
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--webui-port",
            String.valueOf(uiPort));
    awaitMaster();
    for (int n = 1; n <= workerCount; n++) {
      Path work = Files.createDirectories(dir.resolve("work-" + n));
      workers.add(
          daemon(
              "worker-" + n,
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              "127.0.0.1",
              "--cores",
              "1",
              "--memory",
              "2g",
              "--work-dir",
              work.toString(),
              "--webui-port",
              "0",
              masterUrl()));
    }

    watcher.setDaemon(true);
    watcher.start();
    awaitWorkers(workerCount);
  }

  /**
   * Starts a master and {@code workers} workers (1 core, 2 GB each) and returns once every worker
   * registered with the master.
   *
   * @param appJarIsComplete whether the application jar carries the project's libraries (the job
   *     jar); if not, they are on the cluster's classpath and the jar only holds the classes
   */
  public static LocalCluster start(Path dir, int workers, boolean appJarIsComplete) {
    LocalCluster cluster;
    try {
      cluster = new LocalCluster(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the local cluster: " + e.getMessage(), e);
    }

    try {
      cluster.boot(workers, appJarIsComplete);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw new IllegalStateException("Cannot start the local cluster in " + dir + ": " + e, e);
    }
  }

  /** {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  public Path sparkHome() {
    return sparkHome;
  }

  /** Process ids of the workers' JVMs. */
  public List<Long> workerPids() {
    return workers.stream().map(Process::pid).toList();
  }

  /** Process ids of every executor JVM a worker started since the cluster came up. */
  public Set<Long> executorPidsSeen() {
    return Collections.unmodifiableSet(executorsSeen);
  }

  /**
   * Starts {@code scripts/spark-submit <arguments>} against this cluster's {@code SPARK_HOME}: a
   * driver in its own JVM (the script ends by exec'ing it, so the process is the driver).
   */
  public Process submit(List<String> arguments, Path log) {
    List<String> command = new ArrayList<>(List.of("bash", "scripts/spark-submit"));
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    environment(builder.environment());
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start spark-submit: " + e.getMessage(), e);
    }
  }

  /** The stderr files of every executor the workers ran, where executor logging goes. */
  public List<Path> executorLogs() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.getFileName().toString().equals("stderr"))
          .filter(f -> f.getParent().getParent().getFileName().toString().startsWith("app-"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The spark-submit arguments of a job on this cluster, as scripts/submit-job builds them: client
   * mode on loopback, two one-core executors of 1 GB, both registered before the first task, then
   * {@code settings} over those, and {@code executorOptions} after the cluster's JVM options.
   */
  public List<String> jobArguments(
      String mainClass,
      Path appJar,
      Path specFile,
      Map<String, String> settings,
      List<String> executorOptions) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--class",
                mainClass,
                "--master",
                masterUrl(),
                "--deploy-mode",
                "client",
                "--driver-memory",
                "1g"));
    List<String> javaOptions = new ArrayList<>(jvmOptions());
    javaOptions.addAll(executorOptions);
    Map<String, String> all = new TreeMap<>(settings);
    all.put("spark.driver.host", "127.0.0.1");
    all.put("spark.driver.bindAddress", "127.0.0.1");
    all.put("spark.ui.enabled", "false");
    all.put("spark.executor.memory", "1g");
    all.put("spark.executor.cores", "1");
    all.put("spark.cores.max", "2");
    all.put("spark.executor.extraJavaOptions", String.join(" ", javaOptions));
    all.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    all.forEach(
        (key, value) -> {
          arguments.add("--conf");
          arguments.add(key + "=" + value);
        });
    arguments.add(appJar.toString());
    arguments.add("--spec");
    arguments.add(specFile.toUri().toString());
    return arguments;
  }

  /** Source episode to the executor process whose log says it augmented the episode. */
  public Map<Long, Long> augmentingProcesses() {
    Map<Long, Long> processOfEpisode = new TreeMap<>();
    for (Path log : executorLogs()) {
      try {
        for (String line : Files.readAllLines(log)) {
          Matcher matcher = AUGMENTED.matcher(line);
          if (matcher.find()) {
            processOfEpisode.put(
                Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    return processOfEpisode;
  }

  /** A jar of a classes folder: the application jar of a job without its libraries. */
  public static Path jarOf(Path classes, Path jar) {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + jar + ": " + e.getMessage(), e);
    }

    return jar;
  }

  /** The last {@code lines} lines of a log, for assertion messages. */
  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs anyway.
    }
  }

  private static Path layOutSparkHome(Path home, boolean appJarIsComplete) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String normalized = entry.replace('\\', '/');
      boolean jobJarCarriesIt =
          appJarIsComplete && JOB_JAR_LIBRARIES.stream().anyMatch(normalized::contains);
      if (entry.endsWith(".jar") && !jobJarCarriesIt) {
        Path jar = Path.of(entry).toAbsolutePath();
        Path link = jars.resolve(jar.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, jar);
        }
      }
    }

    // The project's logging plus the daemons' registrations, executor launches and exits.
    Path conf = Files.createDirectories(home.resolve("conf"));
    String logging =
        Files.readString(Path.of("src/main/resources/log4j2.properties"))
            + "\nlogger.master.name = org.apache.spark.deploy.master\n"
            + "logger.master.level = info\n"
            + "logger.worker.name = org.apache.spark.deploy.worker\n"
            + "logger.worker.level = info\n";
    Files.writeString(conf.resolve("log4j2.properties"), logging);
    return home;
  }

  private void environment(Map<String, String> env) {
    env.put("SPARK_HOME", sparkHome.toString());
    // Spark's command builders look for a source tree's build folders unless told the version.
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SVT_LOG", "1");
  }

  private Process daemon(String name, String mainClass, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(sparkHome.resolve("conf") + "/:" + sparkHome.resolve("jars") + "/*");
    command.add(mainClass);
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(dir.resolve(name + ".log").toFile()));
    environment(builder.environment());
    return builder.start();
  }

  /** Spark's Java 17 options, as every JVM of the project gets them (conf/jvm.options). */
  public static List<String> jvmOptions() {
    try {
      return Files.readAllLines(Path.of("conf/jvm.options")).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read conf/jvm.options: " + e.getMessage(), e);
    }
  }

  private void awaitMaster() {
    await("the master's web UI on port " + uiPort, () -> masterState().isPresent());
  }

  private void awaitWorkers(int count) {
    await(
        count + " workers registered",
        () -> masterState().map(state -> aliveWorkers(state) >= count).orElse(false));
  }

  private static int aliveWorkers(JsonNode state) {
    int alive = 0;
    for (JsonNode worker : state.path("workers")) {
      if ("ALIVE".equals(worker.path("state").asText())) {
        alive++;
      }
    }

    return alive;
  }

  private void await(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!condition.getAsBoolean()) {
      if (!master.isAlive() || workers.stream().anyMatch(w -> !w.isAlive())) {
        throw new IllegalStateException("a daemon exited while waiting for " + what + logs());
      }

      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no " + what + " after 180 s" + logs());
      }

      sleep(250);
    }
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        text.append("\n--- ").append(log.getFileName()).append('\n').append(tail(log, 20));
      }
    } catch (IOException e) {
      text.append("\n(cannot list logs: ").append(e.getMessage()).append(')');
    }

    return text.toString();
  }

  private Optional<JsonNode> masterState() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(JSON.readTree(response.body()))
          : Optional.empty();
    } catch (IOException notYet) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private void watchExecutors() {
    while (!Thread.currentThread().isInterrupted()) {
      for (Process worker : workers) {
        worker
            .descendants()
            .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
            .forEach(p -> executorsSeen.add(p.pid()));
      }

      if (!sleep(100)) {
        return;
      }
    }
  }

  /** Workers first (each stops its executors on the way down), then the master. */
  private synchronized void stopProcesses() {
    watcher.interrupt();

    List<ProcessHandle> executors = workers.stream().flatMap(Process::descendants).toList();
    workers.forEach(Process::destroy);
    workers.forEach(LocalCluster::awaitExit);
    executors.forEach(ProcessHandle::destroyForcibly);
    if (master != null) {
      master.destroy();
      awaitExit(master);
    }
  }

  private static void awaitExit(Process process) {
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
