"""The ffmpeg command line a user would run instead of the job: one filtergraph per episode.

For every (episode, camera) of a benchmark dataset's manifest, runs the Debian ffmpeg CLI on the
episode's segment with the nearest filtergraph equivalent of the job's stacked augmentation
(drawbox occlusions, colortemperature + eq for lighting, gblur for defocus, temporal noise), drawn
once per episode from the job's default ranges, and re-encodes with the dataset's settings
(libsvtav1 crf 30, preset 12, g 2, yuv420p), `--parallel` commands at a time. --identity drops the
filtergraph (ffmpeg's own decode + re-encode floor). Prints one JSON line: frames, seconds.
"""

import argparse
import json
import math
import os
import random
import subprocess
import time
import zlib
from concurrent.futures import ThreadPoolExecutor


def filtergraph(seed, width, height):
    rnd = random.Random(seed)
    filters = []
    for _ in range(rnd.randint(1, 3)):
        w = max(1, round(rnd.uniform(0.05, 0.2) * width))
        h = max(1, round(rnd.uniform(0.05, 0.2) * height))
        x, y = rnd.randint(0, width - w), rnd.randint(0, height - h)
        colour = "0x%02x%02x%02x" % tuple(rnd.randint(0, 255) for _ in range(3))
        filters.append("drawbox=x=%d:y=%d:w=%d:h=%d:color=%s:t=fill" % (x, y, w, h, colour))
    brightness, contrast = rnd.uniform(-15, 15), rnd.uniform(-10, 10)
    filters.append("colortemperature=temperature=%d" % rnd.uniform(4000, 6500))
    # eq's brightness is an offset in [-1, 1]: a gain of b % moves mid-grey by about b/200.
    filters.append("eq=brightness=%.4f:contrast=%.4f" % (brightness / 200, 1 + contrast / 100))
    filters.append("gblur=sigma=%.3f" % rnd.uniform(0.5, 2.5))
    # The noise filter adds uniform noise of +-strength; sqrt(3) sigma gives the same std.
    filters.append("noise=alls=%d:allf=t" % round(math.sqrt(3) * rnd.uniform(3, 15)))
    return ",".join(filters)


def run(task):
    episode, camera, segment, frames, width, height, out_dir, identity = task
    out_path = os.path.join(out_dir, "episode-%06d-%s.mp4" % (episode, camera))
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
               "-ss", "%.6f" % segment["from_timestamp"], "-i", segment["file"],
               "-frames:v", str(frames), "-an"]
    if not identity:
        seed = episode * 1000 + zlib.crc32(camera.encode()) % 1000
        command += ["-vf", filtergraph(seed, width, height)]
    command += ["-c:v", "libsvtav1", "-crf", "30", "-preset", "12", "-g", "2",
                "-pix_fmt", "yuv420p", out_path]
    subprocess.run(command, check=True)
    return frames


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--identity", action="store_true")
    args = parser.parse_args()

    started = time.monotonic()
    with open(args.manifest) as f:
        manifest = json.load(f)
    os.makedirs(args.output, exist_ok=True)
    tasks = [
        (e["episode_index"], camera, segment, e["frames"], manifest["width"], manifest["height"],
         args.output, args.identity)
        for e in manifest["episodes"]
        for camera, segment in e["cameras"].items()
    ]
    with ThreadPoolExecutor(args.parallel) as pool:
        frames = sum(pool.map(run, tasks))
    print(json.dumps({"frames": frames, "seconds": time.monotonic() - started}))


if __name__ == "__main__":
    main()
