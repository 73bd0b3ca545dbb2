package dev.robotaug.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.robotaug.dataset.Storage;
import dev.robotaug.hub.HubClient;
import dev.robotaug.hub.HubConfig;
import dev.robotaug.hub.HubRepoId;
import dev.robotaug.hub.OutputRepoName;
import dev.robotaug.job.AugmentJob;
import dev.robotaug.job.JobListener;
import dev.robotaug.job.JobSummary;
import dev.robotaug.job.SparkSessions;
import dev.robotaug.preview.PreviewPlan;
import dev.robotaug.preview.PreviewRenderer;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.RequestValidator;
import dev.robotaug.spec.SpecJson;
import dev.robotaug.spec.ValidationProblem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/augment}: runs one augmentation job in this JVM on a Spark master of the user's
 * choice, prints progress to stderr and a one-line summary to stdout, and exits non-zero with the
 * reason on any failure.
 */
public final class AugmentCommand {
  static final String USAGE =
      "Usage: scripts/augment --dataset <dir|uri|org/name[@rev]> [--output <dir|uri>]\n"
          + "                       [--output-repo <namespace/name> | --push-to-hub]"
          + " [--hub-namespace <ns>]\n"
          + "                       [--request <request.json>] [--set field=value ...]\n"
          + "                       [--master <spark master>] [--seed <n>] [--job-id <id>]\n"
          + "  A Hub dataset without --output is uploaded to the Hub (--push-to-hub) and published\n"
          + "  locally under out/<repo name>. Hub endpoint and token: HF_ENDPOINT, HF_TOKEN.\n"
          + "  --write-spec <spec.json>: only write the job spec (for spark-submit, Databricks, EMR)\n"
          + "  --preview <folder> [--episodes N]: only render the contact sheets of what the same\n"
          + "                       command without --preview would write, into <folder>";

  /** Stands in for {@code project_id}, which only the API needs. */
  static final String NO_PROJECT = "00000000-0000-0000-0000-000000000000";

  static final List<String> DATASET_SCHEMES = List.of("file", "s3a", "hdfs", "abfs", "gs", "dbfs");

  private AugmentCommand() {}

