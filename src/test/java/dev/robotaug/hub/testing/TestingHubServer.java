package dev.robotaug.hub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local HTTP server that speaks enough of the Hugging Face Hub's protocol for the client's tests:
 * two real servers on loopback, the Hub API and a "storage" host standing in for the presigned
 * CDN/S3 URLs (on another port, so another origin). Repos live in memory with their content in a
 * temp folder.
 *
 * <p>Faithful to the paths, headers and JSON shapes of the real endpoints (reference: {@code
 * ecosystem.md} §4): {@code whoami-v2}, dataset info (also at a revision), recursive {@code tree}
 * with {@code Link} pagination, {@code paths-info} (JSON and form), {@code refs}, {@code resolve}
 * (HEAD/GET, {@code X-Repo-Commit}, {@code ETag}, {@code X-Linked-Etag}/{@code X-Linked-Size}, 302
 * to storage for LFS files, {@code Range}), {@code repos/create} (200/409, initial {@code
 * .gitattributes} commit), {@code preupload}, the LFS batch (basic; multipart with numeric part
 * keys and {@code chunk_size}; no actions for stored objects; per-object errors), presigned PUTs
 * answering {@code ETag}, multipart completion, verify, NDJSON {@code commit} ({@code parentCommit}
 * checked, 412 when the branch moved), tags, {@code X-Error-Code} on errors, and auth (401 for
 * private repos without a token, 403 for writes to someone else's namespace).
 *
 * <p>Faults are injected per (method, path pattern): 429 with {@code Retry-After} and {@code
 * RateLimit}, 503, or a connection that drops mid-response. A request carrying a bearer token to
 * the storage host is refused and counted as a token leak.
 */
public final class TestingHubServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DATASET_API =
      Pattern.compile("/api/datasets/([^/]+)/([^/]+)(?:/(.*))?");
  private static final Pattern RESOLVE =
      Pattern.compile("/datasets/([^/]+)/([^/]+)/resolve/([^/]+)/(.+)");
  private static final Pattern LFS =
      Pattern.compile("/datasets/([^/]+)/([^/]+)\\.git/info/lfs/objects/(batch|verify)");
  private static final Set<String> LFS_EXTENSIONS =
      Set.of("parquet", "mp4", "arrow", "bin", "safetensors", "png", "jpg", "zip", "gz");
  private static final String GITATTRIBUTES =
      "*.parquet filter=lfs diff=lfs merge=lfs -text\n*.mp4 filter=lfs diff=lfs merge=lfs -text\n";

  /** What an injected fault does to a request. */
  public enum FaultKind {
    /** 429 with {@code Retry-After: 1} and an exhausted {@code RateLimit} window. */
    RATE_LIMITED,
    /** 503 with an error body. */
    UNAVAILABLE,
    /** 200 announcing a long body, a few bytes, then the connection closes. */
    DROP_CONNECTION
  }

  /** A request as the server saw it. */
  public record Request(String host, String method, String path, int status) {}

  private record Fault(String method, Pattern path, FaultKind kind, AtomicInteger remaining) {}

  private record Blob(long size, String gitOid, String sha256) {
    boolean isLfs() {
      return sha256 != null;
    }
  }

  private record Commit(String sha, String parent, Map<String, Blob> files, String summary) {}

  private static final class Repo {
    final String namespace;
    final String name;
    final boolean isPrivate;
    final Map<String, String> branches = new TreeMap<>();
    final Map<String, String> tags = new TreeMap<>();
    final Map<String, Commit> commits = new LinkedHashMap<>();
    final List<Integer> commitSizes = new CopyOnWriteArrayList<>();

    Repo(String namespace, String name, boolean isPrivate) {
      this.namespace = namespace;
      this.name = name;
      this.isPrivate = isPrivate;
    }

    String id() {
      return namespace + "/" + name;
    }
  }

  private final Path dir;
  private final HttpServer api;
  private final HttpServer storage;
  private final ExecutorService threads = Executors.newFixedThreadPool(16);
  private final Map<String, Repo> repos = new ConcurrentHashMap<>();
  private final Map<String, String> users = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> orgs = new ConcurrentHashMap<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Queue requests = new Queue();
  private final AtomicInteger tokenLeaks = new AtomicInteger();
  private volatile int pageSize = 50;
  private volatile long lfsThreshold = 10L << 20;
  private volatile long multipartChunk = 8L << 20;

  private static final class Queue extends ConcurrentLinkedQueue<Request> {
    private static final long serialVersionUID = 1L;
  }

  private TestingHubServer(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("blobs"));
    Files.createDirectories(dir.resolve("lfs"));
    Files.createDirectories(dir.resolve("uploads"));
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    api.createContext("/", exchange -> handle("hub", exchange));
    storage.createContext("/", exchange -> handle("storage", exchange));
    api.setExecutor(threads);
    storage.setExecutor(threads);
    api.start();
    storage.start();
  }

  /** Starts both servers on free loopback ports, keeping content under {@code dir}. */
  public static TestingHubServer start(Path dir) {
    try {
      return new TestingHubServer(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the testing Hub server", e);
    }
  }

  @Override
  public void close() {
    api.stop(0);
    storage.stop(0);
    threads.shutdownNow();
  }

  /** The Hub endpoint, as {@code HF_ENDPOINT} would name it. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + api.getAddress().getPort());
  }

  public URI storageEndpoint() {
    return URI.create("http://127.0.0.1:" + storage.getAddress().getPort());
  }

  /** A user with a token, member of {@code organizations}. */
  public void addUser(String name, String token, String... organizations) {
    users.put(token, name);
    Set<String> namespaces = ConcurrentHashMap.newKeySet();
    namespaces.add(name);
    namespaces.addAll(List.of(organizations));
    orgs.put(name, namespaces);
  }

  /** Entries per page of a tree listing. */
  public void setPageSize(int entries) {
    this.pageSize = entries;
  }

  /** Files above this size go through LFS (besides binary files and LFS extensions). */
  public void setLfsThreshold(long bytes) {
    this.lfsThreshold = bytes;
  }

  /** LFS objects above this size are uploaded in parts of this size. */
  public void setMultipartChunkSize(long bytes) {
    this.multipartChunk = bytes;
  }

  /** The next {@code times} requests matching are answered by {@code kind}. */
  public void inject(String method, String pathRegex, FaultKind kind, int times) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), kind, new AtomicInteger(times)));
  }

  /** Faults injected but not yet used up. */
  public int pendingFaults() {
    return faults.stream().mapToInt(f -> Math.max(0, f.remaining().get())).sum();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests of {@code method} whose path matches {@code pathRegex}, on either host. */
  public long count(String method, String pathRegex) {
    Pattern pattern = Pattern.compile(pathRegex);
    return requests.stream()
        .filter(r -> r.method().equals(method) && pattern.matcher(r.path()).matches())
        .count();
  }

  /** Requests to the storage host that carried an {@code Authorization} header. */
  public int tokenLeaks() {
    return tokenLeaks.get();
  }

  /** Files per commit, in commit order, of the repo (the initial commit included). */
  public List<Integer> commitSizes(String repoId) {
    return List.copyOf(repo(repoId).commitSizes);
  }

  /** Ids of every repo on the server, sorted. */
  public List<String> repoIds() {
    return repos.keySet().stream().sorted().toList();
  }

  public Map<String, String> tags(String repoId) {
    return Map.copyOf(repo(repoId).tags);
  }

  public boolean isPrivate(String repoId) {
    return repo(repoId).isPrivate;
  }

  /** Head commit of {@code main}. */
  public String head(String repoId) {
    return repo(repoId).branches.get("main");
  }

  /** Content of a file at the head of {@code main}. */
  public byte[] read(String repoId, String path) {
    Repo repo = repo(repoId);
    Blob blob = repo.commits.get(repo.branches.get("main")).files().get(path);
    return blob == null ? null : readBlob(blob);
  }

  /**
   * Creates a repo holding every file under {@code folder} in one commit on {@code main}, tagged
   * {@code tag} when not null; answers the commit.
   */
  public synchronized String seed(String repoId, Path folder, boolean isPrivate, String tag) {
    String[] parts = repoId.split("/");
    Repo repo = new Repo(parts[0], parts[1], isPrivate);
    repos.put(repoId, repo);
    Map<String, Blob> files = new TreeMap<>();
    files.put(".gitattributes", storeRegular(GITATTRIBUTES.getBytes(StandardCharsets.UTF_8)));
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        String path = folder.relativize(file).toString().replace('\\', '/');
        byte[] content = Files.readAllBytes(file);
        files.put(
            path,
            lfsByRule(path, content.length, content) ? storeLfs(content) : storeRegular(content));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot seed " + repoId + " from " + folder, e);
    }

    String sha = commit(repo, null, files, "Seed " + repoId);
    if (tag != null) {
      repo.tags.put(tag, sha);
    }

    return sha;
  }

  // ---- request handling

  private void handle(String host, HttpExchange exchange) {
    int[] status = {500};
    String path = exchange.getRequestURI().getRawPath();
    try {
      exchange.getResponseHeaders().set("X-Request-Id", UUID.randomUUID().toString());
      if (host.equals("storage") && exchange.getRequestHeaders().containsKey("Authorization")) {
        tokenLeaks.incrementAndGet();
        status[0] = error(exchange, 400, "InvalidArgument", "Only one auth mechanism allowed");
        return;
      }

      Fault fault = faultFor(exchange.getRequestMethod(), path);
      if (fault != null) {
        status[0] = inflict(exchange, fault.kind());
        return;
      }

      status[0] = host.equals("hub") ? routeHub(exchange, path) : routeStorage(exchange, path);
    } catch (HttpError e) {
      status[0] = e.status;
      try {
        error(exchange, e.status, e.code, e.getMessage());
      } catch (IOException ignored) {
        // The client went away; the request is still recorded.
      }
    } catch (IOException | RuntimeException e) {
      try {
        error(exchange, 500, null, e.toString());
      } catch (IOException ignored) {
        // As above.
      }
    } finally {
      exchange.close();
      requests.add(new Request(host, exchange.getRequestMethod(), path, status[0]));
    }
  }

  private Fault faultFor(String method, String path) {
    for (Fault fault : faults) {
      if (fault.method().equals(method)
          && fault.path().matcher(path).matches()
          && fault.remaining().getAndDecrement() > 0) {
        return fault;
      }
    }

    return null;
  }

  private static int inflict(HttpExchange exchange, FaultKind kind) throws IOException {
    exchange.getRequestBody().readAllBytes();
    switch (kind) {
      case RATE_LIMITED -> {
        exchange.getResponseHeaders().set("Retry-After", "1");
        exchange.getResponseHeaders().set("RateLimit", "\"api\";r=0;t=1");
        exchange
            .getResponseHeaders()
            .set("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300");
        return error(exchange, 429, null, "You have been rate-limited; retry later");
      }
      case UNAVAILABLE -> {
        return error(exchange, 503, null, "Service temporarily unavailable");
      }
      default -> {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, 1 << 20);
        OutputStream out = exchange.getResponseBody();
        out.write(new byte[64]);
        out.flush();
        // Closing with fewer bytes than announced cuts the connection mid-response.
        return 200;
      }
    }
  }

  private int routeHub(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod();
    if (path.equals("/api/whoami-v2") && method.equals("GET")) {
      String user = user(exchange);
      if (user == null) {
        throw new HttpError(401, null, "Invalid credentials in Authorization header");
      }

      ObjectNode me = JSON.createObjectNode().put("type", "user").put("name", user);
      ArrayNode list = me.putArray("orgs");
      orgs.get(user).stream()
          .filter(o -> !o.equals(user))
          .forEach(o -> list.addObject().put("name", o));
      return json(exchange, 200, me);
    }

    if (path.equals("/api/repos/create") && method.equals("POST")) {
      return createRepo(exchange);
    }

    if (path.equals("/api/complete_multipart") && method.equals("POST")) {
      return completeMultipart(exchange);
    }

    Matcher lfs = LFS.matcher(path);
    if (lfs.matches() && method.equals("POST")) {
      Repo repo = writable(exchange, lfs.group(1), lfs.group(2));
      requireLfsHeaders(exchange);
      return lfs.group(3).equals("batch") ? lfsBatch(exchange, repo) : lfsVerify(exchange);
    }

    Matcher resolve = RESOLVE.matcher(path);
    if (resolve.matches() && (method.equals("GET") || method.equals("HEAD"))) {
      Repo repo = readable(exchange, resolve.group(1), resolve.group(2));
      return resolve(exchange, repo, decode(resolve.group(3)), decodePath(resolve.group(4)));
    }

    Matcher dataset = DATASET_API.matcher(path);
    if (dataset.matches()) {
      return datasetApi(exchange, dataset.group(1), dataset.group(2), dataset.group(3));
    }

    throw new HttpError(404, null, "Not found: " + method + " " + path);
  }

  private int datasetApi(HttpExchange exchange, String ns, String name, String rest)
      throws IOException {
    String method = exchange.getRequestMethod();
    String[] parts = rest == null ? new String[0] : rest.split("/", 3);
    String verb = parts.length == 0 ? "" : parts[0];
    if (method.equals("GET") && (verb.isEmpty() || verb.equals("revision"))) {
      Repo repo = readable(exchange, ns, name);
      String revision = verb.isEmpty() ? "main" : decode(parts[1]);
      return info(exchange, repo, revision);
    }

    if (method.equals("GET") && verb.equals("tree")) {
      Repo repo = readable(exchange, ns, name);
      String prefix = parts.length > 2 ? decodePath(parts[2]) : "";
      return tree(exchange, repo, decode(parts[1]), prefix);
    }

    if (method.equals("GET") && verb.equals("refs")) {
      return refs(exchange, readable(exchange, ns, name));
    }

    if (method.equals("POST") && verb.equals("paths-info")) {
      return pathsInfo(exchange, readable(exchange, ns, name), decode(parts[1]));
    }

    if (method.equals("POST") && verb.equals("preupload")) {
      return preupload(exchange, writable(exchange, ns, name));
    }

    if (method.equals("POST") && verb.equals("commit")) {
      return commit(exchange, writable(exchange, ns, name), decode(parts[1]));
    }

    if (verb.equals("tag") && (method.equals("POST") || method.equals("DELETE"))) {
      Repo repo = writable(exchange, ns, name);
      return method.equals("POST")
          ? createTag(exchange, repo, decode(parts[1]))
          : deleteTag(exchange, repo, decode(parts[1]));
    }

    throw new HttpError(
        404, null, "Not found: " + method + " /api/datasets/" + ns + "/" + name + "/" + rest);
  }

  private int info(HttpExchange exchange, Repo repo, String revision) throws IOException {
    Commit commit = commitAt(repo, revision);
    ObjectNode info = JSON.createObjectNode();
    info.put("_id", Integer.toHexString(repo.id().hashCode()));
    info.put("id", repo.id());
    info.put("author", repo.namespace);
    if (commit != null) {
      info.put("sha", commit.sha());
    }

    info.put("lastModified", Instant.now().toString());
    info.put("private", repo.isPrivate);
    info.put("gated", false);
    info.put("disabled", false);
    info.put("downloads", 0);
    info.put("likes", 0);
    info.putArray("tags");
    ArrayNode siblings = info.putArray("siblings");
    if (commit != null) {
      commit.files().keySet().forEach(p -> siblings.addObject().put("rfilename", p));
    }

    info.put("createdAt", Instant.now().toString());
    return json(exchange, 200, info);
  }

  private int tree(HttpExchange exchange, Repo repo, String revision, String prefix)
      throws IOException {
    Commit commit = commitAt(repo, revision);
    if (commit == null) {
      throw new HttpError(404, "RevisionNotFound", "Invalid rev id: " + revision);
    }

    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    boolean recursive = "true".equals(query.get("recursive")) || "1".equals(query.get("recursive"));
    List<ObjectNode> entries = new ArrayList<>();
    Set<String> directories = new java.util.TreeSet<>();
    String base = prefix.isEmpty() ? "" : prefix + "/";
    for (Map.Entry<String, Blob> file : commit.files().entrySet()) {
      String path = file.getKey();
      if (!path.startsWith(base)) {
        continue;
      }

      String rest = path.substring(base.length());
      int slash = rest.indexOf('/');
      if (slash >= 0) {
        String[] segments = rest.split("/");
        String dir = base;
        for (int i = 0; i < (recursive ? segments.length - 1 : 1); i++) {
          dir = dir + segments[i];
          directories.add(dir);
          dir = dir + "/";
        }

        if (!recursive) {
          continue;
        }
      }

      entries.add(entry(path, file.getValue()));
    }

    for (String directory : directories) {
      entries.add(
          JSON.createObjectNode()
              .put("type", "directory")
              .put("oid", sha1Hex(directory.getBytes(StandardCharsets.UTF_8)))
              .put("size", 0)
              .put("path", directory));
    }

    entries.sort((a, b) -> a.get("path").asText().compareTo(b.get("path").asText()));
    int from =
        query.containsKey("cursor")
            ? Integer.parseInt(
                new String(
                    Base64.getUrlDecoder().decode(query.get("cursor")), StandardCharsets.UTF_8))
            : 0;
    int to = Math.min(entries.size(), from + pageSize);
    ArrayNode page = JSON.createArrayNode();
    entries.subList(from, to).forEach(page::add);
    if (to < entries.size()) {
      String cursor =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8));
      URI uri = exchange.getRequestURI();
      String next =
          endpoint()
              + uri.getRawPath()
              + "?recursive="
              + recursive
              + "&expand=false&cursor="
              + cursor;
      exchange.getResponseHeaders().set("Link", "<" + next + ">; rel=\"next\"");
    }

    return json(exchange, 200, page);
  }

  private static ObjectNode entry(String path, Blob blob) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("type", "file");
    entry.put("oid", blob.gitOid());
    entry.put("size", blob.size());
    entry.put("path", path);
    if (blob.isLfs()) {
      entry
          .putObject("lfs")
          .put("oid", blob.sha256())
          .put("size", blob.size())
          .put("pointerSize", pointer(blob.sha256(), blob.size()).length);
    }

    return entry;
  }

  private int pathsInfo(HttpExchange exchange, Repo repo, String revision) throws IOException {
    Commit commit = commitAt(repo, revision);
    if (commit == null) {
      throw new HttpError(404, "RevisionNotFound", "Invalid rev id: " + revision);
    }

    byte[] body = exchange.getRequestBody().readAllBytes();
    List<String> paths = new ArrayList<>();
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type != null && type.startsWith("application/json")) {
      JSON.readTree(body).path("paths").forEach(p -> paths.add(p.asText()));
    } else {
      for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2 && decode(kv[0]).equals("paths")) {
          paths.add(decode(kv[1]));
        }
      }
    }

    ArrayNode entries = JSON.createArrayNode();
    for (String path : paths) {
      Blob blob = commit.files().get(path);
      if (blob != null) {
        entries.add(entry(path, blob));
      }
    }

    return json(exchange, 200, entries);
  }

  private int refs(HttpExchange exchange, Repo repo) throws IOException {
    ObjectNode refs = JSON.createObjectNode();
    ArrayNode branches = refs.putArray("branches");
    repo.branches.forEach(
        (name, sha) ->
            branches
                .addObject()
                .put("name", name)
                .put("ref", "refs/heads/" + name)
                .put("targetCommit", sha));
    refs.putArray("converts");
    ArrayNode tags = refs.putArray("tags");
    repo.tags.forEach(
        (name, sha) ->
            tags.addObject()
                .put("name", name)
                .put("ref", "refs/tags/" + name)
                .put("targetCommit", sha));
    return json(exchange, 200, refs);
  }

  private int resolve(HttpExchange exchange, Repo repo, String revision, String path)
      throws IOException {
    Commit commit = commitAt(repo, revision);
    if (commit == null) {
      throw new HttpError(404, "RevisionNotFound", "Invalid rev id: " + revision);
    }

    Blob blob = commit.files().get(path);
    if (blob == null) {
      throw new HttpError(404, "EntryNotFound", path + " does not exist on \"" + revision + "\"");
    }

    var headers = exchange.getResponseHeaders();
    headers.set("X-Repo-Commit", commit.sha());
    headers.set("ETag", "\"" + blob.gitOid() + "\"");
    if (blob.isLfs()) {
      headers.set("X-Linked-Etag", "\"" + blob.sha256() + "\"");
      headers.set("X-Linked-Size", String.valueOf(blob.size()));
      headers.set(
          "Location",
          storageEndpoint()
              + "/lfs/"
              + blob.sha256()
              + "?X-Amz-Signature="
              + signature(blob.sha256()));
      exchange.sendResponseHeaders(302, -1);
      return 302;
    }

    return sendBytes(exchange, readBlob(blob), "application/octet-stream");
  }

  private int createRepo(HttpExchange exchange) throws IOException {
    String user = user(exchange);
    if (user == null) {
      throw new HttpError(401, null, "Invalid credentials in Authorization header");
    }

    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    String ns = body.path("organization").asText(user);
    String name = body.path("name").asText();
    if (!"dataset".equals(body.path("type").asText())) {
      throw new HttpError(400, null, "This server holds datasets only");
    }

    if (!orgs.get(user).contains(ns)) {
      throw new HttpError(
          403,
          null,
          "You don't have the rights to create a dataset under the namespace \"" + ns + "\"");
    }

    String id = ns + "/" + name;
    ObjectNode answer =
        JSON.createObjectNode()
            .put("url", endpoint() + "/datasets/" + id)
            .put("name", id)
            .put("id", id);
    boolean isPrivate =
        body.has("visibility")
            ? "private".equals(body.path("visibility").asText())
            : body.path("private").asBoolean(false);
    synchronized (this) {
      if (repos.containsKey(id)) {
        answer.put("error", "You already created this dataset repo");
        return json(exchange, 409, answer);
      }

      Repo repo = new Repo(ns, name, isPrivate);
      repos.put(id, repo);
      Map<String, Blob> files = new TreeMap<>();
      files.put(".gitattributes", storeRegular(GITATTRIBUTES.getBytes(StandardCharsets.UTF_8)));
      commit(repo, null, files, "initial commit");
    }

    return json(exchange, 200, answer);
  }

  private int preupload(HttpExchange exchange, Repo repo) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode files = answer.putArray("files");
    for (JsonNode file : body.path("files")) {
      String path = file.path("path").asText();
      byte[] sample = Base64.getDecoder().decode(file.path("sample").asText(""));
      boolean lfs = lfsByRule(path, file.path("size").asLong(), sample);
      files
          .addObject()
          .put("path", path)
          .put("uploadMode", lfs ? "lfs" : "regular")
          .put("shouldIgnore", false);
    }

    return json(exchange, 200, answer);
  }

  private int lfsBatch(HttpExchange exchange, Repo repo) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    boolean multipartOffered = false;
    for (JsonNode transfer : body.path("transfers")) {
      multipartOffered |= transfer.asText().equals("multipart");
    }

    ObjectNode answer = JSON.createObjectNode();
    answer.put("transfer", multipartOffered ? "multipart" : "basic");
    ArrayNode objects = answer.putArray("objects");
    for (JsonNode object : body.path("objects")) {
      String oid = object.path("oid").asText();
      long size = object.path("size").asLong();
      ObjectNode out = objects.addObject().put("oid", oid).put("size", size);
      if (!oid.matches("[0-9a-f]{64}")) {
        out.putObject("error").put("code", 422).put("message", "Invalid oid " + oid);
        continue;
      }

      if (Files.exists(lfsPath(oid))) {
        continue;
      }

      out.put("authenticated", true);
      ObjectNode actions = out.putObject("actions");
      ObjectNode upload = actions.putObject("upload");
      if (multipartOffered && size > multipartChunk) {
        String uploadId = UUID.randomUUID().toString();
        ObjectNode header = upload.putObject("header");
        header.put("chunk_size", String.valueOf(multipartChunk));
        long parts = (size + multipartChunk - 1) / multipartChunk;
        for (int i = 1; i <= parts; i++) {
          header.put(
              String.format("%05d", i),
              storageEndpoint()
                  + "/upload/"
                  + oid
                  + "/"
                  + uploadId
                  + "/"
                  + i
                  + "?X-Amz-Signature="
                  + signature(oid + i));
        }

        upload.put("href", endpoint() + "/api/complete_multipart?uploadId=" + uploadId);
      } else {
        upload.put(
            "href", storageEndpoint() + "/upload/" + oid + "?X-Amz-Signature=" + signature(oid));
      }

      upload.put("expires_in", 86400);
      actions
          .putObject("verify")
          .put("href", endpoint() + "/datasets/" + repo.id() + ".git/info/lfs/objects/verify");
    }

    exchange.getResponseHeaders().set("Content-Type", "application/vnd.git-lfs+json");
    return json(exchange, 200, answer);
  }

  private int lfsVerify(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    Path object = lfsPath(body.path("oid").asText());
    if (!Files.exists(object) || Files.size(object) != body.path("size").asLong()) {
      throw new HttpError(
          404, null, "Object " + body.path("oid").asText() + " not found or of another size");
    }

    return json(exchange, 200, JSON.createObjectNode().put("message", "Verified"));
  }

  private int completeMultipart(HttpExchange exchange) throws IOException {
    String uploadId = query(exchange.getRequestURI().getRawQuery()).get("uploadId");
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    String oid = body.path("oid").asText();
    Path parts = dir.resolve("uploads").resolve(oid + "-" + uploadId);
    Path assembled = dir.resolve("uploads").resolve(UUID.randomUUID() + ".assembled");
    try (OutputStream out = Files.newOutputStream(assembled)) {
      int expected = 1;
      for (JsonNode part : body.path("parts")) {
        int number = part.path("partNumber").asInt();
        Path file = parts.resolve(String.valueOf(number));
        if (number != expected++ || !Files.exists(file)) {
          throw new HttpError(
              400, null, "Part " + number + " of " + oid + " is missing or out of order");
        }

        byte[] bytes = Files.readAllBytes(file);
        if (!part.path("etag").asText().equals(etag(bytes))) {
          throw new HttpError(400, null, "ETag of part " + number + " does not match");
        }

        out.write(bytes);
      }
    }

    if (!sha256Hex(Files.readAllBytes(assembled)).equals(oid)) {
      Files.delete(assembled);
      throw new HttpError(400, null, "Assembled object does not match oid " + oid);
    }

    Files.move(assembled, lfsPath(oid), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return json(exchange, 200, JSON.createObjectNode().put("success", true));
  }

  private int commit(HttpExchange exchange, Repo repo, String revision) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/x-ndjson")) {
      throw new HttpError(400, null, "Expected application/x-ndjson, got " + type);
    }

    String[] lines =
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("\n");
    synchronized (this) {
      String head = repo.branches.get(revision);
      Map<String, Blob> files =
          new TreeMap<>(head == null ? Map.of() : repo.commits.get(head).files());
      String summary = null;
      int operations = 0;
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }

        JsonNode op = JSON.readTree(line);
        JsonNode value = op.path("value");
        switch (op.path("key").asText()) {
          case "header" -> {
            summary = value.path("summary").asText();
            String parent = value.path("parentCommit").asText(null);
            if (parent != null && !parent.equals(head)) {
              throw new HttpError(
                  412, null, "A commit has happened since. Please refresh and try again.");
            }
          }
          case "file" -> {
            byte[] content = Base64.getDecoder().decode(value.path("content").asText());
            files.put(value.path("path").asText(), storeRegular(content));
            operations++;
          }
          case "lfsFile" -> {
            String oid = value.path("oid").asText();
            long size = value.path("size").asLong();
            if (!Files.exists(lfsPath(oid)) || Files.size(lfsPath(oid)) != size) {
              throw new HttpError(
                  422,
                  null,
                  "LFS object " + oid + " of " + value.path("path").asText() + " was not uploaded");
            }

            files.put(value.path("path").asText(), new Blob(size, gitOid(pointer(oid, size)), oid));
            operations++;
          }
          case "deletedFile" -> {
            files.remove(value.path("path").asText());
            operations++;
          }
          case "deletedFolder" -> {
            String prefix = value.path("path").asText().replaceAll("/?$", "/");
            files.keySet().removeIf(p -> p.startsWith(prefix));
            operations++;
          }
          default ->
              throw new HttpError(400, null, "Unknown commit key " + op.path("key").asText());
        }
      }

      if (summary == null) {
        throw new HttpError(400, null, "The commit has no header line");
      }

      String sha = commit(repo, head, files, summary);
      repo.commitSizes.set(repo.commitSizes.size() - 1, operations);
      ObjectNode answer = JSON.createObjectNode();
      answer.put("success", true);
      answer.put("commitOid", sha);
      answer.put("commitUrl", endpoint() + "/datasets/" + repo.id() + "/commit/" + sha);
      return json(exchange, 200, answer);
    }
  }

  private synchronized int createTag(HttpExchange exchange, Repo repo, String revision)
      throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    String tag = body.path("tag").asText();
    Commit commit = commitAt(repo, revision);
    if (commit == null) {
      throw new HttpError(404, "RevisionNotFound", "Invalid rev id: " + revision);
    }

    if (repo.tags.containsKey(tag)) {
      throw new HttpError(409, null, "Tag " + tag + " already exists");
    }

    repo.tags.put(tag, commit.sha());
    return json(exchange, 200, JSON.createObjectNode().put("name", tag));
  }

  private synchronized int deleteTag(HttpExchange exchange, Repo repo, String tag)
      throws IOException {
    if (repo.tags.remove(tag) == null) {
      throw new HttpError(404, "RevisionNotFound", "Tag " + tag + " not found");
    }

    return json(exchange, 200, JSON.createObjectNode());
  }

  private int routeStorage(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod();
    String[] parts = path.split("/");
    if (method.equals("GET") && parts.length == 3 && parts[1].equals("lfs")) {
      requireSignature(exchange, parts[2]);
      Path object = lfsPath(parts[2]);
      if (!Files.exists(object)) {
        throw new HttpError(404, null, "NoSuchKey");
      }

      return sendRange(exchange, Files.readAllBytes(object));
    }

    if (method.equals("PUT") && parts.length == 3 && parts[1].equals("upload")) {
      requireSignature(exchange, parts[2]);
      byte[] bytes = exchange.getRequestBody().readAllBytes();
      if (!sha256Hex(bytes).equals(parts[2])) {
        throw new HttpError(400, "BadDigest", "The content does not match its oid");
      }

      Files.write(lfsPath(parts[2]), bytes);
      exchange.getResponseHeaders().set("ETag", etag(bytes));
      exchange.sendResponseHeaders(200, -1);
      return 200;
    }

    if (method.equals("PUT") && parts.length == 5 && parts[1].equals("upload")) {
      requireSignature(exchange, parts[2] + parts[4]);
      byte[] bytes = exchange.getRequestBody().readAllBytes();
      Path folder = dir.resolve("uploads").resolve(parts[2] + "-" + parts[3]);
      Files.createDirectories(folder);
      Files.write(folder.resolve(parts[4]), bytes);
      exchange.getResponseHeaders().set("ETag", etag(bytes));
      exchange.sendResponseHeaders(200, -1);
      return 200;
    }

    throw new HttpError(404, null, "NoSuchKey");
  }

  // ---- repo state

  private String commit(Repo repo, String parent, Map<String, Blob> files, String summary) {
    String sha =
        sha1Hex((UUID.randomUUID() + String.valueOf(parent)).getBytes(StandardCharsets.UTF_8));
    repo.commits.put(
        sha, new Commit(sha, parent, Collections.unmodifiableMap(new TreeMap<>(files)), summary));
    repo.branches.put("main", sha);
    repo.commitSizes.add(files.size());
    return sha;
  }

  private static Commit commitAt(Repo repo, String revision) {
    String sha = repo.branches.getOrDefault(revision, repo.tags.get(revision));
    if (sha == null && repo.commits.containsKey(revision)) {
      sha = revision;
    }

    return sha == null ? null : repo.commits.get(sha);
  }

  private boolean lfsByRule(String path, long size, byte[] sample) {
    String extension = path.substring(path.lastIndexOf('.') + 1);
    boolean binary = false;
    for (byte b : sample) {
      binary |= b == 0;
    }

    return size > lfsThreshold || binary || LFS_EXTENSIONS.contains(extension);
  }

  private Blob storeRegular(byte[] content) {
    String oid = gitOid(content);
    try {
      Files.write(dir.resolve("blobs").resolve(oid), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    return new Blob(content.length, oid, null);
  }

  private Blob storeLfs(byte[] content) {
    String sha256 = sha256Hex(content);
    try {
      Files.write(lfsPath(sha256), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    return new Blob(content.length, gitOid(pointer(sha256, content.length)), sha256);
  }

  private byte[] readBlob(Blob blob) {
    try {
      return Files.readAllBytes(
          blob.isLfs() ? lfsPath(blob.sha256()) : dir.resolve("blobs").resolve(blob.gitOid()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path lfsPath(String sha256) {
    return dir.resolve("lfs").resolve(sha256);
  }

  private Repo repo(String id) {
    Repo repo = repos.get(id);
    if (repo == null) {
      throw new IllegalArgumentException("No repo " + id + " on the testing Hub");
    }

    return repo;
  }

  // ---- auth

  private String user(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return null;
    }

    return users.get(header.substring("Bearer ".length()));
  }

  private Repo readable(HttpExchange exchange, String ns, String name) {
    Repo repo = repos.get(ns + "/" + name);
    String user = user(exchange);
    if (repo != null && (!repo.isPrivate || user != null && orgs.get(user).contains(ns))) {
      return repo;
    }

    if (user == null) {
      throw new HttpError(401, "RepoNotFound", "Repository not found");
    }

    throw new HttpError(404, "RepoNotFound", "Repository not found");
  }

  private Repo writable(HttpExchange exchange, String ns, String name) {
    Repo repo = readable(exchange, ns, name);
    String user = user(exchange);
    if (user == null) {
      throw new HttpError(401, null, "Invalid credentials in Authorization header");
    }

    if (!orgs.get(user).contains(ns)) {
      throw new HttpError(403, null, "You don't have the rights to write to " + repo.id());
    }

    return repo;
  }

  private static void requireLfsHeaders(HttpExchange exchange) {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    if (accept == null || !accept.contains("application/vnd.git-lfs+json")) {
      throw new HttpError(406, null, "LFS calls need Accept: application/vnd.git-lfs+json");
    }
  }

  private static void requireSignature(HttpExchange exchange, String what) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null || !query.contains("X-Amz-Signature=" + signature(what))) {
      throw new HttpError(403, "SignatureDoesNotMatch", "The presigned URL is not valid");
    }
  }

  private static String signature(String what) {
    return sha256Hex(("testing-hub-secret:" + what).getBytes(StandardCharsets.UTF_8))
        .substring(0, 32);
  }

  // ---- responses

  private static int json(HttpExchange exchange, int status, JsonNode body) throws IOException {
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }

    byte[] bytes = JSON.writeValueAsBytes(body);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return status;
    }

    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    return status;
  }

  private static int error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    if (code != null) {
      exchange.getResponseHeaders().set("X-Error-Code", code);
    }

    exchange.getResponseHeaders().set("X-Error-Message", message);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    return json(exchange, status, JSON.createObjectNode().put("error", message));
  }

  private static int sendBytes(HttpExchange exchange, byte[] bytes, String type)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    return sendRange(exchange, bytes);
  }

  /** The whole body, or the one {@code Range: bytes=a-b} asked for (206). */
  private static int sendRange(HttpExchange exchange, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
    String range = exchange.getRequestHeaders().getFirst("Range");
    int status = 200;
    int from = 0;
    int to = bytes.length - 1;
    if (range != null && range.startsWith("bytes=")) {
      String[] ends = range.substring(6).split("-", 2);
      from = Integer.parseInt(ends[0]);
      to = ends.length > 1 && !ends[1].isEmpty() ? Math.min(to, Integer.parseInt(ends[1])) : to;
      status = 206;
      exchange
          .getResponseHeaders()
          .set("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
    }

    int length = Math.max(0, to - from + 1);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", String.valueOf(length));
      exchange.sendResponseHeaders(status, -1);
      return status;
    }

    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    exchange.getResponseBody().write(bytes, from, length);
    return status;
  }

  /** An error answer with the Hub's headers. */
  private static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    HttpError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // ---- encoding and digests

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null) {
      return values;
    }

    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      values.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
    }

    return values;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static String decodePath(String raw) {
    StringBuilder path = new StringBuilder();
    for (String part : raw.split("/")) {
      if (path.length() > 0) {
        path.append('/');
      }

      path.append(decode(part));
    }

    return path.toString();
  }

  private static byte[] pointer(String sha256, long size) {
    return ("version https://git-lfs.github.com/spec/v1\noid sha256:"
            + sha256
            + "\nsize "
            + size
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String gitOid(byte[] content) {
    MessageDigest sha1 = digest("SHA-1");
    sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha1.digest(content));
  }

  private static String etag(byte[] bytes) {
    return "\"" + HexFormat.of().formatHex(digest("MD5").digest(bytes)) + "\"";
  }

  private static String sha1Hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest("SHA-1").digest(bytes));
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest("SHA-256").digest(bytes));
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
