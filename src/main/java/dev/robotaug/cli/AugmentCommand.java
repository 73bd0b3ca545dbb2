package dev.robotaug.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.robotaug.job.AugmentJob;
import dev.robotaug.job.JobListener;
import dev.robotaug.job.JobSummary;
import dev.robotaug.job.SparkSessions;
import dev.robotaug.spec.AugmentationRequest;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.SpecJson;
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
      "Usage: scripts/augment --dataset <dir|uri> --output <dir|uri> [--request <request.json>]\n"
          + "                       [--set field=value ...] [--master <spark master>] [--seed <n>]\n"
          + "                       [--job-id <id>] [--write-spec <spec.json>]";

  private AugmentCommand() {}

  public static void main(String[] args) {
    PrintStream err = System.err;
    try {
      Options options = Options.parse(args);
      JobSpec spec = options.spec();
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
    String specFile;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          throw new IllegalArgumentException(USAGE);
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
          case "--write-spec" -> options.specFile = value;
          default -> throw new IllegalArgumentException("Invalid argument: " + arg + "\n" + USAGE);
        }
      }

      if (options.dataset == null || options.output == null) {
        throw new IllegalArgumentException(
            "Invalid arguments: --dataset and --output are required\n" + USAGE);
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
      if (!body.has("dataset_id")) {
        body.put("dataset_id", dataset);
      }

      AugmentationRequest request = SpecJson.read(body.toString(), AugmentationRequest.class);
      request.transforms();
      String source = absolute(dataset);
      String target = absolute(output);
      String id =
          jobId != null
              ? jobId
              : UUID.nameUUIDFromBytes(("robotaug-cli:" + target).getBytes(StandardCharsets.UTF_8))
                  .toString();
      return new JobSpec(id, Instant.now(), seed, source, target, null, null, request);
    }

    /** Local paths become absolute {@code file:} URIs; URIs with a scheme pass unchanged. */
    static String absolute(String location) {
      if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.startsWith("file:")) {
        return location;
      }

      return Path.of(location).toAbsolutePath().normalize().toUri().toString();
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
