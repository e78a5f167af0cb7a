#!/usr/bin/python3
"""Generate the fixtures of tests/test_attnfile.c: attention computed by
PyTorch and saved as attntui's attention files, and a malformed corpus.

- mha.*: two torch.nn.MultiheadAttention layers (need_weights=True,
  average_attn_weights=False; the second with a causal mask), written
  three ways: .safetensors by samples/export_attention.py's own writer
  (so the shipped script's output is what the C reader is tested on),
  .npy by numpy.save, and .raw (bare little-endian float32, the values
  the tests compare with, read by neither parser).  The tokens metadata
  holds non-ASCII and emoji, escaped by json.dumps(ensure_ascii=True)
  as surrogate pairs.
- mha-f16/-bf16.safetensors: the same attention as F16 and BF16.
- mha-misaligned.safetensors: F32 at an odd offset (the copying path),
  with an extra tensor and the layers in reverse file order.
- causal3.npy: a manual causal softmax, rank 3 (heads, T, T), with
  tokens3.txt for --tokens (CRLF line, a tab, non-ASCII, no final \\n).
- scores.npy: exp(QK^T / sqrt(d)) without the division by the row sum,
  the mistake the reader warns about.
- mha-f16.npy, mha-f64.npy: mha's attention as numpy float16 and float64;
  mha-batch.safetensors: its layers as [1, heads, T, T], a batch of one.
- cross.*: cross-attention, a MultiheadAttention's 4 queries over 6 other
  keys (T_q != T_k): .safetensors with "tokens" and "key_tokens"
  metadata, .npy of shape (layers, 1, heads, T_q, T_k) as
  torch.stack(output.attentions) gives, .raw the values.
- hf-bytes.safetensors, hf-spm.safetensors: Hugging Face token strings,
  GPT-2's byte-level alphabet and SentencePiece's; hf-labels.txt says
  what attntui shows for each, worked out here with bytes_to_unicode.
- bad/: one defect per file; tests/test_attnfile.c asserts each message.

Run with /usr/bin/python3 (numpy 1.24, torch 1.13); deterministic.
"""
import importlib.util
import json
import os
import shutil
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BAD = os.path.join(HERE, "bad")
SEEDS = os.path.join(ROOT, "tests", "fuzz", "seeds-attnfile")

spec = importlib.util.spec_from_file_location(
    "export_attention", os.path.join(ROOT, "samples", "export_attention.py"))
export_attention = importlib.util.module_from_spec(spec)
spec.loader.exec_module(export_attention)

TOKENS = ["<s>", "caf\u00e9", "\u65e5\u672c", "\U0001F600",
          "\U0001F469\u200d\U0001F4BB", "\u0120end"]


