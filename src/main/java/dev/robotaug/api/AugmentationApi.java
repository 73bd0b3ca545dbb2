package dev.robotaug.api;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.robotaug.spec.JobSpec;
import dev.robotaug.spec.JobState;
import dev.robotaug.spec.JobStatus;
import dev.robotaug.spec.JobStore;
import dev.robotaug.spec.JobStore.IndexEntry;
import dev.robotaug.spec.RequestValidator;
import dev.robotaug.spec.RequestValidator.Accepted;
import dev.robotaug.spec.RequestValidator.Invalid;
import dev.robotaug.spec.RequestValidator.Outcome;
import dev.robotaug.spec.RequestValidator.Rejected;
import dev.robotaug.spec.ValidationProblem;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of {@code /v1/augmentation}. Every request is authenticated by its {@code x-api-key}
 * (401), then its input is checked against the schema (422), then the key's projects (403), then
 * the rules beyond the schema (400). All job state is read from and written to the {@link
 * JobStore}; nothing is kept here, so the API can restart at any time.
 *
 * <p>A job of a project the key may not use answers 404, as an unknown job does, so that a key
 * cannot probe which job ids exist elsewhere.
 */
final class AugmentationApi {
  private static final Logger LOG = LoggerFactory.getLogger(AugmentationApi.class);

  static final String KEY_HEADER = "x-api-key";
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  private static final long QUEUE_FULL_RETRY_SECONDS = 30;
  private static final double NANOS_PER_SECOND = 1e9;
  private static final Pattern QUERY_INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");

  private final ApiKeys keys;
  private final RateLimiter rateLimiter;
  private final RequestValidator validator;
  private final JobStore store;
  private final JobLauncher launcher;
  private final String outputRoot;
  private final Clock clock;

  AugmentationApi(
      ApiKeys keys,
      RateLimiter rateLimiter,
      RequestValidator validator,
      JobStore store,
      JobLauncher launcher,
      String outputRoot,
      Clock clock) {
    this.keys = keys;
    this.rateLimiter = rateLimiter;
    this.validator = validator;
    this.store = store;
    this.launcher = launcher;
    this.outputRoot = outputRoot.endsWith("/") ? outputRoot : outputRoot + "/";
    this.clock = clock;
  }

  /** {@code POST /v1/augmentation}. */
  void create(Context ctx) throws IOException {
    ApiKeys.Key key = authenticate(ctx);
    Outcome outcome = validator.validate(RequestBody.json(ctx, ApiServer.MAX_BODY_BYTES));
    if (outcome instanceof Invalid invalid) {
      throw ApiException.invalid(invalid.problems());
    }

    if (outcome instanceof Rejected rejected) {
      authorize(key, rejected.projectId());
      throw ApiException.badRequest(rejected.detail());
    }

    Accepted accepted = (Accepted) outcome;
    authorize(key, accepted.request().projectId());
    if (!launcher.reserve()) {
      LOG.warn(
          "Refused a job of project {}: the launch queue is full", accepted.request().projectId());
      throw ApiException.unavailable(
          "Cannot accept the job now: too many jobs are waiting to start; nothing was stored,"
              + " retry later",
          QUEUE_FULL_RETRY_SECONDS);
    }

    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String jobId = UUID.randomUUID().toString();
    JobSpec spec =
        new JobSpec(
            jobId,
            now,
            null,
            accepted.source(),
            outputRoot + jobId,
            null,
            null,
            accepted.request());
    try {
      store.submit(spec, JobStatus.queued(spec, now));
    } catch (IOException | RuntimeException e) {
      launcher.release();
      throw e;
    }

    LOG.info(
        "Job {} queued for project {} with key '{}': {} on {}, {} profile",
        jobId,
        spec.request().projectId(),
        key.name(),
        spec.request().augmentationType().wireName(),
        spec.source(),
        spec.computeProfile().wireName());

    launch(spec);
    ctx.json(new Responses.Submitted(jobId, JobState.QUEUED.wireName(), "Augmentation job queued"));
  }

