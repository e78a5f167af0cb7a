#!/usr/bin/python3
"""Generate the fixtures of tests/test_io.c: good and malformed
.safetensors and .npy files.

The .npy files are written by numpy itself (numpy.save and
numpy.lib.format.write_array), so the C reader and writer are checked
against numpy's own bytes.  There is no safetensors package here, so the
.safetensors files are written by hand below from the published format
(8-byte little-endian header length, JSON header padded with spaces to a
multiple of 8, data): an implementation independent of src/io/.

Run from anywhere with /usr/bin/python3 (numpy 1.24); it rewrites
tests/io/*.safetensors, tests/io/*.npy, tests/io/bad/* and the fuzz
seeds.  The output is deterministic.
"""
import io
import json
import os
import shutil
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "bad")
SEEDS_ST = os.path.join(HERE, "..", "fuzz", "seeds-safetensors")
SEEDS_NPY = os.path.join(HERE, "..", "fuzz", "seeds-npy")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def st_bytes(header, data, pad=True, length=None):
    """A safetensors file from a header object (or raw text) and data."""
    if isinstance(header, (bytes, str)):
        text = header.encode() if isinstance(header, str) else header
    else:
        # json.dumps escapes non-ASCII as \\uXXXX, surrogate pairs for
        # characters beyond the BMP: the case the reader must handle.
        text = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        text += b" " * ((8 - len(text) % 8) % 8)
    n = len(text) if length is None else length
    return struct.pack("<Q", n) + text + data


