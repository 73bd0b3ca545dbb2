package dev.robotaug.spec;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The job documents in storage, through Hadoop's {@link FileSystem} so that {@code file://}, {@code
 * s3a://}, HDFS and whatever else Hadoop reads all work:
 *
 * <pre>
 * &lt;root&gt;/jobs/&lt;job_id&gt;/spec.json               the job spec, written once by the submitter
 * &lt;root&gt;/jobs/&lt;job_id&gt;/status.json             the status document, kept up to date by the job
 * &lt;root&gt;/jobs/&lt;job_id&gt;/cancel-requested        marker: the job should stop
 * &lt;root&gt;/projects/&lt;project_id&gt;/jobs/&lt;millis&gt;_&lt;job_id&gt;   empty index entry, for listing
 * </pre>
 *
 * Documents are written and read through {@link SmallFiles}: a reader beside a writer finds the old
 * or the new document, never half of one, and never none except on HDFS.
 */
public final class JobStore implements Closeable {
  public static final String JOBS_DIR = "jobs";
  public static final String PROJECTS_DIR = "projects";

  private static final Pattern INDEX_NAME = Pattern.compile("(\\d{15})_([0-9a-f-]{36})");

  private final FileSystem fs;
  private final Path root;

  private JobStore(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  /**
   * Opens the store at {@code rootUri} (a URI, or a path relative to the working directory).
   *
   * @param hadoopConf extra Hadoop settings, e.g. {@code fs.s3a.endpoint}
   */
  public static JobStore open(String rootUri, Map<String, String> hadoopConf) throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    hadoopConf.forEach(conf::set);
    Path root = new Path(rootUri);
    FileSystem fs = FileSystem.newInstance(root.toUri(), conf);
    return new JobStore(fs, fs.makeQualified(root));
  }

  public static JobStore open(String rootUri) throws IOException {
    return open(rootUri, Map.of());
  }

  /** The root of the store that holds this {@code <root>/jobs/<id>/spec.json}. */
  public static String rootOfSpec(String specUri) {
    Path jobs = new Path(specUri).getParent().getParent();
    if (jobs == null || !jobs.getName().equals(JOBS_DIR) || jobs.getParent() == null) {
      throw new IllegalArgumentException(
          "Invalid spec location: " + specUri + ", expected <root>/jobs/<job_id>/spec.json");
    }

    return jobs.getParent().toString();
  }

  /** The qualified root URI. */
  public String root() {
    return root.toString();
  }

  /** Whether the store is on the local file system, so its files are plain files. */
  public boolean isLocal() {
    return "file".equals(root.toUri().getScheme());
  }

  public String jobDir(String jobId) {
    return jobPath(jobId).toString();
  }

  /** The job's folder as a local path, when the store is local. */
  public Optional<java.nio.file.Path> localJobDir(String jobId) {
    if (!isLocal()) {
      return Optional.empty();
    }

    return Optional.of(java.nio.file.Path.of(jobPath(jobId).toUri().getPath()));
  }

  public String specUri(String jobId) {
    return new Path(jobPath(jobId), JobStatus.SPEC_FILE).toString();
  }

  public String statusUri(String jobId) {
    return new Path(jobPath(jobId), JobStatus.STATUS_FILE).toString();
  }

  /**
   * Records a new job: its spec, then its first status, then its project index entry.
   *
   * @throws IOException when the job folder already holds a spec, or storage fails
   */
  public void submit(JobSpec spec, JobStatus status) throws IOException {
    Path specPath = new Path(specUri(spec.jobId()));
    if (fs.exists(specPath)) {
      throw new IOException("Cannot submit job " + spec.jobId() + ": " + specPath + " exists");
    }

    writeAtomically(specPath, SpecJson.write(spec));
    writeStatus(status);
    String projectId = spec.request().projectId();
    if (projectId != null) {
      Path index = new Path(projectPath(projectId), JOBS_DIR);
      Path entry = new Path(index, indexName(spec.createdAt(), spec.jobId()));
      fs.create(entry, true).close();
    }
  }

  public Optional<JobSpec> readSpec(String jobId) throws IOException {
    return read(new Path(specUri(jobId))).map(json -> SpecJson.read(json, JobSpec.class));
  }

  public Optional<JobStatus> readStatus(String jobId) throws IOException {
    return read(new Path(statusUri(jobId))).map(json -> SpecJson.read(json, JobStatus.class));
  }

  /** Replaces the status document of {@code status.jobId()}. */
  public void writeStatus(JobStatus status) throws IOException {
    writeAtomically(new Path(statusUri(status.jobId())), SpecJson.write(status));
  }

  /** Leaves the cancel marker in the job's folder; the job polls for it. */
  public void requestCancel(String jobId) throws IOException {
    fs.create(new Path(jobPath(jobId), JobStatus.CANCEL_MARKER), true).close();
  }

  public boolean isCancelRequested(String jobId) throws IOException {
    return fs.exists(new Path(jobPath(jobId), JobStatus.CANCEL_MARKER));
  }

  /** One job in a project's index. */
  public record IndexEntry(Instant createdAt, String jobId) {
    /** Newest first; equal times by job id. */
    public static final Comparator<IndexEntry> NEWEST_FIRST =
        Comparator.comparing(IndexEntry::createdAt).reversed().thenComparing(IndexEntry::jobId);
  }

  /** The jobs of a project, newest first, from its index (no status document is read). */
  public List<IndexEntry> projectJobs(String projectId) throws IOException {
    FileStatus[] files;
    try {
      files = fs.listStatus(new Path(projectPath(projectId), JOBS_DIR));
    } catch (FileNotFoundException none) {
      return List.of();
    }

    List<IndexEntry> entries = new ArrayList<>();
    for (FileStatus file : files) {
      Matcher name = INDEX_NAME.matcher(file.getPath().getName());
      if (name.matches()) {
        entries.add(
            new IndexEntry(Instant.ofEpochMilli(Long.parseLong(name.group(1))), name.group(2)));
      }
    }

    entries.sort(IndexEntry.NEWEST_FIRST);
    return entries;
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }

  private Path jobPath(String jobId) {
    requireSafeName(jobId, "job_id");
    return new Path(new Path(root, JOBS_DIR), jobId);
  }

  private Path projectPath(String projectId) {
    requireSafeName(projectId, "project_id");
    return new Path(new Path(root, PROJECTS_DIR), projectId);
  }

  private static String indexName(Instant createdAt, String jobId) {
    return String.format("%015d_%s", createdAt.toEpochMilli(), jobId);
  }

  /** Ids become folder names: nothing that could climb or nest. */
  private static void requireSafeName(String id, String field) {
    Objects.requireNonNull(id, field + " is null");
    if (id.isEmpty() || id.contains("/") || id.contains("\\") || id.startsWith(".")) {
      throw new IllegalArgumentException("Invalid " + field + ": '" + id + "'");
    }
  }

  private Optional<String> read(Path path) throws IOException {
    return SmallFiles.read(fs, path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  private void writeAtomically(Path target, String content) throws IOException {
    try {
      SmallFiles.write(fs, target, content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException("Cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
