#!/usr/bin/env python3
"""Regenerates fashion-mnist-small/: a stratified subset of Fashion-MNIST in the original IDX format, gzipped.

Usage: make-fashion-mnist-small.py [SOURCE_DIR] [OUT_DIR] [TRAIN_PER_CLASS] [TEST_PER_CLASS]
SOURCE_DIR holds the four original files (Debian's package dataset-fashion-mnist installs them in
/usr/share/datasets/fashion-mnist). The first TRAIN_PER_CLASS (default 1000) training images of each class
and the first TEST_PER_CLASS (default 200) test images of each class are kept, in their original order, so
the output is the same on every run. Standard library only.
"""
import gzip
import os
import struct
import sys


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def write_idx(path, dims, payload):
    header = struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    # mtime=0: the same input gives byte-identical output.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(header + payload)


def subset(src, out, images, labels, per_class):
    (n, rows, cols), pixels = read_idx(os.path.join(src, images))
    (n_labels,), label_bytes = read_idx(os.path.join(src, labels))
    if n != n_labels:
        raise SystemExit(f"{images} has {n} images but {labels} has {n_labels} labels")
    size = rows * cols
    taken = {c: 0 for c in range(10)}
    keep = []
    for i, c in enumerate(label_bytes):
        if taken[c] < per_class:
            taken[c] += 1
            keep.append(i)
    if any(v < per_class for v in taken.values()):
        raise SystemExit(f"{images}: fewer than {per_class} images in some class: {taken}")
    write_idx(os.path.join(out, images), (len(keep), rows, cols), b"".join(pixels[i * size:(i + 1) * size] for i in keep))
    write_idx(os.path.join(out, labels), (len(keep),), bytes(label_bytes[i] for i in keep))
    print(f"{images}: {len(keep)} of {n} images, {per_class} per class")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "fashion-mnist-small")
    train = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    test = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    os.makedirs(out, exist_ok=True)
    subset(src, out, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", train)
    subset(src, out, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", test)


if __name__ == "__main__":
    main()