  public static void main(String[] args) {
    PrintStream err = System.err;
    try {
      Options options = Options.parse(args);
      JobSpec spec = options.spec();
      if (options.preview != null) {
        Path folder = Path.of(options.preview);
        for (Path file :
            PreviewRenderer.render(
                Storage.configuration(java.util.Map.of()), spec, options.episodes, folder)) {
          System.out.println("Preview: " + file.toAbsolutePath());
        }

        System.exit(0);
      }

      if (options.specFile != null) {
        // For spark-submit, Databricks and EMR: they run the job jar on this spec.
        Path file = Path.of(options.specFile).toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, SpecJson.write(spec), StandardCharsets.UTF_8);
        System.out.println(file.toUri());
        System.exit(0);
      }

      JobSummary summary;
      try (SparkSession spark = SparkSessions.create(options.master, "robotaug " + spec.jobId())) {
        summary = new AugmentJob(spark, spec, new ConsoleProgress(err)).execute();
      }

      System.out.println(summary.line());
      System.exit(0);
    } catch (Exception e) {
      // Spark rethrows executor failures as the checked SparkException.
      err.println("Error: " + reason(e));
      System.exit(1);
    }
  }

  static String reason(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }

    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /** Parsed command-line options. */
  static final class Options {
    String dataset;
    String output;
    String requestFile;
    final List<String> sets = new ArrayList<>();
    String master = "local[2]";
    Long seed;
    String jobId;
    String preview;
    int episodes = PreviewPlan.MAX_EPISODES;
    String outputRepo;
    String hubNamespace;
    boolean pushToHub;
    String specFile;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          throw new IllegalArgumentException(USAGE);
        }

        if (arg.equals("--push-to-hub")) {
          options.pushToHub = true;
          continue;
        }

        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(
              "Invalid argument: " + arg + " needs a value\n" + USAGE);
        }

        String value = args[++i];
        switch (arg) {
          case "--dataset" -> options.dataset = value;
          case "--output" -> options.output = value;
          case "--request" -> options.requestFile = value;
          case "--set" -> options.sets.add(value);
          case "--master" -> options.master = value;
          case "--seed" -> options.seed = Long.parseLong(value);
          case "--job-id" -> options.jobId = value;
          case "--episodes" -> options.episodes = Integer.parseInt(value);
          case "--preview" -> options.preview = value;
          case "--output-repo" -> options.outputRepo = value;
          case "--hub-namespace" -> options.hubNamespace = value;
          case "--write-spec" -> options.specFile = value;
          default -> throw new IllegalArgumentException("Invalid argument: " + arg + "\n" + USAGE);
        }
      }

      if (options.dataset == null) {
        throw new IllegalArgumentException("Invalid arguments: --dataset is required\n" + USAGE);
      }

      if (options.output == null && options.outputRepo == null && !options.pushToHub) {
        if (!options.readsFromHub()) {
          throw new IllegalArgumentException(
              "Invalid arguments: --output is required for a local dataset\n" + USAGE);
        }

        options.pushToHub = true;
      }

      return options;
    }

    /** The request body: the file's fields, then every {@code --set} over them. */
    ObjectNode requestJson() {
      ObjectMapper mapper = SpecJson.mapper();
      ObjectNode body = mapper.createObjectNode();
      if (requestFile != null) {
        try {
          JsonNode node =
              mapper.readTree(Files.readString(Path.of(requestFile), StandardCharsets.UTF_8));
          if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException(
                "Invalid request " + requestFile + ": not a JSON object");
          }

          body = object;
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "Cannot read request " + requestFile + ": " + e.getMessage(), e);
        }
      }

      for (String set : sets) {
        int equals = set.indexOf('=');
        if (equals <= 0) {
          throw new IllegalArgumentException("Invalid --set " + set + ": expected field=value");
        }

        body.set(set.substring(0, equals), value(mapper, set.substring(equals + 1)));
      }

      return body;
    }

    /** A JSON literal (number, boolean, object, list, quoted string) or else the plain text. */
    private static JsonNode value(ObjectMapper mapper, String text) {
      try {
        return mapper.readTree(text);
      } catch (JsonProcessingException notJson) {
        return TextNode.valueOf(text);
      }
    }

    JobSpec spec() {
      ObjectNode body = requestJson();
      String source = readsFromHub() ? dataset : absolute(dataset);
      AugmentationRequest request = validated(body, source);
      String target = absolute(output != null ? output : "out/" + defaultFolder(request));
      String id =
          jobId != null
              ? jobId
              : UUID.nameUUIDFromBytes(("robotaug-cli:" + target).getBytes(StandardCharsets.UTF_8))
                  .toString();
      String repo =
          outputRepo != null
              ? HubRepoId.parse(outputRepo).id()
              : pushToHub ? outputRepoFor(request, source, id) : null;
      return new JobSpec(id, Instant.now(), seed, source, target, null, null, request, repo);
    }

    /** {@code out/<job name>} or {@code out/<source name>-augmented}, Hub-safe. */
    private String defaultFolder(AugmentationRequest request) {
      return OutputRepoName.baseName(request.name(), dataset);
    }

    /** A dataset argument that is no local path and reads as {@code org/name[@rev]}. */
    boolean readsFromHub() {
      return HubRepoId.isRepoId(dataset) && !Files.exists(Path.of(dataset));
    }

    /** The documented rule: job name, else source name + job id prefix, in the namespace. */
    private String outputRepoFor(AugmentationRequest request, String source, String id) {
      String namespace = hubNamespace != null ? hubNamespace : System.getenv("HF_OUTPUT_NAMESPACE");
      if (namespace == null || namespace.isBlank()) {
        namespace = new HubClient(HubConfig.from(sparkSystemProperties())).whoami();
      }

      return OutputRepoName.of(namespace, request.name(), source, id).id();
    }

    private static java.util.Map<String, String> sparkSystemProperties() {
      java.util.Map<String, String> settings = new java.util.HashMap<>();
      System.getProperties()
          .stringPropertyNames()
          .forEach(key -> settings.put(key, System.getProperty(key)));
      return settings;
    }

    /**
     * Checks the body exactly as the API does; {@code project_id} and {@code dataset_id} may be
     * left out on the command line (the nil UUID and {@code --dataset} stand in).
     */
    private static AugmentationRequest validated(ObjectNode body, String source) {
      if (!body.has("project_id")) {
        body.put("project_id", NO_PROJECT);
      }

      if (!body.has("dataset_id")) {
        body.put("dataset_id", source);
      }

      RequestValidator.Outcome outcome = new RequestValidator(DATASET_SCHEMES).validate(body);
      if (outcome instanceof RequestValidator.Invalid invalid) {
        List<String> problems = new ArrayList<>();
        for (ValidationProblem problem : invalid.problems()) {
          Object field = problem.loc().get(problem.loc().size() - 1);
          problems.add(field + ": " + problem.msg() + " (got " + problem.input() + ")");
        }

        throw new IllegalArgumentException("Invalid request: " + String.join("; ", problems));
      }

      if (outcome instanceof RequestValidator.Rejected rejected) {
        throw new IllegalArgumentException("Invalid request: " + rejected.detail());
      }

      return ((RequestValidator.Accepted) outcome).request();
    }

    /** Local paths become absolute {@code file:} URIs; URIs with a scheme pass unchanged. */
    static String absolute(String location) {
      if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.startsWith("file:")) {
        return location;
      }

      // Path.toUri() ends an existing folder with '/', which would change the derived job id.
      return Path.of(location)
          .toAbsolutePath()
          .normalize()
          .toUri()
          .toString()
          .replaceFirst("/$", "");
    }
  }

  /** Prints "episodes done / total" lines to stderr as they change. */
  private static final class ConsoleProgress implements JobListener {
    private final PrintStream out;
    private long lastDone = -1;

    ConsoleProgress(PrintStream out) {
      this.out = out;
    }

    @Override
    public synchronized void onProgress(long episodesDone, long episodesTotal, String message) {
      if (episodesDone != lastDone) {
        lastDone = episodesDone;
        out.printf("[robotaug] %d/%d episodes: %s%n", episodesDone, episodesTotal, message);
      }
    }
  }
}
