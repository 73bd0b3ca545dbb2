package dev.robotaug.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.robotaug.deploy.ComputeProfiles;
import dev.robotaug.spec.ComputeProfile;
import dev.robotaug.spec.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The API server's configuration, {@code conf/api.json}. Unknown keys are an error, so a misspelt
 * setting never silently falls back to its default. Relative paths are relative to the working
 * directory ({@code scripts/serve} runs from the repository root).
 *
 * @param host address to listen on; default {@code 127.0.0.1}
 * @param port port to listen on; default 8000, {@code --port} overrides it
 * @param storageRoot where job documents live ({@code <root>/jobs/<id>/...}); any Hadoop URI
 * @param outputRoot under which each job publishes its dataset ({@code <root>/<job_id>})
 * @param allowedDatasetSchemes URI schemes a {@code dataset_id} may use besides a Hub repo id
 * @param hadoop extra Hadoop settings for storage (e.g. {@code fs.s3a.endpoint})
 * @param apiKeys the keys, as SHA-256 hashes, each with the projects it may use
 * @param rateLimit requests each key may send; a key's own {@code rate_limit} overrides it; default
 *     {@link RateLimitConfig#DEFAULT}
 * @param launcher how jobs are started
 * @param computeProfiles Spark settings per compute profile ({@code cpu}, {@code gpu}), applied to
 *     each job of that profile; {@link #load} puts them over the profile files beside the config
 */
public record ApiConfig(
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("storage_root") String storageRoot,
    @JsonProperty("output_root") String outputRoot,
    @JsonProperty("allowed_dataset_schemes") List<String> allowedDatasetSchemes,
    @JsonProperty("hadoop") Map<String, String> hadoop,
    @JsonProperty("api_keys") List<KeyConfig> apiKeys,
    @JsonProperty("rate_limit") RateLimitConfig rateLimit,
    @JsonProperty("launcher") LauncherConfig launcher,
    @JsonProperty("compute_profiles") Map<String, Map<String, String>> computeProfiles) {

  public static final int DEFAULT_PORT = 8000;

  public ApiConfig {
    host = host == null ? "127.0.0.1" : host;
    port = port == null ? DEFAULT_PORT : port;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Invalid port: " + port);
    }

    requireText(storageRoot, "storage_root");
    requireText(outputRoot, "output_root");
    allowedDatasetSchemes =
        allowedDatasetSchemes == null ? List.of("file") : List.copyOf(allowedDatasetSchemes);
    hadoop = hadoop == null ? Map.of() : Map.copyOf(hadoop);
    if (apiKeys == null || apiKeys.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid config: api_keys is empty, no request could pass");
    }

    apiKeys = List.copyOf(apiKeys);
    rateLimit = rateLimit == null ? RateLimitConfig.DEFAULT : rateLimit;
    launcher = launcher == null ? LauncherConfig.DEFAULT : launcher;
    computeProfiles = copyProfiles(computeProfiles);
  }

  /**
   * Reads and checks a configuration file. The compute profiles start from the spark-submit
   * properties files beside it ({@code profiles/cpu.properties}, {@code profiles/gpu.properties},
   * the same files {@code scripts/submit-job} and the payload builders use); the file's own {@code
   * compute_profiles} entries override single settings of them.
   */
  public static ApiConfig load(Path file) throws IOException {
    String json = Files.readString(file);
    ApiConfig config;
    try {
      config = SpecJson.read(json, ApiConfig.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read config " + file + ": " + e.getMessage(), e);
    }

    Path confFolder = file.toAbsolutePath().getParent();
    return config.withProfileFiles(ComputeProfiles.inConfFolder(confFolder));
  }

  /**
   * The same configuration with each profile's settings read from {@code profiles}, this
   * configuration's own settings applied over them. A profile without a file keeps only its own.
   */
  public ApiConfig withProfileFiles(ComputeProfiles profiles) {
    Map<String, Map<String, String>> merged = new TreeMap<>();
    for (ComputeProfile profile : ComputeProfile.values()) {
      Map<String, String> settings = new TreeMap<>();
      if (Files.isRegularFile(profiles.file(profile))) {
        settings.putAll(profiles.settings(profile));
      }

      settings.putAll(profileSettings(profile));
      if (!settings.isEmpty()) {
        merged.put(profile.wireName(), settings);
      }
    }

    return new ApiConfig(
        host,
        port,
        storageRoot,
        outputRoot,
        allowedDatasetSchemes,
        hadoop,
        apiKeys,
        rateLimit,
        launcher,
        merged);
  }

  /** The same configuration with another port. */
  public ApiConfig withPort(int newPort) {
    return new ApiConfig(
        host,
        newPort,
        storageRoot,
        outputRoot,
        allowedDatasetSchemes,
        hadoop,
        apiKeys,
        rateLimit,
        launcher,
        computeProfiles);
  }

  /** The same configuration with another launcher. */
  public ApiConfig withLauncher(LauncherConfig newLauncher) {
    return new ApiConfig(
        host,
        port,
        storageRoot,
        outputRoot,
        allowedDatasetSchemes,
        hadoop,
        apiKeys,
        rateLimit,
        newLauncher,
        computeProfiles);
  }

  /** The same configuration with another rate limit for every key without its own. */
  public ApiConfig withRateLimit(RateLimitConfig newRateLimit) {
    return new ApiConfig(
        host,
        port,
        storageRoot,
        outputRoot,
        allowedDatasetSchemes,
        hadoop,
        apiKeys,
        newRateLimit,
        launcher,
        computeProfiles);
  }

  /** The rate limit of a key: its own, else the configuration's. */
  public RateLimitConfig rateLimitOf(KeyConfig key) {
    return key.rateLimit() == null ? rateLimit : key.rateLimit();
  }

  /**
   * A token bucket per API key: a key may send {@code burst} requests at once, then {@code
   * requests_per_second} on average; beyond that the API answers 429 with {@code Retry-After}.
   *
   * @param requestsPerSecond the rate the bucket refills at, above 0
   * @param burst the bucket's size, at least 1
   */
  public record RateLimitConfig(
      @JsonProperty("requests_per_second") Double requestsPerSecond,
      @JsonProperty("burst") Integer burst) {

    /** 20 requests per second, 40 at once: far above what one client needs to submit jobs. */
    public static final RateLimitConfig DEFAULT = new RateLimitConfig(20.0, 40);

    public RateLimitConfig {
      if (requestsPerSecond == null || burst == null) {
        throw new IllegalArgumentException(
            "Invalid rate_limit: it needs requests_per_second and burst");
      }

      if (!(requestsPerSecond > 0) || requestsPerSecond.isInfinite()) {
        throw new IllegalArgumentException(
            "Invalid rate_limit.requests_per_second: " + requestsPerSecond + ", must be > 0");
      }

      if (burst < 1) {
        throw new IllegalArgumentException("Invalid rate_limit.burst: " + burst + ", must be >= 1");
      }
    }
  }

  /** Spark settings of a profile; empty when the config defines none. */
  public Map<String, String> profileSettings(ComputeProfile profile) {
    return computeProfiles.getOrDefault(profile.wireName(), Map.of());
  }

  /**
   * One API key.
   *
   * @param name a label for logs and messages; never the key itself
   * @param sha256 hex SHA-256 of the key's UTF-8 bytes ({@code scripts/serve --hash-key} prints it)
   * @param projects project ids (UUIDs) the key may use, or {@code "*"} for every project
   * @param rateLimit this key's own rate limit; null for the configuration's
   */
  public record KeyConfig(
      @JsonProperty("name") String name,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("projects") List<String> projects,
      @JsonProperty("rate_limit") RateLimitConfig rateLimit) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** A key under the configuration's rate limit. */
    public KeyConfig(String name, String sha256, List<String> projects) {
      this(name, sha256, projects, null);
    }

    @JsonCreator
    public KeyConfig {
      requireText(name, "api_keys[].name");
      requireText(sha256, "api_keys[].sha256 of key '" + name + "'");
      sha256 = sha256.toLowerCase(Locale.ROOT);
      if (!SHA256_HEX.matcher(sha256).matches()) {
        throw new IllegalArgumentException(
            "Invalid sha256 of key '" + name + "': expected 64 hex digits");
      }

      if (projects == null || projects.isEmpty()) {
        throw new IllegalArgumentException("Invalid projects of key '" + name + "': empty");
      }

      projects = projects.stream().map(p -> canonicalProject(name, p)).toList();
    }

    private static String canonicalProject(String key, String project) {
      if (project.equals("*")) {
        return project;
      }

      try {
        return UUID.fromString(project).toString();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Invalid project of key '" + key + "': '" + project + "', expected a UUID or *", e);
      }
    }
  }

  /**
   * How jobs are started.
   *
   * @param type {@code local} (default: a child JVM per job with a local Spark master) or {@code
   *     spark-submit}
   * @param mainClass the job's main class, started with {@code --spec <uri> --master <master>}
   * @param maxConcurrentJobs jobs started at once; later ones stay queued; default 1
   * @param maxQueuedJobs jobs waiting for a slot in this process; a submission beyond them is
   *     refused with 503 before anything is stored; default 100
   * @param local settings of the {@code local} launcher
   * @param sparkSubmit settings of the {@code spark-submit} launcher
   */
  public record LauncherConfig(
      @JsonProperty("type") String type,
      @JsonProperty("main_class") String mainClass,
      @JsonProperty("max_concurrent_jobs") Integer maxConcurrentJobs,
      @JsonProperty("max_queued_jobs") Integer maxQueuedJobs,
      @JsonProperty("local") LocalConfig local,
      @JsonProperty("spark_submit") SparkSubmitConfig sparkSubmit) {

    public static final String LOCAL = "local";
    public static final String SPARK_SUBMIT = "spark-submit";
    public static final String DEFAULT_MAIN_CLASS = "dev.robotaug.job.AugmentJob";
    public static final int DEFAULT_MAX_QUEUED_JOBS = 100;
    static final LauncherConfig DEFAULT = new LauncherConfig(null, null, null, null, null, null);

    /** A launcher with the default queue bound. */
    public LauncherConfig(
        String type,
        String mainClass,
        Integer maxConcurrentJobs,
        LocalConfig local,
        SparkSubmitConfig sparkSubmit) {
      this(type, mainClass, maxConcurrentJobs, null, local, sparkSubmit);
    }

    @JsonCreator
    public LauncherConfig {
      type = type == null ? LOCAL : type;
      if (!type.equals(LOCAL) && !type.equals(SPARK_SUBMIT)) {
        throw new IllegalArgumentException(
            "Invalid launcher.type: '" + type + "', allowed: local, spark-submit");
      }

      mainClass = mainClass == null ? DEFAULT_MAIN_CLASS : mainClass;
      maxConcurrentJobs = maxConcurrentJobs == null ? 1 : maxConcurrentJobs;
      if (maxConcurrentJobs < 1) {
        throw new IllegalArgumentException(
            "Invalid launcher.max_concurrent_jobs: " + maxConcurrentJobs + ", must be >= 1");
      }

      maxQueuedJobs = maxQueuedJobs == null ? DEFAULT_MAX_QUEUED_JOBS : maxQueuedJobs;
      if (maxQueuedJobs < 0) {
        throw new IllegalArgumentException(
            "Invalid launcher.max_queued_jobs: " + maxQueuedJobs + ", must be >= 0");
      }

      local = local == null ? LocalConfig.DEFAULT : local;
      if (type.equals(SPARK_SUBMIT) && sparkSubmit == null) {
        throw new IllegalArgumentException(
            "Invalid launcher: type spark-submit needs a spark_submit section");
      }
    }
  }

  /**
   * The {@code local} launcher: {@code <java> <Spark JVM flags> <java_options> -cp <classpath>
   * <main_class> --spec <uri> --master <master>}.
   *
   * @param master Spark master of the child JVM; default {@code local[2]}
   * @param javaOptions extra JVM options, e.g. {@code -Xmx4g}
   * @param jvmFlags the JVM flags Spark needs on Java 17; default {@link
   *     LocalJobLauncher#SPARK_JVM_FLAGS}
   * @param classpath classpath of the child; default the server's own
   */
  public record LocalConfig(
      @JsonProperty("master") String master,
      @JsonProperty("java_options") List<String> javaOptions,
      @JsonProperty("jvm_flags") List<String> jvmFlags,
      @JsonProperty("classpath") String classpath) {

    static final LocalConfig DEFAULT = new LocalConfig(null, null, null, null);

    public LocalConfig {
      master = master == null ? "local[2]" : master;
      javaOptions = javaOptions == null ? List.of() : List.copyOf(javaOptions);
      jvmFlags = jvmFlags == null ? LocalJobLauncher.SPARK_JVM_FLAGS : List.copyOf(jvmFlags);
    }
  }

  /**
   * The {@code spark-submit} launcher: {@code $SPARK_HOME/bin/spark-submit --class <main_class>
   * --master <master> [--deploy-mode <mode>] [--conf k=v...] <app_jar> --spec <uri>}.
   *
   * @param sparkHome a Spark distribution
   * @param master master URL: {@code spark://...}, {@code yarn}, {@code k8s://...}
   * @param deployMode {@code client} or {@code cluster}; omitted when null
   * @param appJar the application jar holding the job
   * @param conf settings passed to every job, before the compute profile's
   */
  public record SparkSubmitConfig(
      @JsonProperty("spark_home") String sparkHome,
      @JsonProperty("master") String master,
      @JsonProperty("deploy_mode") String deployMode,
      @JsonProperty("app_jar") String appJar,
      @JsonProperty("conf") Map<String, String> conf) {

    public SparkSubmitConfig {
      requireText(sparkHome, "launcher.spark_submit.spark_home");
      requireText(master, "launcher.spark_submit.master");
      requireText(appJar, "launcher.spark_submit.app_jar");
      if (deployMode != null && !deployMode.equals("client") && !deployMode.equals("cluster")) {
        throw new IllegalArgumentException(
            "Invalid launcher.spark_submit.deploy_mode: '"
                + deployMode
                + "', allowed: client, cluster");
      }

      conf = conf == null ? Map.of() : Map.copyOf(new TreeMap<>(conf));
    }
  }

  private static Map<String, Map<String, String>> copyProfiles(
      Map<String, Map<String, String>> profiles) {
    if (profiles == null) {
      return Map.of();
    }

    Map<String, Map<String, String>> copy = new TreeMap<>();
    profiles.forEach(
        (name, settings) -> {
          ComputeProfile.fromWireName(name);
          copy.put(name, Map.copyOf(new TreeMap<>(Objects.requireNonNullElse(settings, Map.of()))));
        });
    return Map.copyOf(copy);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Invalid config: " + field + " is missing");
    }
  }
}