  /** {@code GET /v1/augmentation/{job_id}}. */
  void get(Context ctx) throws IOException {
    ApiKeys.Key key = authenticate(ctx);
    String jobId = jobId(ctx);
    JobStatus status = visibleStatus(key, jobId);
    ctx.json(JobView.of(status, store.isCancelRequested(jobId)));
  }

  /** {@code GET /v1/augmentation?project_id=&limit=&cursor=}. */
  void list(Context ctx) throws IOException {
    ApiKeys.Key key = authenticate(ctx);
    List<ValidationProblem> problems = new ArrayList<>();
    String projectId = projectId(queryParam(ctx, "project_id"), problems);
    int limit = limit(queryParam(ctx, "limit"), problems);
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }

    authorize(key, projectId);
    String cursor = queryParam(ctx, "cursor");
    IndexEntry after;
    try {
      after = cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }

    ctx.json(page(projectId, after, limit));
  }

  /** {@code POST /v1/augmentation/{job_id}/cancel}. */
  void cancel(Context ctx) throws IOException {
    ApiKeys.Key key = authenticate(ctx);
    String jobId = jobId(ctx);
    JobStatus status = visibleStatus(key, jobId);
    if (status.status().isTerminal()) {
      throw ApiException.conflict(
          "Cannot cancel job " + jobId + ": it is already " + status.status().wireName());
    }

    store.requestCancel(jobId);
    if (status.status() == JobState.QUEUED) {
      // Not started yet: nothing will pick the marker up before the launcher sees it, so the
      // status says so at once. A job starting in this very moment also stops on the marker.
      status = status.finished(clock.instant(), JobState.CANCELLED, null, "Cancelled before start");
      store.writeStatus(status);
    }

    LOG.info("Job {} cancel requested with key '{}', was {}", jobId, key.name(), status.status());
    ctx.json(JobView.of(status, true));
  }

  private Responses.JobPage page(String projectId, IndexEntry after, int limit) throws IOException {
    List<IndexEntry> entries = store.projectJobs(projectId);
    List<JobView> data = new ArrayList<>();
    IndexEntry last = null;
    boolean hasMore = false;
    for (IndexEntry entry : entries) {
      if (after != null && IndexEntry.NEWEST_FIRST.compare(entry, after) <= 0) {
        continue;
      }

      if (data.size() == limit) {
        hasMore = true;
        break;
      }

      Optional<JobStatus> status = store.readStatus(entry.jobId());
      last = entry;
      if (status.isPresent()) {
        data.add(JobView.of(status.get(), store.isCancelRequested(entry.jobId())));
      }
    }

    return new Responses.JobPage(data, hasMore, hasMore ? Cursor.encode(last) : null);
  }

  private void launch(JobSpec spec) throws IOException {
    try {
      launcher.launch(spec, store.specUri(spec.jobId()));
    } catch (IOException | RuntimeException e) {
      LOG.error("Cannot start job {}", spec.jobId(), e);
      String reason = "Cannot start job " + spec.jobId() + ": " + e.getMessage();
      store
          .readStatus(spec.jobId())
          .ifPresent(
              status ->
                  writeQuietly(status.finished(clock.instant(), JobState.FAILED, reason, null)));
      throw ApiException.internal(reason);
    }
  }

  private void writeQuietly(JobStatus status) {
    try {
      store.writeStatus(status);
    } catch (IOException e) {
      LOG.warn("Cannot mark job {} failed: {}", status.jobId(), e.toString());
    }
  }

  private ApiKeys.Key authenticate(Context ctx) {
    String presented = ctx.header(KEY_HEADER);
    if (presented == null || presented.isEmpty()) {
      LOG.info("Rejected {} {}: no API key", ctx.method(), ctx.path());
      throw ApiException.unauthorized("Not authenticated: missing x-api-key header");
    }

    Optional<ApiKeys.Key> key = keys.authenticate(presented);
    if (key.isEmpty()) {
      LOG.warn("Rejected {} {}: unknown API key", ctx.method(), ctx.path());
      throw ApiException.unauthorized("Not authenticated: invalid API key");
    }

    long waitNanos = rateLimiter.acquire(key.get());
    if (waitNanos > 0) {
      long retryAfter = Math.max(1, (long) Math.ceil(waitNanos / NANOS_PER_SECOND));
      ApiConfig.RateLimitConfig limit = key.get().rateLimit();
      LOG.info("Rate-limited {} {} of key '{}'", ctx.method(), ctx.path(), key.get().name());
      throw ApiException.tooManyRequests(
          "Too many requests: this API key may send "
              + BigDecimal.valueOf(limit.requestsPerSecond()).stripTrailingZeros().toPlainString()
              + " requests per second, "
              + limit.burst()
              + " at once; retry after "
              + retryAfter
              + " s",
          retryAfter);
    }

    return key.get();
  }

  private static void authorize(ApiKeys.Key key, String projectId) {
    if (!key.allows(projectId)) {
      LOG.warn("Rejected key '{}' for project {}", key.name(), projectId);
      throw ApiException.forbidden("Not allowed: this API key may not use project " + projectId);
    }
  }

  /** The status of a job the key may see; 404 alike for an unknown job and another project's. */
  private JobStatus visibleStatus(ApiKeys.Key key, String jobId) throws IOException {
    Optional<JobStatus> status = store.readStatus(jobId);
    if (status.isEmpty() || !key.allows(status.get().projectId())) {
      throw ApiException.notFound("Job " + jobId + " not found");
    }

    return status.get();
  }

  private static String jobId(Context ctx) {
    String raw = ctx.pathParam("job_id");
    try {
      return RequestValidator.canonicalUuid(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          List.of(
              new ValidationProblem(
                  "uuid_parsing",
                  List.of("path", "job_id"),
                  "Input should be a valid UUID, " + e.getMessage(),
                  TextNode.valueOf(raw),
                  Map.of("error", e.getMessage()))));
    }
  }

  /**
   * A query parameter decoded as Starlette does: the last of repeated values, {@code +} as space, a
   * malformed {@code %} escape kept as written and bytes that are no UTF-8 replaced, so that {@code
   * limit=%zz} is a bad limit (422) rather than a missing one.
   */
  private static String queryParam(Context ctx, String name) {
    String query = ctx.queryString();
    if (query == null || query.isEmpty()) {
      return null;
    }

    String value = null;
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = percentDecode(equals < 0 ? pair : pair.substring(0, equals));
      if (key.equals(name)) {
        value = equals < 0 ? "" : percentDecode(pair.substring(equals + 1));
      }
    }

    return value;
  }

  private static String percentDecode(String text) {
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
        out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
        i += 2;
      } else {
        out.write(in[i] == '+' ? ' ' : in[i]);
      }
    }

    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }

    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }

    return b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
  }

  private static String projectId(String raw, List<ValidationProblem> problems) {
    List<Object> loc = List.of("query", "project_id");
    if (raw == null) {
      problems.add(ValidationProblem.of(loc, "missing", "Field required", null));
      return null;
    }

    try {
      return RequestValidator.canonicalUuid(raw);
    } catch (IllegalArgumentException e) {
      problems.add(
          new ValidationProblem(
              "uuid_parsing",
              loc,
              "Input should be a valid UUID, " + e.getMessage(),
              TextNode.valueOf(raw),
              Map.of("error", e.getMessage())));
      return null;
    }
  }

  private static int limit(String raw, List<ValidationProblem> problems) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }

    List<Object> loc = List.of("query", "limit");
    TextNode input = TextNode.valueOf(raw);
    if (!QUERY_INTEGER.matcher(raw.strip()).matches()) {
      problems.add(
          ValidationProblem.of(
              loc,
              "int_parsing",
              "Input should be a valid integer, unable to parse string as an integer",
              input));
      return DEFAULT_LIMIT;
    }

    long limit = Long.parseLong(raw.strip());
    if (limit < 1) {
      problems.add(
          new ValidationProblem(
              "greater_than_equal",
              loc,
              "Input should be greater than or equal to 1",
              input,
              Map.of("ge", 1)));
    } else if (limit > MAX_LIMIT) {
      problems.add(
          new ValidationProblem(
              "less_than_equal",
              loc,
              "Input should be less than or equal to " + MAX_LIMIT,
              input,
              Map.of("le", MAX_LIMIT)));
    }

    return (int) Math.max(1, Math.min(MAX_LIMIT, limit));
  }
}