def save_st(path, tensors, metadata=None, pad=0):
    """tensors: (name, dtype, shape, raw bytes) in data order; pad extra
    spaces after the 8-aligned header (pad=2 misaligns the data)."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    off = 0
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape),
                        "data_offsets": [off, off + len(raw)]}
        off += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8 + pad)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for t in tensors:
            f.write(t[3])


def f32(a):
    return np.ascontiguousarray(a, dtype="<f4").tobytes()


def mha_attention():
    torch.manual_seed(1234)
    E, H, T = 16, 4, len(TOKENS)
    layers = [torch.nn.MultiheadAttention(E, H, batch_first=True)
              for _ in range(2)]
    x = torch.randn(1, T, E)
    causal = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
    out = []
    with torch.no_grad():
        for i, m in enumerate(layers):
            y, w = m(x, x, x, need_weights=True, average_attn_weights=False,
                     attn_mask=causal if i == 1 else None)
            out.append(w)               # [1, H, T, T]
            x = x + y
    return out


def manual_causal(H=3, T=5, d=8):
    g = torch.Generator().manual_seed(7)
    q = torch.randn(H, T, d, generator=g)
    k = torch.randn(H, T, d, generator=g)
    s = q @ k.transpose(-1, -2) / d ** 0.5
    s = s.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1),
                      float("-inf"))
    return torch.softmax(s, dim=-1), s


def uniform(shape):
    return np.full(shape, 1.0 / shape[-1], dtype="<f4")


def make_bad():
    os.makedirs(BAD, exist_ok=True)
    u3 = uniform((2, 3, 3))
    np.save(os.path.join(BAD, "rank2.npy"), uniform((4, 4)))
    np.save(os.path.join(BAD, "rank6.npy"), uniform((1, 1, 1, 1, 2, 2)))
    np.save(os.path.join(BAD, "batch2.npy"), uniform((3, 2, 2, 3, 3)))
    np.save(os.path.join(BAD, "empty.npy"), uniform((1, 0, 3, 3)))
    a = uniform((2, 3, 3)).astype("<f2")
    a[1, 2, 0] = np.nan
    np.save(os.path.join(BAD, "nan-f16.npy"), a)
    a = uniform((2, 2, 3, 3))
    a[1, 0, 2, 1] = np.nan
    np.save(os.path.join(BAD, "nan.npy"), a)
    a = uniform((2, 3, 3))
    a[1, 2, 0] = -0.25
    np.save(os.path.join(BAD, "negative.npy"), a)
    st = lambda n, a, dt="F32": (n, dt, a.shape, f32(a))
    save_st(os.path.join(BAD, "batch2.safetensors"),
            [st("layers.0.attention", uniform((2, 2, 3, 3)))])
    a = uniform((2, 3, 3)).astype("<f2")
    a[0, 1, 2] = np.nan
    save_st(os.path.join(BAD, "nan-f16.safetensors"),
            [("layers.0.attention", "F16", a.shape, a.tobytes())])
    save_st(os.path.join(BAD, "dtype-mixed.safetensors"),
            [st("layers.0.attention", u3),
             ("layers.1.attention", "F16", u3.shape,
              u3.astype("<f2").tobytes())])
    save_st(os.path.join(BAD, "key-tokens-count.safetensors"),
            [st("layers.0.attention", uniform((2, 3, 4)))],
            {"tokens": json.dumps(["a", "b", "c"]),
             "key_tokens": json.dumps(["w", "x", "y"])})
    save_st(os.path.join(BAD, "rank2.safetensors"),
            [st("layers.0.attention", uniform((3, 3)))])
    save_st(os.path.join(BAD, "missing-layer.safetensors"),
            [st("layers.%d.attention" % i, u3) for i in (0, 1, 3)])
    save_st(os.path.join(BAD, "heads-mismatch.safetensors"),
            [st("layers.0.attention", u3),
             st("layers.1.attention", uniform((4, 3, 3)))])
    save_st(os.path.join(BAD, "tokens-count.safetensors"),
            [st("layers.0.attention", u3)],
            {"tokens": json.dumps(["a", "b"]), "model": "m"})
    save_st(os.path.join(BAD, "tokens-not-json.safetensors"),
            [st("layers.0.attention", u3)], {"tokens": "[\"a\","})
    save_st(os.path.join(BAD, "tokens-not-strings.safetensors"),
            [st("layers.0.attention", u3)], {"tokens": "[\"a\",2,\"c\"]"})
    a = uniform((2, 3, 3))
    a[0, 1, 2] = np.inf
    save_st(os.path.join(BAD, "inf.safetensors"),
            [st("layers.0.attention", u3), st("layers.1.attention", a)])
    save_st(os.path.join(BAD, "dtype-i32.safetensors"),
            [("layers.0.attention", "I32", (2, 3, 3), bytes(72))])
    save_st(os.path.join(BAD, "no-layers.safetensors"),
            [st("attn.weight", u3)])
    save_st(os.path.join(BAD, "leading-zero.safetensors"),
            [st("layers.0.attention", u3), st("layers.01.attention", u3)])
    with open(os.path.join(BAD, "tokens-short.txt"), "w") as f:
        f.write("a\nb\n")


def more_dtypes(arr):
    np.save(os.path.join(HERE, "mha-f16.npy"), arr.astype("<f2"))
    np.save(os.path.join(HERE, "mha-f64.npy"), arr.astype("<f8"))
    save_st(os.path.join(HERE, "mha-batch.safetensors"),
            [("layers.%d.attention" % i, "F32", (1,) + arr[i].shape,
              f32(arr[i])) for i in range(arr.shape[0])],
            {"tokens": json.dumps(TOKENS), "model": "tiny-mha"})


def cross_attention():
    torch.manual_seed(99)
    E, H, Tq, Tk = 16, 2, 4, 6
    layers = [torch.nn.MultiheadAttention(E, H, batch_first=True)
              for _ in range(2)]
    q = torch.randn(1, Tq, E)
    mem = torch.randn(1, Tk, E)
    ws = []
    with torch.no_grad():
        for m in layers:
            y, w = m(q, mem, mem, need_weights=True,
                     average_attn_weights=False)
            ws.append(w)                # [1, H, Tq, Tk]
            q = q + y
    arr = torch.stack(ws).numpy().astype("<f4")     # (L, 1, H, Tq, Tk)
    assert arr.shape == (2, 1, H, Tq, Tk)
    np.save(os.path.join(HERE, "cross.npy"), arr)
    with open(os.path.join(HERE, "cross.raw"), "wb") as f:
        f.write(arr.tobytes())
    save_st(os.path.join(HERE, "cross.safetensors"),
            [("layers.%d.attention" % i, "F32", arr[i, 0].shape,
              f32(arr[i, 0])) for i in range(2)],
            {"tokens": json.dumps(["<s>", "Le", "chat", "</s>"]),
             "key_tokens": json.dumps(["The", " cat", " sat", " on",
                                       " mats", "."]),
             "model": "tiny-cross"})


def bytes_to_unicode():
    """encoder.py's table: byte -> the character that stands for it."""
    bs = (list(range(ord("!"), ord("~") + 1)) +
          list(range(0xa1, 0xac + 1)) + list(range(0xae, 0xff + 1)))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def hf_labels():
    """Token strings as tokenizers spell them, and the labels attntui
    shows: the bytes decoded, a leading space as U+2423, escapes."""
    b2u = bytes_to_unicode()
    texts = ["Hello", " world", "\n", " caf\u00e9", "\u00e9", "!"]
    toks = ["".join(b2u[b] for b in t.encode()) for t in texts]
    assert toks[1] == "\u0120world" and toks[2] == "\u010a"
    assert toks[4] == "\u00c3\u00a9"
    want = ["Hello", "\u2423world", "\\n", "\u2423caf\u00e9",
            "\u00e9", "!"]
    spm = ["Hello", "\u2581world", "<0x0A>", "\u2581caf\u00e9",
           "\u00e9", "!"]
    u = uniform((1, 6, 6))
    save_st(os.path.join(HERE, "hf-bytes.safetensors"),
            [("layers.0.attention", "F32", u.shape, f32(u))],
            {"tokens": json.dumps(toks)})
    save_st(os.path.join(HERE, "hf-spm.safetensors"),
            [("layers.0.attention", "F32", u.shape, f32(u))],
            {"tokens": json.dumps(spm)})
    with open(os.path.join(HERE, "hf-labels.txt"), "w") as f:
        f.write("".join(w + "\n" for w in want))


