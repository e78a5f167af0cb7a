#!/usr/bin/python3
"""Per-head scores of samples/tiny-bytes (or any byte-level gpt2 config).

    /usr/bin/python3 samples/head_scores.py [--config=YAML] [--export=NPY]

Runs the model of the config (family gpt2 with learned or RoPE positions,
input.tokenizer bytes, the input.bos token first when the config has one;
weights from weights.file) in PyTorch, float64 on the stored float32 weights, and
prints for every head (layer.head, counted from 0):

  prev    previous-token score: mean of A[i, i-1], i >= 1, on a max_seq
          window of license text (the end of MPL-2.0, held out of training)
  first   first-token mass: mean of A[i, 0], i >= 8 (the first positions
          are skipped: there a uniform head puts 1/(i+1) on token 0), same
          window
  induct  induction score: on 8 random printable-ASCII sequences of R =
          max_seq / 2 bytes each repeated twice, mean attention from each
          position i of the second copy to i - R + 1, the token after the
          earlier occurrence of the current one
  dup     duplicate-token score, same sequences: mean of A[i, i - R]
  text:   the same three scores on the config's input text (prev, first,
          and induct over the positions that end a repeat of an earlier
          span of 4 or more bytes, towards the byte after that span)

With --export=NPY (what `attntui --export=NPY CONFIG` writes: float32
[layers, heads, T, T] for the config's input) it also prints the largest
absolute difference between attntui's probabilities and PyTorch's, and
the scores computed from attntui's numbers.
"""

import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CONFIG = os.path.join(HERE, "tiny-bytes.yaml")
HELD_OUT = "/usr/share/common-licenses/MPL-2.0"


def load_safetensors(path):
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, t in header.items():
        assert t["dtype"] == "F32", (name, t["dtype"])
        b, e = t["data_offsets"]
        out[name] = np.frombuffer(buf[8 + n + b:8 + n + e],
                                  dtype="<f4").reshape(t["shape"])
    return out


def load_config(path):
    import yaml   # python3-yaml
    with open(path) as f:
        c = yaml.safe_load(f)
    m = c["model"]
    assert m.get("family") == "gpt2", "gpt2 family only"
    assert c["input"].get("tokenizer") == "bytes", "bytes tokenizer only"
    wfile = os.path.join(os.path.dirname(os.path.abspath(path)),
                         c["weights"]["file"])
    if "bos" in c["input"]:
        m["bos"] = c["input"]["bos"]
    return m, wfile, c["input"]["text"]


