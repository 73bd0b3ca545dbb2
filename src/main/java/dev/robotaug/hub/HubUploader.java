package dev.robotaug.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotaug.dataset.Storage;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a finished dataset folder (any Hadoop URI) to a Hub dataset repo, resumably.
 *
 * <p>Order of work: create the repo (private unless told otherwise; an existing repo must carry
 * this job's {@code meta/augmentation.json} or be empty), hash every local file, list the repo and
 * keep only files whose content differs (git blob SHA-1 for regular files, SHA-256 for LFS ones),
 * ask preupload how each is to be sent, push LFS content (basic or multipart, a few at a time),
 * then commit in NDJSON commits of at most {@link Options#maxFilesPerCommit()} files: {@code
 * meta/augmentation.json} first (it marks the repo as this job's), then data and videos, then the
 * rest of {@code meta/}, {@code README.md} last. Remote files the output no longer has are deleted
 * in the last commit. Finally the tag ({@code v3.0}) is put on the last commit: LeRobot refuses a
 * repo without it, so the tag is the Hub's "finished" marker, like {@code _SUCCESS} on storage.
 *
 * <p>A dropped connection during a commit, or a commit refused because the branch moved, starts
 * another round from the listing; a rerun of the whole upload does the same, so what is committed
 * already is never sent again.
 */
public final class HubUploader {
  private static final Logger LOG = LoggerFactory.getLogger(HubUploader.class);
  private static final String OWNER_FILE = "meta/augmentation.json";
  private static final String GIT_ATTRIBUTES = ".gitattributes";
  private static final int ROUNDS = 3;
  private static final int SAMPLE_BYTES = 512;

  private final HubClient client;

  public HubUploader(HubClient client) {
    this.client = client;
  }

  /**
   * How to upload.
   *
   * @param jobId the job whose output this is; an existing repo must belong to it
   * @param tag tag to put on the final commit, or null
   * @param concurrency LFS objects sent at once
   */
  public record Options(
      boolean isPrivate,
      String jobId,
      String commitSummary,
      String tag,
      int maxFilesPerCommit,
      int concurrency) {

    public Options {
      if (maxFilesPerCommit < 1 || maxFilesPerCommit > 100) {
        throw new IllegalArgumentException(
            "Invalid files per commit: " + maxFilesPerCommit + ", allowed 1..100");
      }

      concurrency = Math.max(1, concurrency);
    }

    /** Private repo, 100 files per commit, 4 LFS uploads at once. */
    public static Options forJob(String jobId, String tag) {
      return new Options(true, jobId, "Upload augmented dataset (job " + jobId + ")", tag, 100, 4);
    }

    public Options withPrivate(boolean newPrivate) {
      return new Options(newPrivate, jobId, commitSummary, tag, maxFilesPerCommit, concurrency);
    }

    public Options withMaxFilesPerCommit(int files) {
      return new Options(isPrivate, jobId, commitSummary, tag, files, concurrency);
    }
  }

  /**
   * What the upload did.
   *
   * @param commit the commit the repo's branch points at now
   * @param filesSent files committed in this run (changed or new)
   * @param filesUnchanged files already on the Hub with the same content
   * @param lfsBytesSent LFS content bytes sent in this run
   */
  public record Result(
      HubRepoId repo,
      String commit,
      int filesSent,
      int filesUnchanged,
      long lfsBytesSent,
      int commits) {}

  /** One local file with the digests both kinds of remote entry are compared by. */
  private record LocalFile(String path, long size, String sha256, String gitSha1) {}

  public Result upload(Configuration conf, Path folder, HubRepoId repo, Options options) {
    long started = System.nanoTime();
    String branch = repo.revisionOrMain();
    boolean created = client.createRepo(repo, options.isPrivate());
    LOG.info(
        "{} Hub dataset {} ({})",
        created ? "Created" : "Uploading again to existing",
        repo.id(),
        options.isPrivate() ? "private" : "public");

    // One FileSystem for the whole upload: local ones are not cached (Storage.configuration).
    FileSystem fs = Storage.fileSystem(conf, folder);
    List<LocalFile> local = hashAll(conf, fs, folder);
    int sent = 0;
    int unchanged = 0;
    int commits = 0;
    long lfsBytes = 0;
    String head = null;
    for (int round = 1; ; round++) {
      Map<String, HubFile> remote = remoteFiles(repo, branch);
      if (round == 1) {
        checkOwnership(repo, branch, remote, options.jobId());
      }

      List<LocalFile> pending =
          local.stream().filter(file -> !sameContent(file, remote.get(file.path()))).toList();
      if (round == 1) {
        unchanged = local.size() - pending.size();
      }

      List<String> stale = staleFiles(local, remote);
      head = client.datasetInfo(repo.withRevision(branch)).sha();
      if (pending.isEmpty() && stale.isEmpty()) {
        break;
      }

      LOG.info(
          "Hub dataset {}: {} files to send, {} to delete, {} unchanged (round {})",
          repo.id(),
          pending.size(),
          stale.size(),
          local.size() - pending.size(),
          round);
      Map<String, String> modes = uploadModes(fs, folder, repo, branch, pending);
      lfsBytes += pushLfs(fs, folder, repo, branch, pending, modes, options.concurrency());
      try {
        List<List<CommitOperation>> batches =
            batches(fs, folder, pending, modes, stale, options.maxFilesPerCommit());
        for (int i = 0; i < batches.size(); i++) {
          String summary =
              options.commitSummary()
                  + (batches.size() > 1 ? " (part " + (i + 1) + " of " + batches.size() + ")" : "");
          HubCommit commit = client.commit(repo, branch, summary, head, batches.get(i));
          head = commit.oid();
          commits++;
          sent +=
              (int)
                  batches.get(i).stream()
                      .filter(op -> !(op instanceof CommitOperation.Delete))
                      .count();
        }

        break;
      } catch (HubException e) {
        boolean resumable =
            e.kind() == HubException.Kind.TRANSPORT
                || e.kind() == HubException.Kind.PRECONDITION_FAILED;
        if (!resumable || round >= ROUNDS) {
          throw e;
        }

        LOG.warn("{}; listing {} again to commit what is missing", e.getMessage(), repo.id());
      }
    }

    if (options.tag() != null) {
      tag(repo, options.tag(), head);
    }

    LOG.info(
        "Uploaded {} to Hub dataset {} at {}: {} files sent ({} LFS bytes), {} unchanged, {} commits, {} ms",
        folder,
        repo.id(),
        head,
        sent,
        lfsBytes,
        unchanged,
        commits,
        (System.nanoTime() - started) / 1_000_000);
    return new Result(repo.withRevision(branch), head, sent, unchanged, lfsBytes, commits);
  }

  private Map<String, HubFile> remoteFiles(HubRepoId repo, String branch) {
    Map<String, HubFile> remote = new LinkedHashMap<>();
    try {
      client.listFiles(repo, branch).forEach(file -> remote.put(file.path(), file));
    } catch (HubException e) {
      // A repo without any commit has no branch to list yet.
      if (e.kind() != HubException.Kind.NOT_FOUND) {
        throw e;
      }
    }

    return remote;
  }

  /** An existing repo with content must be this job's earlier upload, never someone's dataset. */
  private void checkOwnership(
      HubRepoId repo, String branch, Map<String, HubFile> remote, String jobId) {
    boolean empty =
        remote.keySet().stream().allMatch(p -> p.equals(GIT_ATTRIBUTES) || p.equals("README.md"));
    if (empty) {
      return;
    }

    HubFile owner = remote.get(OWNER_FILE);
    String found = null;
    if (owner != null) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      client.download(
          repo,
          branch,
          owner,
          () -> {
            bytes.reset();
            return bytes;
          });
      try {
        JsonNode document = HubJson.MAPPER.readTree(bytes.toByteArray());
        found = document.path("job_id").asText(null);
      } catch (IOException e) {
        found = null;
      }
    }

    if (!jobId.equals(found)) {
      throw new IllegalArgumentException(
          "Cannot upload to Hub dataset "
              + repo.id()
              + ": it already holds "
              + remote.size()
              + " files that job "
              + jobId
              + " did not write"
              + (found == null ? "" : " (they come from job " + found + ")"));
    }
  }

  private static boolean sameContent(LocalFile file, HubFile remote) {
    if (remote == null || remote.size() != file.size()) {
      return false;
    }

    return remote.isLfs()
        ? remote.lfsSha256().equalsIgnoreCase(file.sha256())
        : file.gitSha1().equalsIgnoreCase(remote.oid());
  }

  private static List<String> staleFiles(List<LocalFile> local, Map<String, HubFile> remote) {
    List<String> stale = new ArrayList<>(remote.keySet());
    stale.remove(GIT_ATTRIBUTES);
    local.forEach(file -> stale.remove(file.path()));
    return stale;
  }

  private Map<String, String> uploadModes(
      FileSystem fs, Path folder, HubRepoId repo, String branch, List<LocalFile> pending) {
    List<HubClient.PreuploadFile> files = new ArrayList<>();
    for (LocalFile file : pending) {
      byte[] sample;
      try (InputStream in = open(fs, new Path(folder, file.path()), 0, SAMPLE_BYTES)) {
        sample = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file.path() + ": " + e.getMessage(), e);
      }

      files.add(new HubClient.PreuploadFile(file.path(), file.size(), sample));
    }

    Map<String, String> modes = client.uploadModes(repo, branch, files);
    // Empty files are always regular, whatever the server says (LFS has nothing to store).
    pending.stream().filter(f -> f.size() == 0).forEach(f -> modes.put(f.path(), "regular"));
    return modes;
  }

  /** Sends the content of every pending LFS file; answers the bytes sent. */
  private long pushLfs(
      FileSystem fs,
      Path folder,
      HubRepoId repo,
      String branch,
      List<LocalFile> pending,
      Map<String, String> modes,
      int concurrency) {
    Map<String, LocalFile> byOid = new LinkedHashMap<>();
    pending.stream()
        .filter(f -> "lfs".equals(modes.get(f.path())))
        .forEach(f -> byOid.putIfAbsent(f.sha256(), f));
    if (byOid.isEmpty()) {
      return 0;
    }

    List<LfsAction> actions = new ArrayList<>();
    List<String> oids = new ArrayList<>(byOid.keySet());
    for (int from = 0; from < oids.size(); from += 100) {
      Map<String, Long> objects = new LinkedHashMap<>();
      oids.subList(from, Math.min(oids.size(), from + 100))
          .forEach(oid -> objects.put(oid, byOid.get(oid).size()));
      actions.addAll(client.lfsBatch(repo, branch, objects));
    }

    ExecutorService pool = Executors.newFixedThreadPool(concurrency, daemon());
    try {
      List<Future<Long>> uploads = new ArrayList<>();
      for (LfsAction action : actions) {
        LocalFile file = byOid.get(action.oid());
        Path path = new Path(folder, file.path());
        uploads.add(
            pool.submit(
                () -> {
                  client.uploadLfs(
                      action, file.path(), (offset, length) -> open(fs, path, offset, length));
                  return action.alreadyStored() ? 0L : action.size();
                }));
      }

      long bytes = 0;
      for (Future<Long> upload : uploads) {
        bytes += upload.get();
      }

      return bytes;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }

      throw new IllegalStateException("Cannot upload to Hub dataset " + repo.id(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while uploading to " + repo.id(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<List<CommitOperation>> batches(
      FileSystem fs,
      Path folder,
      List<LocalFile> pending,
      Map<String, String> modes,
      List<String> stale,
      int perCommit) {
    List<LocalFile> ordered = new ArrayList<>(pending);
    ordered.sort(
        Comparator.comparingInt((LocalFile f) -> rank(f.path())).thenComparing(LocalFile::path));
    List<CommitOperation> operations = new ArrayList<>();
    for (LocalFile file : ordered) {
      String mode = modes.getOrDefault(file.path(), "regular");
      if (mode.equals("ignore")) {
        LOG.warn("The Hub ignores {} (.gitignore); it is not uploaded", file.path());
      } else if (mode.equals("lfs")) {
        operations.add(new CommitOperation.Lfs(file.path(), file.sha256(), file.size()));
      } else {
        operations.add(
            new CommitOperation.Inline(file.path(), readAll(fs, new Path(folder, file.path()))));
      }
    }

    stale.forEach(path -> operations.add(new CommitOperation.Delete(path)));
    List<List<CommitOperation>> batches = new ArrayList<>();
    for (int from = 0; from < operations.size(); from += perCommit) {
      batches.add(
          List.copyOf(operations.subList(from, Math.min(operations.size(), from + perCommit))));
    }

    return batches;
  }

  /** Commit order: the ownership file, then data and videos, the rest of meta, the card last. */
  private static int rank(String path) {
    if (path.equals(OWNER_FILE)) {
      return 0;
    }

    if (path.startsWith("meta/")) {
      return 2;
    }

    return path.equals("README.md") ? 3 : 1;
  }

  private void tag(HubRepoId repo, String tag, String commit) {
    String current = client.tags(repo).get(tag);
    if (commit.equals(current)) {
      return;
    }

    if (current != null) {
      client.deleteTag(repo, tag);
    }

    client.createTag(repo, tag, commit, "LeRobot codebase version " + tag);
    LOG.info("Tagged Hub dataset {} at {} as {}", repo.id(), commit, tag);
  }

  private static List<LocalFile> hashAll(Configuration conf, FileSystem fs, Path folder) {
    List<LocalFile> files = new ArrayList<>();
    for (String relative : Storage.listRecursive(conf, folder, folder.toString())) {
      Path path = new Path(folder, relative);
      MessageDigest sha256 = digest("SHA-256");
      MessageDigest sha1 = digest("SHA-1");
      long size;
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = fs.open(path)) {
        size = fs.getFileStatus(path).getLen();
        sha1.update(("blob " + size + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          sha256.update(buffer, 0, n);
          sha1.update(buffer, 0, n);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
      }

      files.add(
          new LocalFile(
              relative,
              size,
              HexFormat.of().formatHex(sha256.digest()),
              HexFormat.of().formatHex(sha1.digest())));
    }

    return files;
  }

  private static byte[] readAll(FileSystem fs, Path path) {
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** {@code length} bytes of {@code path} from {@code offset}. */
  private static InputStream open(FileSystem fs, Path path, long offset, long length)
      throws IOException {
    FSDataInputStream in = fs.open(path);
    in.seek(offset);
    return new Bounded(in, length);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "robotaug-hub-upload");
      thread.setDaemon(true);
      return thread;
    };
  }

  /** At most {@code remaining} bytes of the stream underneath. */
  private static final class Bounded extends FilterInputStream {
    private long remaining;

    Bounded(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }

      int b = super.read();
      remaining -= b >= 0 ? 1 : 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }

      int n = super.read(b, off, (int) Math.min(len, remaining));
      remaining -= Math.max(n, 0);
      return n;
    }
  }
}