def st_file(tensors, metadata=None):
    """tensors: list of (name, dtype name, numpy array), in order."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    data = b""
    for name, dtype, arr in tensors:
        raw = arr.tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    return st_bytes(header, data)


def npy_bytes(arr, version=None):
    f = io.BytesIO()
    if version is None:
        np.save(f, arr)
    else:
        np.lib.format.write_array(f, arr, version=version)
    return f.getvalue()


def small_a():
    return (np.arange(6, dtype=np.float32) * 0.5 - 1.0).reshape(2, 3)


def good_safetensors():
    tokens = json.dumps(["Hi", " there", "\U0001F600"])
    small = st_file([
        ("a", "F32", small_a()),
        ("b", "F16", np.array([1.0, -2.0, 0.5, 65504.0], dtype="<f2")),
        ("c", "I64", np.array([-1, 1 << 40], dtype="<i8")),
        ("empty", "F32", np.zeros((0, 3), dtype="<f4")),
        ("scalar", "F32", np.array(7.25, dtype="<f4")),
    ], {"model": "tiny \U0001F600", "tokens": tokens})
    assert b"\\ud83d\\ude00" in small
    write(os.path.join(HERE, "small.safetensors"), small)

    # What safetensors_write must produce, byte for byte, for the tensors
    # test_io.c writes: the reference layout (compact JSON, __metadata__
    # first, contiguous data in the order given, space padding).
    att = np.arange(2 * 3 * 3, dtype=np.float32).reshape(2, 3, 3) / 16
    expect = st_file([
        ("layers.0.attention", "F32", att),
        ("layers.1.attention", "F32", att[::-1].copy()),
    ], {"tokens": '["a","b","c"]', "model": "gpt2"})
    write(os.path.join(HERE, "expect-write.safetensors"), expect)
    return small


def good_npy():
    arr = (np.arange(24, dtype=np.float32) * 0.25 - 3.0).reshape(2, 3, 4)
    write(os.path.join(HERE, "f32-v1.npy"), npy_bytes(arr))
    write(os.path.join(HERE, "f32-v2.npy"), npy_bytes(arr, (2, 0)))
    write(os.path.join(HERE, "f32-v3.npy"), npy_bytes(arr, (3, 0)))
    write(os.path.join(HERE, "f32-1d.npy"),
          npy_bytes(np.array([1.5, -2.0, 3.25, 0.0, 1e-3], dtype="<f4")))
    write(os.path.join(HERE, "f32-scalar.npy"),
          npy_bytes(np.array(-0.5, dtype="<f4")))
    # Empty arrays with many-digit dimensions exercise numpy's growth
    # padding of the header without a large file.
    write(os.path.join(HERE, "f32-wide.npy"),
          npy_bytes(np.zeros((0, 12345678901), dtype="<f4")))
    write(os.path.join(HERE, "f32-tall.npy"),
          npy_bytes(np.zeros((12345, 0, 2), dtype="<f4")))
    write(os.path.join(HERE, "f32-rank8.npy"),
          npy_bytes(np.full((1, 2, 1, 1, 1, 1, 1, 1), 2.0, dtype="<f4")))
    # numpy never writes data at an offset that is not a multiple of 4;
    # a hand-made file may, and the reader copies it to align it.
    hdr = b"{'descr': '<f4', 'fortran_order': False, 'shape': (3,)}\n"
    assert (10 + len(hdr)) % 4 != 0
    write(os.path.join(HERE, "f32-misaligned.npy"),
          b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr +
          np.array([1.0, 2.0, 3.0], dtype="<f4").tobytes())
    # The same values as float16 and float64 by numpy.save, and as
    # bfloat16 with the descr that str() of ml_dtypes' type gives (the
    # top halves of the float32 values, all exact in 8 bits).
    write(os.path.join(HERE, "f16.npy"), npy_bytes(arr.astype("<f2")))
    write(os.path.join(HERE, "f64.npy"), npy_bytes(arr.astype("<f8")))
    hdr = (b"{'descr': 'bfloat16', 'fortran_order': False, "
           b"'shape': (2, 3, 4), }")
    hdr += b" " * (63 - (10 + len(hdr)) % 64) + b"\n"
    top = (arr.view("<u4") >> 16).astype("<u2")
    assert ((top.astype("<u4") << 16).view("<f4") == arr).all()
    write(os.path.join(HERE, "bf16.npy"),
          b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr +
          top.tobytes())
    return arr


def bad_safetensors(small):
    a = small_a().tobytes()
    ok = {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}

    def one(name, entry, data=a, meta=None):
        h = {} if meta is None else {"__metadata__": meta}
        h["a"] = entry
        write(os.path.join(BAD, name), st_bytes(h, data))

    write(os.path.join(BAD, "st-short.safetensors"), b"\x10\x00\x00\x00\x00")
    write(os.path.join(BAD, "st-header-beyond.safetensors"),
          st_bytes({"a": ok}, a, length=1000))
    write(os.path.join(BAD, "st-header-huge.safetensors"),
          st_bytes({"a": ok}, a, length=1 << 40))
    write(os.path.join(BAD, "st-header-tiny.safetensors"),
          st_bytes("{", b"", pad=False, length=1))
    write(os.path.join(BAD, "st-not-json.safetensors"),
          st_bytes('{"a": {"dtype": "F32", "shape": [2, 3],}}', a))
    write(os.path.join(BAD, "st-not-object.safetensors"),
          st_bytes("[1, 2, 3]", a))
    write(os.path.join(BAD, "st-duplicate.safetensors"),
          st_bytes('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                   '"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
                   a))
    write(os.path.join(BAD, "st-truncated.safetensors"), small[:-7])
    one("st-entry-array.safetensors", [0, 24])
    one("st-no-dtype.safetensors",
        {"shape": [2, 3], "data_offsets": [0, 24]})
    one("st-unknown-dtype.safetensors", dict(ok, dtype="F128"))
    one("st-negative-shape.safetensors", dict(ok, shape=[2, -3]))
    one("st-real-shape.safetensors", dict(ok, shape=[2, 3.0]))
    one("st-rank9.safetensors", dict(ok, shape=[1] * 9))
    one("st-huge-shape.safetensors",
        dict(ok, shape=[1 << 32, 1 << 32], data_offsets=[0, 0]))
    one("st-shape-mismatch.safetensors", dict(ok, shape=[3, 3]))
    one("st-offset-range.safetensors", dict(ok, data_offsets=[8, 32]))
    one("st-offset-reversed.safetensors", dict(ok, data_offsets=[24, 0]))
    one("st-offset-one.safetensors", dict(ok, data_offsets=[0]))
    one("st-meta-nonstring.safetensors", ok, meta={"n_layers": 12})
    one("st-meta-array.safetensors", ok, meta=["x"])
    write(os.path.join(BAD, "st-overlap.safetensors"), st_bytes({
        "a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
        "b": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]},
    }, a))
    # A name with an escape sequence must come back quoted, not raw.
    one_h = {"\x1b[31mred": dict(ok, dtype="X")}
    write(os.path.join(BAD, "st-control-name.safetensors"),
          st_bytes(one_h, a))


def bad_npy(arr):
    good = npy_bytes(arr)

    def hand(name, header, data=b"\0" * 96, version=1):
        h = header.encode("latin1")
        pre = b"\x93NUMPY" + bytes([version, 0])
        pre += struct.pack("<H" if version == 1 else "<I", len(h))
        write(os.path.join(BAD, name), pre + h + data)

    write(os.path.join(BAD, "npy-short.npy"), good[:7])
    write(os.path.join(BAD, "npy-bad-magic.npy"), b"\x93NUMPZ" + good[6:])
    write(os.path.join(BAD, "npy-version.npy"),
          good[:6] + b"\x04\x00" + good[8:])
    write(os.path.join(BAD, "npy-i4.npy"), npy_bytes(arr.astype("<i4")))
    write(os.path.join(BAD, "npy-void2.npy"),
          npy_bytes(arr.astype("<f2").view("V2")))
    write(os.path.join(BAD, "npy-be.npy"), npy_bytes(arr.astype(">f4")))
    write(os.path.join(BAD, "npy-fortran.npy"),
          npy_bytes(np.asfortranarray(arr[0])))
    write(os.path.join(BAD, "npy-truncated.npy"), good[:-10])
    write(os.path.join(BAD, "npy-header-beyond.npy"),
          good[:8] + struct.pack("<H", 4000) + good[10:])
    hand("npy-no-shape.npy", "{'descr': '<f4', 'fortran_order': False}\n")
    hand("npy-extra-key.npy", "{'descr': '<f4', 'fortran_order': False, "
         "'shape': (2,), 'align': 0}\n")
    hand("npy-twice.npy", "{'descr': '<f4', 'descr': '<f4', "
         "'fortran_order': False, 'shape': (2,)}\n")
    hand("npy-shape-int.npy", "{'descr': '<f4', 'fortran_order': False, "
         "'shape': (3)}\n")
    hand("npy-shape-neg.npy", "{'descr': '<f4', 'fortran_order': False, "
         "'shape': (-3,)}\n")
    hand("npy-not-dict.npy", "['<f4', False, (3,)]\n")
    hand("npy-trailing.npy", "{'descr': '<f4', 'fortran_order': False, "
         "'shape': (3,)} x\n")
    hand("npy-fortran-word.npy", "{'descr': '<f4', 'fortran_order': 0, "
         "'shape': (3,)}\n")
    hand("npy-rank9.npy", "{'descr': '<f4', 'fortran_order': False, "
         "'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1)}\n")
    hand("npy-huge-shape.npy", "{'descr': '<f4', 'fortran_order': False, "
         "'shape': (4294967296, 4294967296)}\n", data=b"")
    hand("npy-v2-truncated.npy", "{'descr': '<f4', 'fortran_order': "
         "False, 'shape': (30,)}\n", version=2)


def seeds():
    for d in (SEEDS_ST, SEEDS_NPY):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".safetensors"):
            shutil.copy(os.path.join(HERE, name), SEEDS_ST)
        elif name.endswith(".npy"):
            shutil.copy(os.path.join(HERE, name), SEEDS_NPY)
    for name in sorted(os.listdir(BAD)):
        dest = SEEDS_ST if name.startswith("st-") else SEEDS_NPY
        shutil.copy(os.path.join(BAD, name), dest)


def main():
    os.makedirs(BAD, exist_ok=True)
    small = good_safetensors()
    arr = good_npy()
    bad_safetensors(small)
    bad_npy(arr)
    seeds()


if __name__ == "__main__":
    main()
