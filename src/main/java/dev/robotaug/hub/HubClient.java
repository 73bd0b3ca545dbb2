package dev.robotaug.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Hugging Face Hub's HTTP API, dataset repos only: info, paginated file listing,
 * downloads, repo creation, preupload, LFS upload (basic and multipart), NDJSON commits and tags.
 *
 * <p>Every request goes through one loop that retries what {@link RetryPolicy} calls retryable and
 * logs each retry at WARN; failures end as a {@link HubException} built in one place. The token
 * goes only to the configured endpoint's origin, never to the storage URLs the Hub redirects to or
 * hands out for uploads. Thread-safe.
 */
public final class HubClient {
  private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
  private static final String LFS_JSON = "application/vnd.git-lfs+json";
  private static final String USER_AGENT = "robotaug/0.1 (java.net.http)";
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  private static final Pattern PART_KEY = Pattern.compile("\\d+");
  private static final int MAX_REDIRECTS = 5;

  private final HubConfig config;
  private final HttpClient http;

  public HubClient(HubConfig config) {
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public HubConfig config() {
    return config;
  }

  /** The user (or organisation) the token belongs to. */
  public String whoami() {
    JsonNode me = json("read the token's user", get(api("whoami-v2")), true);
    return me.path("name").asText();
  }

  /** The repo's id, privacy and the commit its revision (default: main) points to now. */
  public HubDatasetInfo datasetInfo(HubRepoId repo) {
    String path =
        repo.revision() == null
            ? "datasets/" + repo.id()
            : "datasets/" + repo.id() + "/revision/" + segment(repo.revision());
    JsonNode info = json("read dataset " + repo, get(api(path)), true);
    return new HubDatasetInfo(
        info.path("id").asText(repo.id()),
        info.path("sha").asText(null),
        info.path("private").asBoolean(false));
  }

  /** Every file of the repo at {@code revision}, following the listing's {@code Link} pages. */
  public List<HubFile> listFiles(HubRepoId repo, String revision) {
    List<HubFile> files = new ArrayList<>();
    URI page =
        api(
            "datasets/"
                + repo.id()
                + "/tree/"
                + segment(revision)
                + "?recursive=true&expand=false");
    String action = "list files of " + repo.withRevision(revision);
    while (page != null) {
      HttpResponse<byte[]> response = send(action, get(page), true);
      for (JsonNode entry : parse(action, response.body())) {
        if (!"file".equals(entry.path("type").asText())) {
          continue;
        }

        JsonNode lfs = entry.path("lfs");
        files.add(
            new HubFile(
                entry.path("path").asText(),
                entry.path("size").asLong(),
                entry.path("oid").asText(null),
                lfs.isObject() ? lfs.path("oid").asText() : null));
      }

      page = nextPage(response.headers());
    }

    return List.copyOf(files);
  }

  /** Tag name to the commit it points at. */
  public Map<String, String> tags(HubRepoId repo) {
    JsonNode refs = json("list refs of " + repo, get(api("datasets/" + repo.id() + "/refs")), true);
    Map<String, String> tags = new TreeMap<>();
    for (JsonNode tag : refs.path("tags")) {
      tags.put(tag.path("name").asText(), tag.path("targetCommit").asText());
    }

    return tags;
  }

  /**
   * Downloads one file into {@code sink}, checking its size and digest against {@code expected}
   * (or, without it, against the {@code X-Linked-Etag}/{@code ETag} the Hub sends). Follows the
   * Hub's redirect to storage without the token. A try that fails mid-stream opens the sink again,
   * so the sink must start over on every {@link Sink#open()}.
   */
  public void download(HubRepoId repo, String revision, HubFile expected, Sink sink) {
    String path = expected.path();
    URI uri = hubUri("datasets/" + repo.id() + "/resolve/" + segment(revision) + "/" + path(path));
    String action = "download " + path + " of " + repo.withRevision(revision);
    retrying(
        action,
        true,
        () -> {
          HttpResponse<InputStream> response = followRedirects(action, uri);
          try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
              return failure(
                  action, response.statusCode(), response.headers(), body.readAllBytes());
            }

            MessageDigest digest = digest(expected.isLfs() ? "SHA-256" : "SHA-1");
            if (!expected.isLfs()) {
              digest.update(("blob " + expected.size() + "\0").getBytes(StandardCharsets.UTF_8));
            }

            long bytes;
            try (OutputStream out = new DigestOutputStream(sink.open(), digest)) {
              bytes = body.transferTo(out);
            }

            checkIntegrity(action, expected, bytes, HexFormat.of().formatHex(digest.digest()));
            return Outcome.done(null);
          }
        });
  }

  /** Creates the dataset repo; answers false when it existed already (409). */
  public boolean createRepo(HubRepoId repo, boolean isPrivate) {
    ObjectNode body = HubJson.MAPPER.createObjectNode();
    body.put("name", repo.name());
    body.put("organization", repo.namespace());
    body.put("type", "dataset");
    body.put("private", isPrivate);
    body.put("visibility", isPrivate ? "private" : "public");
    try {
      send("create dataset repo " + repo.id(), post(api("repos/create"), body), true);
      return true;
    } catch (HubException e) {
      if (e.kind() == HubException.Kind.CONFLICT) {
        return false;
      }

      throw e;
    }
  }

  /**
   * Asks the Hub how each file is to be uploaded: {@code "lfs"} or {@code "regular"}, by path.
   * Files are sent in requests of 100.
   */
  public Map<String, String> uploadModes(
      HubRepoId repo, String revision, List<PreuploadFile> files) {
    Map<String, String> modes = new LinkedHashMap<>();
    for (int from = 0; from < files.size(); from += 100) {
      ObjectNode body = HubJson.MAPPER.createObjectNode();
      ArrayNode list = body.putArray("files");
      for (PreuploadFile file : files.subList(from, Math.min(files.size(), from + 100))) {
        list.addObject()
            .put("path", file.path())
            .put("size", file.size())
            .put("sample", Base64.getEncoder().encodeToString(file.sample()));
      }

      URI uri = api("datasets/" + repo.id() + "/preupload/" + segment(revision));
      JsonNode answer = json("preupload to " + repo.id(), post(uri, body), true);
      for (JsonNode file : answer.path("files")) {
        String mode = file.path("uploadMode").asText("regular");
        modes.put(
            file.path("path").asText(), file.path("shouldIgnore").asBoolean() ? "ignore" : mode);
      }
    }

    return modes;
  }

  /** The LFS batch call for {@code objects} (oid = SHA-256 hex, size), basic or multipart. */
  public List<LfsAction> lfsBatch(HubRepoId repo, String revision, Map<String, Long> objects) {
    ObjectNode body = HubJson.MAPPER.createObjectNode();
    body.put("operation", "upload");
    body.putArray("transfers").add("basic").add("multipart");
    body.put("hash_algo", "sha256");
    body.putObject("ref").put("name", revision);
    ArrayNode list = body.putArray("objects");
    objects.forEach((oid, size) -> list.addObject().put("oid", oid).put("size", size));

    URI uri = hubUri("datasets/" + repo.id() + ".git/info/lfs/objects/batch");
    Supplier<HttpRequest.Builder> request =
        () ->
            HttpRequest.newBuilder(uri)
                .header("Accept", LFS_JSON)
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    JsonNode answer = json("ask LFS how to upload to " + repo.id(), request, true);
    String transfer = answer.path("transfer").asText("basic");
    List<LfsAction> actions = new ArrayList<>();
    for (JsonNode object : answer.path("objects")) {
      JsonNode upload = object.path("actions").path("upload");
      JsonNode verify = object.path("actions").path("verify");
      actions.add(
          new LfsAction(
              object.path("oid").asText(),
              object.path("size").asLong(),
              transfer,
              upload.isObject() ? upload.path("href").asText() : null,
              strings(upload.path("header")),
              verify.isObject() ? verify.path("href").asText() : null,
              strings(verify.path("header")),
              object.path("error").isObject()
                  ? object.path("error").path("message").asText()
                  : null));
    }

    return actions;
  }

  /**
   * Sends one LFS object as {@code action} says: a single PUT (basic), or a PUT per part then the
   * part list to the completion URL (multipart); then the verify call when there is one.
   */
  public void uploadLfs(LfsAction action, String path, ByteSource source) {
    String what = "upload " + path + " (" + action.size() + " bytes) through LFS";
    if (action.error() != null) {
      throw HubException.integrity(what, "the Hub refused the object: " + action.error());
    }

    if (action.alreadyStored()) {
      return;
    }

    if ("multipart".equals(action.transfer()) && action.uploadHeader().containsKey("chunk_size")) {
      uploadParts(action, what, source);
    } else {
      send(what, put(URI.create(action.uploadHref()), source, 0, action.size()), true);
    }

    if (action.verifyHref() != null) {
      ObjectNode body = HubJson.MAPPER.createObjectNode();
      body.put("oid", action.oid());
      body.put("size", action.size());
      send(
          "verify the upload of " + path,
          lfsPost(URI.create(action.verifyHref()), body, action.verifyHeader()),
          true);
    }
  }

  private void uploadParts(LfsAction action, String what, ByteSource source) {
    long chunk = Long.parseLong(action.uploadHeader().get("chunk_size"));
    List<String> keys =
        action.uploadHeader().keySet().stream()
            .filter(k -> PART_KEY.matcher(k).matches())
            .sorted()
            .toList();
    long expectedParts = (action.size() + chunk - 1) / chunk;
    if (keys.size() != expectedParts) {
      throw HubException.integrity(
          what, "the Hub sent " + keys.size() + " part URLs for " + expectedParts + " parts");
    }

    ObjectNode completion = HubJson.MAPPER.createObjectNode();
    completion.put("oid", action.oid());
    ArrayNode parts = completion.putArray("parts");
    for (int i = 0; i < keys.size(); i++) {
      long offset = i * chunk;
      long length = Math.min(chunk, action.size() - offset);
      URI partUri = URI.create(action.uploadHeader().get(keys.get(i)));
      HttpResponse<byte[]> response =
          send(what + ", part " + (i + 1), put(partUri, source, offset, length), true);
      String etag = response.headers().firstValue("ETag").orElse(null);
      if (etag == null) {
        throw HubException.integrity(what, "part " + (i + 1) + " was stored without an ETag");
      }

      parts.addObject().put("partNumber", i + 1).put("etag", etag);
    }

    send(
        what + ", completion",
        lfsPost(URI.create(action.uploadHref()), completion, Map.of()),
        true);
  }

  /**
   * Commits {@code operations} on {@code revision} as one commit. With {@code parentCommit} the Hub
   * refuses (412) when the branch moved. A dropped connection is not retried here (the commit may
   * have been made); the caller lists the repo and commits what is still missing.
   */
  public HubCommit commit(
      HubRepoId repo,
      String revision,
      String summary,
      String parentCommit,
      List<CommitOperation> operations) {
    StringBuilder ndjson = new StringBuilder();
    ObjectNode header = HubJson.MAPPER.createObjectNode();
    header.put("key", "header");
    ObjectNode value = header.putObject("value");
    value.put("summary", summary);
    value.put("description", "");
    if (parentCommit != null) {
      value.put("parentCommit", parentCommit);
    }

    ndjson.append(header).append('\n');
    for (CommitOperation operation : operations) {
      ObjectNode line = HubJson.MAPPER.createObjectNode();
      ObjectNode body = HubJson.MAPPER.createObjectNode();
      body.put("path", operation.path());
      if (operation instanceof CommitOperation.Inline inline) {
        line.put("key", "file");
        body.put("content", Base64.getEncoder().encodeToString(inline.content()));
        body.put("encoding", "base64");
      } else if (operation instanceof CommitOperation.Lfs lfs) {
        line.put("key", "lfsFile");
        body.put("algo", "sha256");
        body.put("oid", lfs.sha256());
        body.put("size", lfs.size());
      } else {
        line.put("key", "deletedFile");
      }

      line.set("value", body);
      ndjson.append(line).append('\n');
    }

    URI uri = api("datasets/" + repo.id() + "/commit/" + segment(revision));
    Supplier<HttpRequest.Builder> request =
        () ->
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString()));
    JsonNode answer =
        json(
            "commit " + operations.size() + " files to " + repo.withRevision(revision),
            request,
            false);
    return new HubCommit(answer.path("commitOid").asText(), answer.path("commitUrl").asText());
  }

  /** Tags {@code revision} (a branch or commit) as {@code tag}. */
  public void createTag(HubRepoId repo, String tag, String revision, String message) {
    ObjectNode body = HubJson.MAPPER.createObjectNode();
    body.put("tag", tag);
    body.put("message", message);
    send(
        "tag " + repo.id() + " as " + tag,
        post(api("datasets/" + repo.id() + "/tag/" + segment(revision)), body),
        true);
  }

  public void deleteTag(HubRepoId repo, String tag) {
    URI uri = api("datasets/" + repo.id() + "/tag/" + segment(tag));
    send(
        "delete tag " + tag + " of " + repo.id(), () -> HttpRequest.newBuilder(uri).DELETE(), true);
  }

  /** Where a download starts over: a fresh (truncated) output stream on every call. */
  @FunctionalInterface
  public interface Sink {
    OutputStream open() throws IOException;
  }

  /** Bytes to upload, readable from any offset (each try and each part reads again). */
  @FunctionalInterface
  public interface ByteSource {
    InputStream open(long offset, long length) throws IOException;
  }

  /** A file announced to preupload: its path, size and first (up to) 512 bytes. */
  public record PreuploadFile(String path, long size, byte[] sample) {}

  // ---- the request loop

  /** What one try of a streamed request came to: a value, or a failed answer to judge. */
  private record Outcome<T>(T value, int status, HttpHeaders headers, byte[] body) {
    static <T> Outcome<T> done(T value) {
      return new Outcome<>(value, 0, null, null);
    }
  }

  @FunctionalInterface
  private interface Attempt<T> {
    Outcome<T> run() throws IOException, InterruptedException;
  }

  private static <T> Outcome<T> failure(
      String action, int status, HttpHeaders headers, byte[] body) {
    return new Outcome<>(null, status, headers, body);
  }

  private HttpResponse<byte[]> send(
      String action, Supplier<HttpRequest.Builder> request, boolean retryDroppedConnection) {
    return retrying(
        action,
        retryDroppedConnection,
        () -> {
          HttpRequest built = authorize(request.get()).build();
          HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
          if (response.statusCode() >= 300) {
            return failure(action, response.statusCode(), response.headers(), response.body());
          }

          return Outcome.done(response);
        });
  }

  /**
   * Runs {@code attempt} until it succeeds, fails for good, or the policy's tries are spent.
   * Retryable answers and (when allowed) I/O failures wait as the policy says; everything else
   * becomes a {@link HubException} at once.
   */
  private <T> T retrying(String action, boolean retryDroppedConnection, Attempt<T> attempt) {
    RetryPolicy policy = config.retry();
    for (int tries = 1; ; tries++) {
      Outcome<T> outcome;
      try {
        outcome = attempt.run();
      } catch (InterruptedException | InterruptedIOException e) {
        Thread.currentThread().interrupt();
        throw HubException.transport(action, e);
      } catch (IOException e) {
        if (!retryDroppedConnection || tries >= policy.maxAttempts()) {
          throw HubException.transport(action, e);
        }

        Duration wait = policy.delay(tries, Optional.empty());
        LOG.warn(
            "Hub request to {} failed ({}); retry {} of {} in {} ms",
            action,
            e.toString(),
            tries,
            policy.maxAttempts() - 1,
            wait.toMillis());
        sleep(wait, action);
        continue;
      } catch (HubException e) {
        if (e.kind() != HubException.Kind.INTEGRITY || tries >= policy.maxAttempts()) {
          throw e;
        }

        LOG.warn("{}; retry {} of {}", e.getMessage(), tries, policy.maxAttempts() - 1);
        continue;
      }

      if (outcome.headers() == null) {
        return outcome.value();
      }

      String body = new String(outcome.body(), StandardCharsets.UTF_8);
      if (!RetryPolicy.retryable(outcome.status()) || tries >= policy.maxAttempts()) {
        throw HubException.fromResponse(action, outcome.status(), outcome.headers(), body);
      }

      Optional<Duration> asked =
          RetryPolicy.serverWait(
              outcome.headers().firstValue("Retry-After"),
              outcome.headers().firstValue("RateLimit"));
      Duration wait = policy.delay(tries, asked);
      LOG.warn(
          "Hub request to {} answered {}; retry {} of {} in {} ms{}",
          action,
          outcome.status(),
          tries,
          policy.maxAttempts() - 1,
          wait.toMillis(),
          asked.isPresent() ? " (as the server asked)" : "");
      sleep(wait, action);
    }
  }

  private HttpResponse<InputStream> followRedirects(String action, URI start)
      throws IOException, InterruptedException {
    URI uri = start;
    for (int hop = 0; ; hop++) {
      HttpRequest request =
          authorize(HttpRequest.newBuilder(uri).header("Accept-Encoding", "identity").GET())
              .build();
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      boolean redirect =
          status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
      Optional<String> location = response.headers().firstValue("Location");
      if (!redirect || location.isEmpty()) {
        return response;
      }

      response.body().close();
      if (hop >= MAX_REDIRECTS) {
        throw new IOException("more than " + MAX_REDIRECTS + " redirects for " + action);
      }

      uri = uri.resolve(location.get());
    }
  }

  private static void checkIntegrity(String action, HubFile expected, long bytes, String digest) {
    if (bytes != expected.size()) {
      throw HubException.integrity(
          action, "received " + bytes + " bytes, the Hub lists " + expected.size());
    }

    String want = expected.isLfs() ? expected.lfsSha256() : expected.oid();
    if (want != null && !want.equalsIgnoreCase(digest)) {
      throw HubException.integrity(
          action, "content digest " + digest + " does not match the Hub's " + want);
    }
  }

  /** Adds the token when, and only when, the request goes to the Hub endpoint's own origin. */
  private HttpRequest.Builder authorize(HttpRequest.Builder builder) {
    builder.setHeader("User-Agent", USER_AGENT);
    URI target = builder.copy().build().uri();
    if (config.hasToken() && sameOrigin(target, config.endpoint())) {
      builder.setHeader("Authorization", "Bearer " + config.token());
    }

    return builder;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }

    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private JsonNode json(
      String action, Supplier<HttpRequest.Builder> request, boolean retryDropped) {
    return parse(action, send(action, request, retryDropped).body());
  }

  private static JsonNode parse(String action, byte[] body) {
    try {
      return HubJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw HubException.integrity(action, "the answer is not JSON: " + e.getMessage());
    }
  }

  private static Supplier<HttpRequest.Builder> get(URI uri) {
    return () -> HttpRequest.newBuilder(uri).header("Accept", "application/json").GET();
  }

  private static Supplier<HttpRequest.Builder> post(URI uri, JsonNode body) {
    return () ->
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  private static Supplier<HttpRequest.Builder> lfsPost(
      URI uri, JsonNode body, Map<String, String> headers) {
    return () -> {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(uri)
              .header("Accept", LFS_JSON)
              .header("Content-Type", LFS_JSON)
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      headers.forEach(builder::setHeader);
      return builder;
    };
  }

  private static Supplier<HttpRequest.Builder> put(
      URI uri, ByteSource source, long offset, long length) {
    return () ->
        HttpRequest.newBuilder(uri)
            .PUT(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> open(source, offset, length)),
                    length));
  }

  private static InputStream open(ByteSource source, long offset, long length) {
    try {
      return source.open(offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read bytes " + offset + "+" + length + " to upload", e);
    }
  }

  private static URI nextPage(HttpHeaders headers) {
    for (String link : headers.allValues("Link")) {
      Matcher matcher = NEXT_LINK.matcher(link);
      if (matcher.find()) {
        return URI.create(matcher.group(1));
      }
    }

    return null;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  private URI api(String path) {
    return hubUri("api/" + path);
  }

  private URI hubUri(String path) {
    return URI.create(config.endpoint() + "/" + path);
  }

  /** One URL path segment: a revision like {@code refs/pr/1} becomes {@code refs%2Fpr%2F1}. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A file path in a URL: each segment encoded, the slashes kept. */
  static String path(String value) {
    StringBuilder encoded = new StringBuilder();
    for (String part : value.split("/", -1)) {
      if (encoded.length() > 0) {
        encoded.append('/');
      }

      encoded.append(segment(part));
    }

    return encoded.toString();
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }

  private static void sleep(Duration wait, String action) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HubException.transport(action, e);
    }
  }
}
