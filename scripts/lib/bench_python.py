"""The script a user would write instead of the job: PyAV + NumPy/OpenCV, one process per core.

For every (episode, camera) of a benchmark dataset's manifest (BenchmarkDataset writes it), decode
the episode's segment with PyAV, apply a stacked augmentation (occlusion rectangles, a lighting
lookup table for brightness/contrast/colour temperature, Gaussian defocus blur, per-frame Gaussian
noise) drawn once per episode from the job's default ranges, and re-encode with the dataset's codec
settings (libsvtav1 crf 30, preset 12, g 2, yuv420p) into one mp4 per episode and camera.
--identity skips the augmentation (PyAV's own decode + re-encode floor).

Deliberately plain: NumPy's float64 normal noise and per-frame allocations, library defaults for
threads, the way the scripts we are replacing are written. Prints one JSON line: frames, seconds.
"""

import argparse
import json
import math
import multiprocessing
import os
import random
import time
import zlib

import av
import cv2
import numpy as np


def draw_parameters(seed, width, height):
    rnd = random.Random(seed)
    patches = []
    for _ in range(rnd.randint(1, 3)):
        w = max(1, round(rnd.uniform(0.05, 0.2) * width))
        h = max(1, round(rnd.uniform(0.05, 0.2) * height))
        patches.append(
            (rnd.randint(0, width - w), rnd.randint(0, height - h), w, h,
             tuple(rnd.randint(0, 255) for _ in range(3))))
    return {
        "patches": patches,
        "brightness": rnd.uniform(-15, 15),
        "contrast": rnd.uniform(-10, 10),
        "temperature": rnd.uniform(4000, 6500),
        "sigma_blur": rnd.uniform(0.5, 2.5),
        "sigma_noise": rnd.uniform(3, 15),
    }


def lighting_lut(p):
    # A warm/cool tint by channel gains, then brightness gain and contrast about mid-grey.
    warmth = (6500 - p["temperature"]) / 2500  # 0 at 6500 K, 1 at 4000 K
    gains = np.array([1 + 0.25 * warmth, 1.0, 1 - 0.35 * warmth])
    v = np.arange(256, dtype=np.float64)[:, None] * gains[None, :]
    v = v * (1 + p["brightness"] / 100)
    v = 128 + (1 + p["contrast"] / 100) * (v - 128)
    return np.clip(np.rint(v), 0, 255).astype(np.uint8).reshape(256, 1, 3)


def augment(img, p, lut, rng):
    for x, y, w, h, colour in p["patches"]:
        img[y:y + h, x:x + w] = colour
    img = cv2.LUT(img, lut)
    sigma = p["sigma_blur"]
    k = 2 * math.ceil(3 * sigma) + 1
    img = cv2.GaussianBlur(img, (k, k), sigma)
    noisy = img + rng.normal(0, p["sigma_noise"], img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def process(task):
    episode, camera, segment, frames, fps, out_dir, identity = task
    start = segment["from_timestamp"]
    out_path = os.path.join(out_dir, "episode-%06d-%s.mp4" % (episode, camera))
    with av.open(segment["file"]) as source, av.open(out_path, "w") as output:
        stream = source.streams.video[0]
        stream.thread_type = "AUTO"
        source.seek(int(start / stream.time_base), stream=stream, backward=True)
        encoded = output.add_stream(
            "libsvtav1", rate=fps, options={"crf": "30", "preset": "12"})
        encoded.width = stream.codec_context.width
        encoded.height = stream.codec_context.height
        encoded.pix_fmt = "yuv420p"
        encoded.codec_context.gop_size = 2
        p = draw_parameters(episode * 1000 + zlib.crc32(camera.encode()) % 1000, encoded.width, encoded.height)
        lut = lighting_lut(p)
        rng = np.random.default_rng(episode)
        written = 0
        for frame in source.decode(stream):
            if frame.time < start - 1e-4:
                continue
            if written == frames:
                break
            img = frame.to_ndarray(format="rgb24")
            if not identity:
                img = augment(img, p, lut, rng)
            for packet in encoded.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                output.mux(packet)
            written += 1
        for packet in encoded.encode():
            output.mux(packet)
    if written != frames:
        raise RuntimeError("episode %d %s: %d of %d frames" % (episode, camera, written, frames))
    return written


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--identity", action="store_true")
    args = parser.parse_args()

    started = time.monotonic()
    with open(args.manifest) as f:
        manifest = json.load(f)
    os.makedirs(args.output, exist_ok=True)
    tasks = [
        (e["episode_index"], camera, segment, e["frames"], manifest["fps"], args.output,
         args.identity)
        for e in manifest["episodes"]
        for camera, segment in e["cameras"].items()
    ]
    with multiprocessing.Pool(args.workers) as pool:
        frames = sum(pool.imap_unordered(process, tasks))
    print(json.dumps({"frames": frames, "seconds": time.monotonic() - started}))


if __name__ == "__main__":
    main()