def main():
    os.makedirs(HERE, exist_ok=True)
    ws = mha_attention()
    raw = os.path.join(HERE, "mha.raw")
    if os.path.exists(raw):
        # Keep the values made once: another torch build may differ in
        # the last bit, and every fixture derives from these.
        old = np.fromfile(raw, "<f4").reshape(2, 4, 6, 6)
        assert np.allclose(old, torch.cat(ws, 0).numpy(), atol=1e-6)
        ws = [torch.from_numpy(old[i:i + 1].copy()) for i in range(2)]
    L, H, T = export_attention.write_attention_safetensors(
        os.path.join(HERE, "mha.safetensors"), ws, TOKENS, "tiny-mha")
    assert (L, H, T) == (2, 4, 6)
    arr = torch.cat(ws, 0).numpy().astype("<f4")       # (L, H, T, T)
    np.save(os.path.join(HERE, "mha.npy"), arr)
    with open(os.path.join(HERE, "mha.raw"), "wb") as f:
        f.write(arr.tobytes())
    assert np.allclose(arr.sum(-1), 1, atol=1e-5)
    assert (arr[1][np.broadcast_to(np.triu(np.ones((T, T), bool), 1),
                                   arr[1].shape)] == 0).all()

    meta = {"tokens": json.dumps(TOKENS), "model": "tiny-mha"}
    assert "\\ud83d\\ude00" in meta["tokens"]
    for dt, tdt in (("F16", torch.float16), ("BF16", torch.bfloat16)):
        tensors = [("layers.%d.attention" % i, dt, arr[i].shape,
                    torch.from_numpy(arr[i]).to(tdt).view(torch.int16)
                    .numpy().astype("<i2").tobytes()) for i in range(L)]
        save_st(os.path.join(HERE, "mha-%s.safetensors" % dt.lower()),
                tensors, meta)
    save_st(os.path.join(HERE, "mha-misaligned.safetensors"),
            [("hidden.states", "F32", (3,), f32([1, 2, 3]))] +
            [("layers.%d.attention" % i, "F32", arr[i].shape, f32(arr[i]))
             for i in reversed(range(L))], meta, pad=2)

    p, s = manual_causal()
    p = p.numpy().astype("<f4")
    np.save(os.path.join(HERE, "causal3.npy"), p)
    with open(os.path.join(HERE, "causal3.raw"), "wb") as f:
        f.write(p.tobytes())
    with open(os.path.join(HERE, "tokens3.txt"), "wb") as f:
        f.write("The\r\n\u0120na\u00efve\ntab\there\n\U0001F600\nend"
                .encode())

    sc = torch.exp(s[:2, :4, :4].masked_fill(
        torch.isinf(s[:2, :4, :4]), -1e9)).numpy().astype("<f4")
    np.save(os.path.join(HERE, "scores.npy"), sc[None])
    sums = sc.astype(np.float64).sum(-1)
    off = np.abs(sums - 1) > 1e-3
    first = np.argwhere(off)[0]
    print("scores.npy: layer 0 head %d row %d sums to %.3g, not 1 "
          "(%d of %d rows are off by more than 0.001)"
          % (first[0], first[1], sums[tuple(first)], off.sum(), off.size))

    more_dtypes(arr)
    cross_attention()
    hf_labels()
    make_bad()
    shutil.rmtree(SEEDS, ignore_errors=True)
    os.makedirs(SEEDS)
    for d in (HERE, BAD):
        for n in sorted(os.listdir(d)):
            if n.endswith((".npy", ".safetensors")):
                shutil.copy(os.path.join(d, n), os.path.join(SEEDS, n))


if __name__ == "__main__":
    main()
