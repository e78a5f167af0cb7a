#!/usr/bin/env python3
"""Write the hostile inputs of tests/hostile.sh: small files whose bytes
are chosen by hand, with the standard library only.

  nan-f32.safetensors   family attention's tensors, F32, a NaN at
                        element 5 of k_proj.weight
  inf-f16.safetensors   the same in F16, +infinity at element 7 of
                        o_proj.weight
  weights.yaml          a config over either (WEIGHTS is replaced)
  esc-name.safetensors  an attention file whose tensor name holds ESC [2J
                        and a bidi override, and a dtype naming ESC too
  esc-descr.npy         an npy whose descr holds ESC ] 0 ; (a title)
  esc-index.json        a sharded index whose weight_map key and shard
                        hold C1 CSI (U+009B) and ESC
  layer-digits.safetensors  layers.1234567890.attention: ten digits
  long-key.npy          an npy header dict whose key is 1000 bytes long
"""
import json
import struct

D, H = 8, 2
NAMES = ["q_proj", "k_proj", "v_proj", "o_proj"]


def safetensors(path, tensors, meta=None):
    """tensors: list of (name, dtype, shape, bytes)."""
    header, off, data = {}, 0, b""
    if meta is not None:
        header["__metadata__"] = meta
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [off, off + len(raw)]}
        off += len(raw)
        data += raw
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def f32(values):
    return struct.pack("<%df" % len(values), *values)


def f16(values):
    return struct.pack("<%de" % len(values), *values)


def attention_tensors(pack, dtype, bad_name, bad_index, bad_value):
    out = []
    for n in NAMES:
        w = [((i * 7) % 11 - 5) / 50.0 for i in range(D * D)]
        if n + ".weight" == bad_name:
            w[bad_index] = bad_value
        out.append((n + ".weight", dtype, [D, D], pack(w)))
        out.append((n + ".bias", dtype, [D], pack([0.0] * D)))
    return out


def main():
    safetensors("nan-f32.safetensors",
                attention_tensors(f32, "F32", "k_proj.weight", 5,
                                  float("nan")))
    safetensors("inf-f16.safetensors",
                attention_tensors(f16, "F16", "o_proj.weight", 7,
                                  float("inf")))
    with open("weights.yaml", "w") as f:
        f.write("model: {family: attention, d_model: %d, n_heads: %d, "
                "max_seq: 8}\n" % (D, H))
        f.write("weights: {file: WEIGHTS}\n")
        f.write("input: {embeddings: random, seq_len: 4}\n")
    probs = f32([1.0, 0.0, 0.5, 0.5] * H)
    safetensors("esc-name.safetensors",
                [("layers.0.attention\x1b[2J\u202e", "F32", [H, 2, 2],
                  probs),
                 ("x", "\x1b]0;owned\x07", [1], b"\0\0\0\0")])
    descr = "'descr': '<f4\x1b]0;owned\x07', "
    head = "{%s'fortran_order': False, 'shape': (2, 2, 2), }" % descr
    head = head.encode("latin-1")
    head += b" " * (-(len(head) + 11) % 64) + b"\n"
    with open("esc-descr.npy", "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)) + head)
        f.write(f32([0.5] * 8))
    safetensors("layer-digits.safetensors",
                [("layers.1234567890.attention", "F32", [H, 2, 2], probs)])
    head = ("{'%s': '<f4', 'fortran_order': False, 'shape': (2, 2, 2), }"
            % ("k" * 1000)).encode()
    head += b" " * (-(len(head) + 11) % 64) + b"\n"
    with open("long-key.npy", "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)) + head)
        f.write(f32([0.5] * 8))
    with open("esc-index.json", "w", encoding="utf-8") as f:
        json.dump({"weight_map": {"q\u009b2J": "\x1b[31m.safetensors"}},
                  f, ensure_ascii=False)


if __name__ == "__main__":
    main()
