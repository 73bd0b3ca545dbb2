package dev.robotaug.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.robotaug.spec.JobStore;
import dev.robotaug.spec.RequestValidator;
import dev.robotaug.spec.SpecJson;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST submit API: {@code POST /v1/augmentation} and the job resource, over Javalin. It holds
 * no state of its own: jobs are documents in the {@link JobStore}, started by a {@link
 * JobLauncher}.
 *
 * <p>Command line: {@code ApiServer [--config conf/api.json] [--port N]}; port 0 picks a free port,
 * logged as "Listening on http://host:port".
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  static final String VERSION = "0.1.0";

  /** Bodies beyond this are refused (413); a request is about 2 KB. */
  static final long MAX_BODY_BYTES = 1 << 20;

  private final Javalin app;
  private final JobStore store;
  private final JobLauncher launcher;

  private ApiServer(Javalin app, JobStore store, JobLauncher launcher) {
    this.app = app;
    this.store = store;
    this.launcher = launcher;
  }

  /** Starts the server with the launcher its configuration names. */
  public static ApiServer start(ApiConfig config) throws IOException {
    return start(config, store -> defaultLauncher(config, store));
  }

  /** Starts the server with a launcher made for its store (tests use their own). */
  public static ApiServer start(ApiConfig config, Function<JobStore, JobLauncher> launcherFactory)
      throws IOException {
    JobStore store = JobStore.open(config.storageRoot(), config.hadoop());
    JobLauncher launcher = launcherFactory.apply(store);
    AugmentationApi api =
        new AugmentationApi(
            new ApiKeys(config.apiKeys(), config.rateLimit()),
            new RateLimiter(),
            new RequestValidator(config.allowedDatasetSchemes()),
            store,
            launcher,
            qualify(config.outputRoot(), config.hadoop()),
            Clock.systemUTC());

    Javalin app = routes(api, config.host(), config.port());
    app.start();
    LOG.info(
        "Listening on http://{}:{} (storage {}, launcher {})",
        config.host(),
        app.port(),
        store.root(),
        config.launcher().type());
    return new ApiServer(app, store, launcher);
  }

  /** The launcher of {@code launcher.type}, sharing one process pool. */
  public static JobLauncher defaultLauncher(ApiConfig config, JobStore store) {
    JobProcesses processes =
        new JobProcesses(
            store,
            config.launcher().maxConcurrentJobs(),
            config.launcher().maxQueuedJobs(),
            Clock.systemUTC());
    if (config.launcher().type().equals(ApiConfig.LauncherConfig.SPARK_SUBMIT)) {
      return new SparkSubmitLauncher(config, processes);
    }

    warnIfMissing(config.launcher());
    return new LocalJobLauncher(config, processes);
  }

  public int port() {
    return app.port();
  }

  public JobStore store() {
    return store;
  }

  @Override
  public void close() {
    app.stop();
    launcher.close();
    try {
      store.close();
    } catch (IOException e) {
      LOG.warn("Cannot close storage: {}", e.toString());
    }
  }

  public static void main(String[] args) {
    Path configFile = Path.of("conf", "api.json");
    Integer port = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if ((flag.equals("--config") || flag.equals("--port")) && i + 1 == args.length) {
        exitWithUsage("Missing value of " + flag);
      } else if (flag.equals("--config")) {
        configFile = Path.of(args[++i]);
      } else if (flag.equals("--port")) {
        port = parsePort(args[++i]);
      } else {
        exitWithUsage("Unknown argument: " + flag);
      }
    }

    ApiServer server;
    try {
      ApiConfig config = ApiConfig.load(configFile);
      server = start(port == null ? config : config.withPort(port));
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("Cannot start the API with {}: {}", configFile, e.getMessage());
      System.exit(1);
      return;
    }

    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "api-shutdown"));
  }

  private static Javalin routes(AugmentationApi api, String host, int port) {
    ObjectMapper mapper = SpecJson.mapper().disable(SerializationFeature.INDENT_OUTPUT);
    String openApi = toJson(mapper, OpenApiDocument.build(VERSION));
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
              config.jsonMapper(new JavalinJackson(mapper, false));
              config.http.maxRequestSize = MAX_BODY_BYTES;
              config.http.prefer405over404 = true;
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector connector =
                        new ServerConnector(server, new ClientErrorConnectionFactory(http));
                    connector.setHost(host);
                    connector.setPort(port);
                    return connector;
                  });
              config.jetty.modifyServletContextHandler(
                  handler -> handler.setErrorHandler(new JsonErrorHandler()));
              config.requestLogger.http(
                  (ctx, ms) ->
                      LOG.info(
                          "{} {} -> {} in {} ms",
                          ctx.method(),
                          ctx.path(),
                          ctx.statusCode(),
                          Math.round(ms)));
            });

    app.post("/v1/augmentation", api::create);
    app.get("/v1/augmentation", api::list);
    app.get("/v1/augmentation/{job_id}", api::get);
    app.post("/v1/augmentation/{job_id}/cancel", api::cancel);
    app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

    app.exception(
        ApiException.class,
        (e, ctx) -> {
          e.headers().forEach(ctx::header);
          ctx.status(e.status()).json(e.body());
        });
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> ctx.status(e.getStatus()).json(Map.of("detail", e.getMessage())));
    app.exception(
        BadMessageException.class,
        (e, ctx) -> ctx.status(e.getCode()).json(Map.of("detail", badMessage(e))));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("Cannot answer {} {}", ctx.method(), ctx.path(), e);
          ctx.status(500).json(Map.of("detail", "Internal server error"));
        });
    return app;
  }

  private static String badMessage(BadMessageException e) {
    String reason = e.getReason();
    return reason == null ? "Bad request" : "Bad request: " + reason;
  }

  /** A job class missing from the server's own classpath would fail every job, seconds later. */
  private static void warnIfMissing(ApiConfig.LauncherConfig launcher) {
    if (launcher.local().classpath() != null) {
      return;
    }

    try {
      Class.forName(launcher.mainClass(), false, ApiServer.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      LOG.warn(
          "Job main class {} is not on the classpath: every job will fail to start",
          launcher.mainClass());
    }
  }

  /** A storage location made absolute, so that a job started elsewhere finds it too. */
  private static String qualify(String location, Map<String, String> hadoop) throws IOException {
    Configuration conf = new Configuration();
    hadoop.forEach(conf::set);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    return path.getFileSystem(conf).makeQualified(path).toString();
  }

  private static String toJson(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write the OpenAPI document", e);
    }
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      exitWithUsage("Invalid --port: " + text);
      return -1;
    }
  }

  private static void exitWithUsage(String problem) {
    LOG.error("{}. Usage: ApiServer [--config conf/api.json] [--port N]", problem);
    System.exit(2);
  }
}