def rope(x, theta):
    """x [H, T, dh] rotated by position, Hugging Face's rotate_half."""
    T, dh = x.shape[1], x.shape[2]
    inv = 1.0 / theta ** (torch.arange(0, dh, 2, dtype=torch.float64) / dh)
    ang = torch.arange(T, dtype=torch.float64)[:, None] * inv[None, :]
    ang = torch.cat([ang, ang], dim=-1)
    rot = torch.cat([-x[..., dh // 2:], x[..., :dh // 2]], dim=-1)
    return x * ang.cos() + rot * ang.sin()


def forward(m, W, tokens):
    """Attention probabilities of every layer, [L, H, T, T] float64."""
    D, H = W["wte.weight"].shape[1], m["n_heads"]
    L = len({k.split(".")[1] for k in W if k.startswith("h.")})
    dh, eps, T = D // H, float(m.get("norm_eps", 1e-5)), len(tokens)
    w = {k: torch.from_numpy(np.array(v, dtype=np.float32)).double()
         for k, v in W.items()}
    ln = lambda x, p: F.layer_norm(x, (D,), w[p + ".weight"], w[p + ".bias"], eps)
    x = w["wte.weight"][torch.tensor(tokens)]
    if "wpe.weight" in w:       # learned positions, else RoPE
        x = x + w["wpe.weight"][:T]
    causal = torch.ones(T, T, dtype=torch.bool).tril()
    probs = []
    for n in range(L):
        p = "h.%d." % n
        qkv = ln(x, p + "ln_1") @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = (t.reshape(T, H, dh).transpose(0, 1) for t in qkv.split(D, -1))
        if "wpe.weight" not in w:
            q, k = rope(q, float(m.get("rope_theta", 10000.0))), \
                rope(k, float(m.get("rope_theta", 10000.0)))
        s = (q @ k.transpose(1, 2) / math.sqrt(dh)).masked_fill(~causal, -math.inf)
        a = F.softmax(s, dim=-1)
        probs.append(a)
        x = x + (a @ v).transpose(0, 1).reshape(T, D) @ w[p + "attn.c_proj.weight"] \
            + w[p + "attn.c_proj.bias"]
        hdn = F.gelu(ln(x, p + "ln_2") @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"],
                     approximate="tanh")
        x = x + hdn @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    return torch.stack(probs).numpy()


# ---- scores; A is [L, H, T, T] -----------------------------------------------

def prev_score(A):
    T = A.shape[-1]
    i = np.arange(1, T)
    return A[:, :, i, i - 1].mean(-1)


def first_score(A, start=8):
    T = A.shape[-1]
    i = np.arange(min(start, T - 1), T)
    return A[:, :, i, 0].mean(-1)


def repeat_pairs(tokens, min_len=4):
    """(i, j) where the bytes ending at i repeat an earlier span of at least
    min_len bytes ending at j - 1 (the longest such span; the latest if
    several are as long), so that j is the token after the earlier
    occurrence: where an induction head should look from i."""
    pairs = []
    for i in range(1, len(tokens)):
        best, bj = 0, None
        for j0 in range(i - 2, -1, -1):
            k = 0
            while k <= j0 and tokens[j0 - k] == tokens[i - k]:
                k += 1
            if k > best:
                best, bj = k, j0
        if best >= min_len:
            pairs.append((i, bj + 1))
    return pairs


def induction_score(A, pairs):
    if not pairs:
        return np.full(A.shape[:2], np.nan)
    i = np.array([p[0] for p in pairs])
    j = np.array([p[1] for p in pairs])
    return A[:, :, i, j].mean(-1)


def with_bos(m, tokens):
    """tokens after the config's input.bos, if it has one."""
    return ([m["bos"]] if "bos" in m else []) + list(tokens)


def random_repeats(m, W, n=8, R=None, seed=0):
    """Mean induction and duplicate-token scores over n random sequences."""
    b = 1 if "bos" in m else 0
    R = R or (int(m.get("max_seq", 128)) - b) // 2
    rng = np.random.RandomState(seed)
    ind, dup = 0.0, 0.0
    for _ in range(n):
        span = rng.randint(32, 127, size=R)
        A = forward(m, W, with_bos(m, np.concatenate([span, span])))
        i = np.arange(R + b, 2 * R + b)
        ind = ind + A[:, :, i, i - R + 1].mean(-1) / n
        dup = dup + A[:, :, i, i - R].mean(-1) / n
    return ind, dup


def held_out_window(T):
    try:
        with open(HELD_OUT, "rb") as f:
            data = f.read()
    except OSError:
        return None
    return list(data[-T:]) if len(data) >= T else None


def roles(prev, first, ind):
    out = []
    if prev > 0.5:
        out.append("previous token")
    if ind > 0.3:
        out.append("induction")
    if first > 0.5:
        out.append("first-token sink")
    return ", ".join(out)


def table(m, W, text_tokens, A_text):
    b = 1 if "bos" in m else 0
    window = held_out_window(int(m.get("max_seq", 128)) - b)
    if window is not None:
        A_win = forward(m, W, with_bos(m, window))
        src = "license window"
    else:   # no MPL-2.0 here: fall back to the config's text
        A_win, src = A_text, "config text"
    prev, first = prev_score(A_win), first_score(A_win)
    ind, dup = random_repeats(m, W)
    pairs = repeat_pairs(text_tokens)
    tprev, tfirst = prev_score(A_text), first_score(A_text)
    tind = induction_score(A_text, pairs)
    print("scores (prev, first: %s; induct, dup: random repeated bytes; "
          "text: config input, %d bytes, %d repeat pairs)"
          % (src, len(text_tokens), len(pairs)))
    print("head   prev  first induct   dup | text: prev  first induct | role")
    L, H = prev.shape
    for l in range(L):
        for h in range(H):
            print("%d.%d   %5.3f  %5.3f  %5.3f %5.3f |       %5.3f  %5.3f  %5.3f | %s"
                  % (l, h, prev[l, h], first[l, h], ind[l, h], dup[l, h],
                     tprev[l, h], tfirst[l, h], tind[l, h],
                     roles(prev[l, h], first[l, h], ind[l, h])))


def main(argv):
    config, export = DEFAULT_CONFIG, None
    for a in argv:
        if a.startswith("--config="):
            config = a.split("=", 1)[1]
        elif a.startswith("--export="):
            export = a.split("=", 1)[1]
        else:
            sys.exit(__doc__)
    if os.path.exists(config):
        m, wfile, text = load_config(config)
    else:   # the training script runs this before the config exists
        m = {"n_heads": 8, "norm_eps": 1e-5, "rope_theta": 1e6}
        wfile = os.path.join(HERE, "tiny-bytes.safetensors")
        text = "The cat sat on the mat. The cat sat on the mat."
    W = load_safetensors(wfile)
    tokens = with_bos(m, text.encode("utf-8"))
    A = forward(m, W, tokens)
    table(m, W, tokens, A)
    if export:
        E = np.load(export)
        print("attntui export %s: shape %s, %s" % (export, E.shape, E.dtype))
        if E.shape != A.shape:
            sys.exit("shape mismatch: PyTorch %s" % (A.shape,))
        diff = np.abs(E.astype(np.float64) - A)
        print("max |attntui - PyTorch| = %.3e (layer.head %d.%d, row %d, col %d)"
              % ((diff.max(),) + np.unravel_index(diff.argmax(), diff.shape)))
        pairs = repeat_pairs(tokens)
        ind = induction_score(E, pairs)
        print("from attntui's numbers, on the config text:")
        print("head   prev  first induct")
        p, f = prev_score(E), first_score(E)
        for l in range(E.shape[0]):
            for h in range(E.shape[1]):
                print("%d.%d   %5.3f  %5.3f  %5.3f" % (l, h, p[l, h], f[l, h], ind[l, h]))


if __name__ == "__main__":
    main(sys.argv[1:])
