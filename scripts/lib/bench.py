"""scripts/bench's driver: runs the variants, prints the table, updates docs/BENCHMARKS.md.

Standard library only. Every variant runs as a child process timed by wall clock from start to
exit; its peak memory is the child's ru_maxrss from wait4 (the largest single process of its
tree: the JVM for the job, the largest worker for Python and ffmpeg). fps = frames written (every
copy of every camera) / seconds. Results go to target/bench/results/<section>.json and into the
section of docs/BENCHMARKS.md between its bench markers; the prose around them is kept.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "target", "bench")
DOC = os.path.join(ROOT, "docs", "BENCHMARKS.md")
VENV_PYTHON = os.path.join(ROOT, ".venv-bench", "bin", "python")

# The job's request: the stacked copy the Python and ffmpeg scripts imitate. Blur, noise and
# occlusion types are pinned to the ones those scripts have a plain equivalent for.
REQUEST = [
    "augment_transforms=occlusion,lighting,blur,noise",
    "augment_mode=stacked",
    "blur_type=defocus",
    "noise_type=gaussian",
    "occlusion_type=rectangle",
]

# The same without noise: shows what per-frame noise costs the encoder.
NO_NOISE = [f.replace(",noise", "") for f in REQUEST if not f.startswith("noise_type")]

STAGE_LINE = re.compile(
    r"Augmented episode \d+ into \d+ copies: .*\(decode (\d+) ms, augment (\d+) ms, "
    r"encode (\d+) ms, digest\+stats (\d+) ms, setup (\d+) ms, rows (\d+) ms, other (\d+) ms\)")
STAGES = ["decode", "augment", "encode", "digest+stats", "setup", "rows", "other"]
SUMMARY_LINE = re.compile(r"frames\) in ([\d.]+) s:")


def dataset(cameras, episodes, frames):
    return os.path.join(BENCH, "v30-av1-640x480-%dcam-%dx%d" % (cameras, episodes, frames))


def manifest_of(root):
    with open(root + ".episodes.json") as f:
        return json.load(f)


def source_frames(root):
    manifest = manifest_of(root)
    return sum(e["frames"] * len(e["cameras"]) for e in manifest["episodes"])


def load_average():
    return round(os.getloadavg()[0], 1)


def run(name, command, frames, env=None, cwd=ROOT):
    """Runs one variant to the end; returns its measurements."""
    log_path = os.path.join(BENCH, "logs", name + ".log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    load = load_average()
    print("[bench] %-28s load %5.1f ... " % (name, load), end="", flush=True, file=sys.stderr)
    with open(log_path, "w") as log:
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, cwd=cwd,
                                 env=dict(os.environ, **(env or {})), text=True)
        stdout = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        log.write("\n--- stdout ---\n" + stdout)
    if child.returncode != 0:
        print("FAILED", file=sys.stderr)
        raise SystemExit("scripts/bench: %s failed (exit %d); see %s"
                         % (name, child.returncode, log_path))

    result = {
        "name": name,
        "frames": frames,
        "seconds": round(seconds, 1),
        "fps": round(frames / seconds, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "frames_per_cpu_s": round(frames / (usage.ru_utime + usage.ru_stime), 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "load": load,
    }
    summary = SUMMARY_LINE.search(stdout)
    if summary:
        result["job_seconds"] = float(summary.group(1))
        result["job_fps"] = round(frames / result["job_seconds"], 1)
    stages = [0] * 7
    with open(log_path) as log:
        for line in log:
            match = STAGE_LINE.search(line)
            if match:
                stages = [total + int(v) for total, v in zip(stages, match.groups())]
    if any(stages):
        result["stages_ms"] = dict(zip(STAGES,
                                       stages))
    print("%7.1f s %7.1f fps %7.1f cpu-s %6d MB"
          % (seconds, result["fps"], result["cpu_seconds"], result["peak_rss_mb"]),
          file=sys.stderr)
    return result


def job(name, root, copies=1, master="local[2]", identity=False, java_opts="", cores=None,
        request=None):
    """scripts/augment on root; cores pins the JVM to that many CPUs (taskset)."""
    out = os.path.join(BENCH, "out", name)
    shutil.rmtree(out, ignore_errors=True)
    command = [os.path.join(ROOT, "scripts", "augment"), "--dataset", root, "--output", out,
               "--master", master, "--seed", "1"]
    if cores:
        command = ["taskset", "-c", ",".join(str(c) for c in range(cores))] + command
    for field in (request or REQUEST) + ["augment_copies=%d" % copies]:
        command += ["--set", field]
    opts = "-Xmx4g " + java_opts
    if identity:
        opts += " -Dspark.robotaug.bench.identity=true"
    result = run(name, command, source_frames(root) * copies, env={"ROBOTAUG_JAVA_OPTS": opts})
    shutil.rmtree(out, ignore_errors=True)
    return result


def script(name, path, root, *flags):
    out = os.path.join(BENCH, "out", name)
    shutil.rmtree(out, ignore_errors=True)
    command = [VENV_PYTHON, os.path.join(ROOT, "scripts", "lib", path),
               "--manifest", root + ".episodes.json", "--output", out, *flags]
    result = run(name, command, source_frames(root), env={"SVT_LOG": "1"})
    shutil.rmtree(out, ignore_errors=True)
    return result


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        memory_kb = int(f.readline().split()[1])
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    pyav = subprocess.run([VENV_PYTHON, "-c", "import av, cv2, numpy; print(av.__version__, "
                           "cv2.__version__, numpy.__version__)"],
                          capture_output=True, text=True).stdout.split()
    return {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024),
        "os": platform.platform(),
        "java": java.splitlines()[0] if java else "?",
        "ffmpeg": ffmpeg.split("\n")[0].replace("ffmpeg version ", "") if ffmpeg else "?",
        "pyav_opencv_numpy": " / ".join(pyav),
    }


def ratio(a, b):
    return round(a / b, 2) if b else None


def main_section():
    one, two = dataset(1, 8, 300), dataset(2, 8, 300)
    info = machine()
    results = [
        job("a-job-1cam", one),
        job("b-floor-1cam", one, identity=True),
        script("c-ffmpeg-1cam", "bench_ffmpeg.py", one, "--parallel", "2"),
        script("d-python-1cam", "bench_python.py", one, "--workers", "2"),
        script("d0-python-floor-1cam", "bench_python.py", one, "--workers", "2", "--identity"),
        job("a-job-2cam", two),
        job("b-floor-2cam", two, identity=True),
        job("a-job-1cam-no-noise", one, request=NO_NOISE),
        job("a-job-1cam-local1-1core", one, master="local[1]", cores=1),
        job("a-job-1cam-copies3", one, copies=3),
    ]
    by = {r["name"]: r for r in results}
    a, b, c, d = (by[n]["fps"] for n in ["a-job-1cam", "b-floor-1cam", "c-ffmpeg-1cam",
                                         "d-python-1cam"])
    ratios = {
        "a/b (target >= 0.85)": ratio(a, b),
        "a/b two cameras": ratio(by["a-job-2cam"]["fps"], by["b-floor-2cam"]["fps"]),
        "a/b without noise (occlusion, lighting, blur)": ratio(by["a-job-1cam-no-noise"]["fps"],
                                                               b),
        "a/d (target >= 1.5)": ratio(a, d),
        "a/c (target >= 1.0)": ratio(a, c),
        "local[2]/local[1] on 1 core (target >= 1.8)": ratio(a, by["a-job-1cam-local1-1core"]["fps"]),
        "time copies 3 / copies 1 (target < 3)": ratio(by["a-job-1cam-copies3"]["seconds"],
                                                       by["a-job-1cam"]["seconds"]),
    }
    cpu = {n: by[n]["frames_per_cpu_s"] for n in by}
    ratios["a/b, frames per CPU second"] = ratio(cpu["a-job-1cam"], cpu["b-floor-1cam"])
    ratios["a/d, frames per CPU second"] = ratio(cpu["a-job-1cam"], cpu["d-python-1cam"])
    ratios["a/c, frames per CPU second"] = ratio(cpu["a-job-1cam"], cpu["c-ffmpeg-1cam"])
    ratios["CPU time copies 3 / copies 1"] = ratio(by["a-job-1cam-copies3"]["cpu_seconds"],
                                                   by["a-job-1cam"]["cpu_seconds"])
    if "job_fps" in by["a-job-1cam"] and "job_fps" in by["b-floor-1cam"]:
        ratios["a/b, job time only (no JVM/Spark start)"] = ratio(
            by["a-job-1cam"]["job_fps"], by["b-floor-1cam"]["job_fps"])
        ratios["local[2]/local[1], job time only"] = ratio(
            by["a-job-1cam"]["job_fps"], by["a-job-1cam-local1-1core"]["job_fps"])
        ratios["time copies 3 / copies 1, job time only"] = ratio(
            by["a-job-1cam-copies3"]["job_seconds"], by["a-job-1cam"]["job_seconds"])
    return {"machine": info, "results": results, "ratios": ratios,
            "load_after": load_average()}


def memory_section():
    short, long = dataset(1, 1, 300), dataset(1, 1, 10000)
    info = machine()
    # A fixed heap, touched in full at start: the resident size of a short and a long run then
    # differs only by what the episode's length adds (native codec buffers, anything held per frame),
    # not by how much of a growing heap the garbage collector happened to touch.
    heap = "-Xms1g -Xmx1g -XX:+AlwaysPreTouch"
    results = [job("memory-300-frames", short, java_opts=heap),
               job("memory-10000-frames", long, java_opts=heap)]
    return {"machine": info, "results": results, "load_after": load_average(),
            "ratios": {"peak RSS 10,000 / 300 frames": ratio(results[1]["peak_rss_mb"],
                                                             results[0]["peak_rss_mb"])}}


def jmh_section():
    raw = os.path.join(BENCH, "jmh.json")
    info = machine()
    load = load_average()
    subprocess.run([os.path.join(ROOT, "scripts", "jmh"), "-rf", "json", "-rff", raw,
                    "dev.robotaug.augment.bench"], cwd=ROOT, check=True,
                   env=dict(os.environ, MVN_ARGS=os.environ.get("MVN_ARGS", "-o")),
                   stdout=sys.stderr)
    with open(raw) as f:
        runs = json.load(f)
    results = []
    for r in runs:
        params = ",".join("%s=%s" % kv for kv in sorted((r.get("params") or {}).items()))
        results.append({
            "name": r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
            + ("(" + params + ")" if params else ""),
            "ms_per_frame": round(r["primaryMetric"]["score"], 3),
            "error": round(r["primaryMetric"]["scoreError"], 3),
        })
    return {"machine": info, "results": results, "load": load, "load_after": load_average()}


def table(section, data):
    m = data["machine"]
    lines = ["Measured %s on %s, %d cores, %d GB, %s; %s; ffmpeg %s; PyAV / OpenCV / NumPy %s."
             % (m["date"], m["cpu"], m["cores"], m["memory_gb"], m["os"], m["java"], m["ffmpeg"],
                m["pyav_opencv_numpy"]), ""]
    if section == "jmh":
        lines += ["Load average %.1f before, %.1f after." % (data["load"], data["load_after"]), "",
                  "| benchmark (640x480 RGB frame, one thread) | ms/frame | ± |", "|---|---|---|"]
        lines += ["| %s | %.3f | %.3f |" % (r["name"], r["ms_per_frame"], r["error"])
                  for r in data["results"]]
        return "\n".join(lines)

    lines += ["| variant | frames | wall s | **fps** | job s (in-JVM) | job fps | CPU s "
              "| frames per CPU s | peak RSS MB | load |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in data["results"]:
        lines.append("| %s | %d | %.1f | **%.1f** | %s | %s | %.1f | %.1f | %d | %.1f |" % (
            r["name"], r["frames"], r["seconds"], r["fps"], r.get("job_seconds", "–"),
            r.get("job_fps", "–"), r["cpu_seconds"], r["frames_per_cpu_s"], r["peak_rss_mb"],
            r["load"]))
    lines += ["", "| ratio | value |", "|---|---|"]
    lines += ["| %s | %s |" % kv for kv in data["ratios"].items()]
    staged = [r for r in data["results"] if "stages_ms" in r]
    if staged:
        lines += ["", "Where the job's task time goes (sum over episodes of the per-stage wall "
                  "time the tasks log; two tasks run at once under local[2]):", "",
                  "| variant | " + " | ".join(STAGES) + " |",
                  "|---" * (len(STAGES) + 1) + "|"]
        for r in staged:
            s = r["stages_ms"]
            total = sum(s.values()) or 1
            lines.append("| %s | %s |" % (r["name"], " | ".join(
                "%.1f s (%d%%)" % (v / 1000, round(100 * v / total)) for v in s.values())))
    lines += ["", "Load average when the run ended: %.1f." % data["load_after"]]
    return "\n".join(lines)


def update_doc(section, text):
    start, end = "<!-- bench:%s:start -->" % section, "<!-- bench:%s:end -->" % section
    with open(DOC) as f:
        doc = f.read()
    if start not in doc or end not in doc:
        raise SystemExit("scripts/bench: %s lacks the markers %s ... %s" % (DOC, start, end))
    before, rest = doc.split(start, 1)
    _, after = rest.split(end, 1)
    with open(DOC, "w") as f:
        f.write(before + start + "\n" + text + "\n" + end + after)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("section", choices=["main", "memory", "jmh"])
    args = parser.parse_args()
    sections = {"main": main_section, "memory": memory_section, "jmh": jmh_section}
    with open(DOC) as f:
        if "<!-- bench:%s:start -->" % args.section not in f.read():
            raise SystemExit("scripts/bench: %s lacks the %s markers" % (DOC, args.section))
    data = sections[args.section]()
    os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
    with open(os.path.join(BENCH, "results", args.section + ".json"), "w") as f:
        json.dump(data, f, indent=2)
    text = table(args.section, data)
    update_doc(args.section, text)
    print(text)


if __name__ == "__main__":
    main()
