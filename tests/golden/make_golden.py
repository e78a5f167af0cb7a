#!/usr/bin/python3
"""Regenerate the golden fixtures of tests/test_golden.c.

    /usr/bin/python3 tests/golden/make_golden.py   (Debian torch 1.13, numpy)

For each case this writes, next to this script:
  CASE.yaml                  a config following doc/config.md
  CASE.safetensors           its F32 weights with Hugging Face names (no
                             prefix); absent for gpt2-init, whose weights
                             come from the seeded initialiser
  CASE.expected.safetensors  attn.L [heads, T, T] per layer and hidden
                             [T, d_model], both F32
and, from those cases' weights, gpt2-bf16 and bert-f16 (other dtypes and
name prefixes, referenced from the rounded weights), llama-sharded/ (a
sharded checkpoint of llama's weights; llama's reference) and
f16-table.txt (digests of numpy's float16 -> float32 for every pattern).

The models are written from doc/config.md alone (not from the C code).
Weights are drawn in float32 and saved; the reference forward pass then
runs in float64 on exactly those float32 values, so the only rounding in
the expected numbers is the final cast to float32.  The safetensors files
are written by hand (no safetensors package on Debian).
"""

import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
M64 = (1 << 64) - 1


# ---- the seeded generator of include/attntui/base/rng.h --------------------------

def splitmix64(z):
    z = (z + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for byte in data:
        h ^= byte
        h = (h * 0x100000001b3) & M64
    return h


def rng_normal(seed, name, std, n):
    """Elements 0..n of stream name, as float32 (rng_normal_fill)."""
    key = splitmix64((seed ^ fnv1a64(name.encode())) & M64)
    out = np.empty(n, dtype=np.float32)
    for i in range(n):
        a = splitmix64((key + 2 * i) & M64)
        b = splitmix64((key + 2 * i + 1) & M64)
        u1 = ((a >> 11) + 1) * 2.0 ** -53
        u2 = (b >> 11) * 2.0 ** -53
        out[i] = std * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
    return out


def check_rng():
    # splitmix64(0) is the published first output of SplitMix64 seeded 0.
    assert splitmix64(0) == 0xE220A8397B1DCDAF
    # FNV-1a 64 test vectors.
    assert fnv1a64(b"") == 0xcbf29ce484222325
    assert fnv1a64(b"a") == 0xaf63dc4c8601ec8c


# ---- safetensors, by hand ---------------------------------------------------

def to_bf16_bits(arr):
    """float32 -> bfloat16 bit patterns (uint16), rounded to nearest even
    by torch's own cast."""
    t = torch.from_numpy(np.ascontiguousarray(arr, dtype=np.float32))
    return t.to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)


def round_bf16(arr):
    """The float32 values a BF16 file holds for arr."""
    return (to_bf16_bits(arr).astype(np.uint32) << 16).view(np.float32)


def round_f16(arr):
    """The float32 values an F16 file holds for arr (numpy's cast, RNE)."""
    return np.asarray(arr, dtype=np.float32).astype(np.float16).astype(np.float32)


def save_safetensors(path, tensors, metadata=None, dtype="F32"):
    """tensors: list of (name, float32 ndarray), written in that order,
    as dtype F32, F16 or BF16 (rounded to nearest even)."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs = []
    off = 0
    for name, arr in tensors:
        if dtype == "F32":
            arr = np.ascontiguousarray(arr, dtype="<f4")
        elif dtype == "F16":
            arr = np.ascontiguousarray(arr, dtype=np.float32).astype("<f2")
        else:
            assert dtype == "BF16"
            arr = to_bf16_bits(arr).astype("<u2")
        raw = arr.tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape),
                        "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    hjson = json.dumps(header, separators=(",", ":")).encode()
    hjson += b" " * ((8 - len(hjson) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for raw in blobs:
            f.write(raw)


def load_safetensors(path):
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + n])
    meta = header.pop("__metadata__", None)
    out = {}
    for name, t in header.items():
        b, e = t["data_offsets"]
        raw = buf[8 + n + b:8 + n + e]
        if t["dtype"] == "F32":
            a = np.frombuffer(raw, dtype="<f4")
        elif t["dtype"] == "F16":
            a = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        else:
            assert t["dtype"] == "BF16"
            a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        out[name] = a.reshape(t["shape"])
    return out, meta


# ---- building blocks (float64) ----------------------------------------------

def d64(a):
    return torch.from_numpy(np.asarray(a, dtype=np.float32)).double()


def layer_norm(x, w, b, eps):
    return F.layer_norm(x, (x.shape[-1],), w, b, eps)


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def alibi_slopes(n):
    """Hugging Face BLOOM's build_alibi_tensor slopes."""
    p = 2 ** math.floor(math.log2(n))
    base = 2.0 ** (-8.0 / p)
    slopes = [base ** k for k in range(1, p + 1)]
    if p != n:
        extra = 2.0 ** (-4.0 / p)
        rem = min(p, n - p)
        slopes += [extra ** k for k in range(1, 1 + 2 * rem, 2)]
    return torch.tensor(slopes, dtype=torch.float64)


def sinusoidal(T, d):
    """Vaswani et al.: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos."""
    pe = torch.zeros(T, d, dtype=torch.float64)
    pos = torch.arange(T, dtype=torch.float64)[:, None]
    i2 = torch.arange(0, d, 2, dtype=torch.float64)
    ang = pos / torch.pow(torch.tensor(10000.0, dtype=torch.float64), i2 / d)
    pe[:, 0::2] = torch.sin(ang)
    pe[:, 1::2] = torch.cos(ang)[:, :d // 2]
    return pe


def rope(x, theta):
    """x [H, T, dh]; Hugging Face layout (rotate_half)."""
    T, dh = x.shape[1], x.shape[2]
    inv = 1.0 / (theta ** (torch.arange(0, dh, 2, dtype=torch.float64) / dh))
    fr = torch.arange(T, dtype=torch.float64)[:, None] * inv[None, :]
    emb = torch.cat([fr, fr], dim=-1)
    x1, x2 = x[..., :dh // 2], x[..., dh // 2:]
    rot = torch.cat([-x2, x1], dim=-1)
    return x * emb.cos() + rot * emb.sin()


def visible(T, mask):
    """bool [T, T]: key j visible to query i."""
    i = torch.arange(T)[:, None]
    j = torch.arange(T)[None, :]
    if mask == "none":
        return torch.ones(T, T, dtype=torch.bool)
    if mask == "causal":
        return j <= i
    assert mask.startswith("sliding:")
    n = int(mask.split(":")[1])
    return (j <= i) & (i - j < n)


def attention(q, k, v, mask, alibi=None):
    """q [H,T,dh], k, v [Hkv,T,dh]: probabilities [H,T,T], output [T,H*dh]."""
    H, T, dh = q.shape
    group = H // k.shape[0]
    k = k.repeat_interleave(group, dim=0)   # query head h uses kv head h // group
    v = v.repeat_interleave(group, dim=0)
    s = q @ k.transpose(1, 2) / math.sqrt(dh)
    if alibi is not None:
        i = torch.arange(T, dtype=torch.float64)[:, None]
        j = torch.arange(T, dtype=torch.float64)[None, :]
        s = s - alibi[:, None, None] * (i - j)[None]
    s = s.masked_fill(~visible(T, mask)[None], float("-inf"))
    p = F.softmax(s, dim=-1)
    o = (p @ v).transpose(0, 1).reshape(T, H * dh)
    return p, o


def value_norms(v, wo_rows, H):
    """Kobayashi et al. 2020: ||v_j W_O^h|| for head h and key token j, [H, T].
    v [Hkv, T, dh] are the value heads (bias included), wo_rows [H*dh, D]
    the output projection as it maps the heads' concatenation to the
    output, so head h's block is its rows h*dh .. (h+1)*dh (bias left out)."""
    v = v.repeat_interleave(H // v.shape[0], dim=0)
    dh = v.shape[2]
    return torch.stack([(v[h] @ wo_rows[h * dh:(h + 1) * dh]).norm(dim=-1)
                        for h in range(H)])


def value_weighted(p, n):
    """p [H, T, T] weighted by n [H, T] per key, rows renormalised."""
    w = p * n[:, None, :]
    return w / w.sum(-1, keepdim=True)


def heads(x, n, dh):
    """[T, n*dh] -> [n, T, dh]"""
    return x.reshape(x.shape[0], n, dh).transpose(0, 1)


# ---- the families -----------------------------------------------------------

def forward_gpt2(c, W, tokens):
    D, H, L = c["d_model"], c["n_heads"], c["n_layers"]
    dh, eps, T = D // H, c["norm_eps"], len(tokens)
    w = {k: d64(v) for k, v in W.items()}
    x = w["wte.weight"][tokens]
    if c["position"] == "learned":
        x = x + w["wpe.weight"][:T]
    elif c["position"] == "sinusoidal":
        x = x + sinusoidal(T, D)
    slopes = alibi_slopes(H) if c["position"] == "alibi" else None
    probs, norms = [], []
    for n in range(L):
        p = "h.%d." % n
        a = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = qkv.split(D, dim=-1)
        pr, o = attention(heads(q, H, dh), heads(k, H, dh), heads(v, H, dh),
                          c["mask"], slopes)
        probs.append(pr)
        norms.append(value_norms(heads(v, H, dh), w[p + "attn.c_proj.weight"], H))
        x = x + o @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        a = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        hdn = F.gelu(a @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"],
                     approximate="tanh")
        x = x + hdn @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    x = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"], eps)
    return probs, x, norms


def forward_llama(c, W, tokens):
    D, H, L = c["d_model"], c["n_heads"], c["n_layers"]
    Hkv, dh, eps = c["n_kv_heads"], D // H, c["norm_eps"]
    w = {k: d64(v) for k, v in W.items()}
    x = w["embed_tokens.weight"][tokens]
    probs, norms = [], []
    for n in range(L):
        p = "layers.%d." % n
        a = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = a @ w[p + "self_attn.q_proj.weight"].T
        k = a @ w[p + "self_attn.k_proj.weight"].T
        v = a @ w[p + "self_attn.v_proj.weight"].T
        q = rope(heads(q, H, dh), c["rope_theta"])
        k = rope(heads(k, Hkv, dh), c["rope_theta"])
        pr, o = attention(q, k, heads(v, Hkv, dh), c["mask"])
        probs.append(pr)
        norms.append(value_norms(heads(v, Hkv, dh),
                                 w[p + "self_attn.o_proj.weight"].T, H))
        x = x + o @ w[p + "self_attn.o_proj.weight"].T
        a = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        g = F.silu(a @ w[p + "mlp.gate_proj.weight"].T)
        u = a @ w[p + "mlp.up_proj.weight"].T
        x = x + (g * u) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["norm.weight"], eps)
    return probs, x, norms


def forward_bert(c, W, tokens):
    D, H, L = c["d_model"], c["n_heads"], c["n_layers"]
    dh, eps, T = D // H, c["norm_eps"], len(tokens)
    w = {k: d64(v) for k, v in W.items()}

    def lin(x, name):
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    def ln(x, name):
        return layer_norm(x, w[name + ".weight"], w[name + ".bias"], eps)

    e = "embeddings."
    x = (w[e + "word_embeddings.weight"][tokens]
         + w[e + "position_embeddings.weight"][:T]
         + w[e + "token_type_embeddings.weight"][0])
    x = ln(x, e + "LayerNorm")
    probs, norms = [], []
    for n in range(L):
        p = "encoder.layer.%d." % n
        q = lin(x, p + "attention.self.query")
        k = lin(x, p + "attention.self.key")
        v = lin(x, p + "attention.self.value")
        pr, o = attention(heads(q, H, dh), heads(k, H, dh), heads(v, H, dh),
                          c["mask"])
        probs.append(pr)
        norms.append(value_norms(heads(v, H, dh),
                                 w[p + "attention.output.dense.weight"].T, H))
        a = ln(lin(o, p + "attention.output.dense") + x,
               p + "attention.output.LayerNorm")
        i = F.gelu(lin(a, p + "intermediate.dense"))
        x = ln(lin(i, p + "output.dense") + a, p + "output.LayerNorm")
    return probs, x, norms


def forward_attention(c, W, x):
    D, H = c["d_model"], c["n_heads"]
    dh = D // H
    w = {k: d64(v) for k, v in W.items()}

    def lin(t, name):
        return t @ w[name + ".weight"].T + w[name + ".bias"]

    x = d64(x)
    v = heads(lin(x, "v_proj"), H, dh)
    pr, o = attention(heads(lin(x, "q_proj"), H, dh),
                      heads(lin(x, "k_proj"), H, dh), v, c["mask"])
    return [pr], lin(o, "o_proj"), [value_norms(v, w["o_proj.weight"].T, H)]


# ---- random weights with Hugging Face names and layouts ---------------------

class Gen:
    """Float32 random tensors, in a fixed order from a fixed seed."""

    def __init__(self, seed):
        self.g = torch.Generator().manual_seed(seed)
        self.out = []

    def randn(self, name, shape, std, mean=0.0):
        t = torch.randn(*shape, generator=self.g, dtype=torch.float32) * std + mean
        self.out.append((name, t.numpy().astype(np.float32)))

    def dict(self):
        return dict(self.out)


def weights_gpt2(c, g):
    D, F_, V, P = c["d_model"], c["d_ff"], c["vocab_size"], c["max_seq"]
    g.randn("wte.weight", (V, D), 0.5)
    if c["position"] == "learned":
        g.randn("wpe.weight", (P, D), 0.3)
    for n in range(c["n_layers"]):
        p = "h.%d." % n
        g.randn(p + "ln_1.weight", (D,), 0.1, 1.0)
        g.randn(p + "ln_1.bias", (D,), 0.1)
        g.randn(p + "attn.c_attn.weight", (D, 3 * D), 1.4 / math.sqrt(D))
        g.randn(p + "attn.c_attn.bias", (3 * D,), 0.1)
        g.randn(p + "attn.c_proj.weight", (D, D), 1.0 / math.sqrt(D))
        g.randn(p + "attn.c_proj.bias", (D,), 0.1)
        g.randn(p + "ln_2.weight", (D,), 0.1, 1.0)
        g.randn(p + "ln_2.bias", (D,), 0.1)
        g.randn(p + "mlp.c_fc.weight", (D, F_), 1.0 / math.sqrt(D))
        g.randn(p + "mlp.c_fc.bias", (F_,), 0.1)
        g.randn(p + "mlp.c_proj.weight", (F_, D), 1.0 / math.sqrt(F_))
        g.randn(p + "mlp.c_proj.bias", (D,), 0.1)
    g.randn("ln_f.weight", (D,), 0.1, 1.0)
    g.randn("ln_f.bias", (D,), 0.1)


def weights_llama(c, g):
    D, F_, V = c["d_model"], c["d_ff"], c["vocab_size"]
    dh = D // c["n_heads"]
    KV = c["n_kv_heads"] * dh
    g.randn("embed_tokens.weight", (V, D), 1.0)
    for n in range(c["n_layers"]):
        p = "layers.%d." % n
        g.randn(p + "input_layernorm.weight", (D,), 0.1, 1.0)
        g.randn(p + "self_attn.q_proj.weight", (D, D), 1.4 / math.sqrt(D))
        g.randn(p + "self_attn.k_proj.weight", (KV, D), 1.4 / math.sqrt(D))
        g.randn(p + "self_attn.v_proj.weight", (KV, D), 1.0 / math.sqrt(D))
        g.randn(p + "self_attn.o_proj.weight", (D, D), 1.0 / math.sqrt(D))
        g.randn(p + "post_attention_layernorm.weight", (D,), 0.1, 1.0)
        g.randn(p + "mlp.gate_proj.weight", (F_, D), 1.0 / math.sqrt(D))
        g.randn(p + "mlp.up_proj.weight", (F_, D), 1.0 / math.sqrt(D))
        g.randn(p + "mlp.down_proj.weight", (D, F_), 1.0 / math.sqrt(F_))
    g.randn("norm.weight", (D,), 0.1, 1.0)
    g.randn("lm_head.weight", (V, D), 1.0 / math.sqrt(D))


def weights_bert(c, g):
    D, F_, V, P = c["d_model"], c["d_ff"], c["vocab_size"], c["max_seq"]
    e = "embeddings."
    g.randn(e + "word_embeddings.weight", (V, D), 0.5)
    g.randn(e + "position_embeddings.weight", (P, D), 0.3)
    g.randn(e + "token_type_embeddings.weight", (2, D), 0.3)
    g.randn(e + "LayerNorm.weight", (D,), 0.1, 1.0)
    g.randn(e + "LayerNorm.bias", (D,), 0.1)
    for n in range(c["n_layers"]):
        p = "encoder.layer.%d." % n
        for m in ("query", "key"):
            g.randn(p + "attention.self.%s.weight" % m, (D, D), 1.4 / math.sqrt(D))
            g.randn(p + "attention.self.%s.bias" % m, (D,), 0.1)
        g.randn(p + "attention.self.value.weight", (D, D), 1.0 / math.sqrt(D))
        g.randn(p + "attention.self.value.bias", (D,), 0.1)
        g.randn(p + "attention.output.dense.weight", (D, D), 1.0 / math.sqrt(D))
        g.randn(p + "attention.output.dense.bias", (D,), 0.1)
        g.randn(p + "attention.output.LayerNorm.weight", (D,), 0.1, 1.0)
        g.randn(p + "attention.output.LayerNorm.bias", (D,), 0.1)
        g.randn(p + "intermediate.dense.weight", (F_, D), 1.0 / math.sqrt(D))
        g.randn(p + "intermediate.dense.bias", (F_,), 0.1)
        g.randn(p + "output.dense.weight", (D, F_), 1.0 / math.sqrt(F_))
        g.randn(p + "output.dense.bias", (D,), 0.1)
        g.randn(p + "output.LayerNorm.weight", (D,), 0.1, 1.0)
        g.randn(p + "output.LayerNorm.bias", (D,), 0.1)
    # Real BERT checkpoints carry the pooler; the loader must tolerate it.
    g.randn("pooler.dense.weight", (D, D), 1.0 / math.sqrt(D))
    g.randn("pooler.dense.bias", (D,), 0.1)


def weights_attention(c, g):
    D = c["d_model"]
    for m in ("q", "k", "v", "o"):
        std = (1.4 if m in "qk" else 1.0) / math.sqrt(D)
        g.randn("%s_proj.weight" % m, (D, D), std)
        g.randn("%s_proj.bias" % m, (D,), 0.1)


def weights_gpt2_init(c, seed, std):
    """gpt2 weights as weights.init: random makes them (rng.h)."""
    D, F_, V, P = c["d_model"], c["d_ff"], c["vocab_size"], c["max_seq"]
    out = {}

    def rnd(name, shape):
        n = int(np.prod(shape))
        out[name] = rng_normal(seed, name, std, n).reshape(shape)

    def const(name, shape, val):
        out[name] = np.full(shape, val, dtype=np.float32)

    rnd("wte.weight", (V, D))
    rnd("wpe.weight", (P, D))
    for n in range(c["n_layers"]):
        p = "h.%d." % n
        const(p + "ln_1.weight", (D,), 1.0)
        const(p + "ln_1.bias", (D,), 0.0)
        rnd(p + "attn.c_attn.weight", (D, 3 * D))
        const(p + "attn.c_attn.bias", (3 * D,), 0.0)
        rnd(p + "attn.c_proj.weight", (D, D))
        const(p + "attn.c_proj.bias", (D,), 0.0)
        const(p + "ln_2.weight", (D,), 1.0)
        const(p + "ln_2.bias", (D,), 0.0)
        rnd(p + "mlp.c_fc.weight", (D, F_))
        const(p + "mlp.c_fc.bias", (F_,), 0.0)
        rnd(p + "mlp.c_proj.weight", (F_, D))
        const(p + "mlp.c_proj.bias", (D,), 0.0)
    const("ln_f.weight", (D,), 1.0)
    const("ln_f.bias", (D,), 0.0)
    return out


# ---- cases ------------------------------------------------------------------

GPT2 = dict(family="gpt2", vocab_size=48, max_seq=16, d_model=32, n_layers=2,
            n_heads=4, n_kv_heads=4, d_head=8, d_ff=48, norm="layernorm",
            norm_eps=1e-5, activation="gelu_tanh", position="learned",
            rope_theta=10000.0, mask="causal", bias=True, tie_embeddings=True)
LLAMA = dict(family="llama", vocab_size=48, max_seq=16, d_model=32,
             n_layers=2, n_heads=4, n_kv_heads=4, d_head=8, d_ff=48,
             norm="rmsnorm", norm_eps=1e-5, activation="swiglu",
             position="rope", rope_theta=10000.0, mask="causal", bias=False,
             tie_embeddings=False)
BERT = dict(family="bert", vocab_size=48, max_seq=16, d_model=32, n_layers=2,
            n_heads=4, n_kv_heads=4, d_head=8, d_ff=64, norm="layernorm",
            norm_eps=1e-5, activation="gelu", position="learned",
            rope_theta=10000.0, mask="none", bias=True, tie_embeddings=True)

CASES = [
    ("gpt2", dict(GPT2), 11),
    ("gpt2-sliding", dict(GPT2, mask="sliding:4", n_layers=3, d_ff=32), 13),
    ("gpt2-alibi", dict(GPT2, position="alibi", d_model=36, n_heads=6,
                        n_kv_heads=6, d_head=6, d_ff=36), 12),
    ("gpt2-sinusoidal", dict(GPT2, position="sinusoidal", d_model=36,
                             n_heads=6, n_kv_heads=6, d_head=6, d_ff=36), 10),
    ("gpt2-nomask", dict(GPT2, mask="none"), 9),
    ("llama", dict(LLAMA), 12),
    ("llama-gqa", dict(LLAMA, n_heads=8, n_kv_heads=2, d_head=4), 14),
    ("llama-sliding", dict(LLAMA, mask="sliding:5", n_heads=4, n_kv_heads=2), 16),
    ("bert", dict(BERT, d_ff=48), 10),
    ("attention", dict(family="attention", max_seq=16, d_model=32, n_heads=4,
                       d_head=8, mask="none", bias=True), 12),
    ("gpt2-init", dict(GPT2, n_layers=2), 7),
    # Long enough for several row tiles of the linear layers and several
    # attention row blocks (the other cases fit in one of each).
    ("gpt2-long", dict(GPT2, max_seq=320, n_layers=1, n_heads=2,
                       n_kv_heads=2, d_head=16), 300),
]

MODEL_KEYS = ["family", "vocab_size", "max_seq", "d_model", "n_layers",
              "n_heads", "n_kv_heads", "d_head", "d_ff", "norm", "norm_eps",
              "activation", "position", "rope_theta", "mask", "bias",
              "tie_embeddings"]


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v) if v >= 1e-3 else "%.1e" % v
    return str(v)


def write_yaml(path, name, c, weights_lines, input_lines):
    lines = ["# Generated by tests/golden/make_golden.py; do not edit.",
             "model:", "  name: golden-%s" % name]
    for k in MODEL_KEYS:
        if k in c:
            lines.append("  %s: %s" % (k, yaml_value(c[k])))
    lines.append("weights:")
    lines += ["  " + s for s in weights_lines]
    lines.append("input:")
    lines += ["  " + s for s in input_lines]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def make_case(idx, name, c, T):
    torch.manual_seed(1000 + idx)
    rs = np.random.RandomState(1000 + idx)
    if name == "gpt2-init":
        seed, std = 7, 0.02
        W = weights_gpt2_init(c, seed, std)
        wlines = ["init: random", "seed: %d" % seed, "std: %s" % std]
    else:
        g = Gen(1000 + idx)
        {"gpt2": weights_gpt2, "llama": weights_llama, "bert": weights_bert,
         "attention": weights_attention}[c["family"]](c, g)
        W = g.dict()
        save_safetensors(os.path.join(HERE, name + ".safetensors"), g.out,
                         {"format": "pt"})
        wlines = ["file: %s.safetensors" % name]
    if c["family"] == "attention":
        seed = 5
        wlines.append("seed: %d" % seed)
        x = rng_normal(seed, "input.embeddings", 1.0,
                       T * c["d_model"]).reshape(T, c["d_model"])
        ilines = ["embeddings: random", "seq_len: %d" % T]
        probs, hidden, norms = forward_attention(c, W, x)
    else:
        tokens = rs.randint(0, c["vocab_size"], size=T).tolist()
        ilines = ["tokens: [%s]" % ", ".join(str(t) for t in tokens)]
        fwd = {"gpt2": forward_gpt2, "llama": forward_llama,
               "bert": forward_bert}[c["family"]]
        probs, hidden, norms = fwd(c, W, tokens)
        if c["family"] == "bert" or (c["family"] == "gpt2"
                                     and c["position"] == "learned"):
            cross_check(name, c, W, tokens, probs, hidden)
    write_yaml(os.path.join(HERE, name + ".yaml"), name, c, wlines, ilines)

    save_expected(name, probs, hidden, norms)
    sanity(name, c, T, probs, hidden)
    if c["family"] != "attention":
        return c, W, tokens, probs
    return None


# Value-weighted matrices are kept for the short cases only (T <= 16).
VWEIGHT_MAX_T = 16


def save_expected(name, probs, hidden, norms):
    """attn.L, hidden, then vnorm.L [H, T] (value norms) and, for short
    inputs, vweight.L [H, T, T] (value-weighted attention)."""
    out = [("attn.%d" % n, p.numpy().astype(np.float32))
           for n, p in enumerate(probs)]
    out.append(("hidden", hidden.numpy().astype(np.float32)))
    out += [("vnorm.%d" % n, v.numpy().astype(np.float32))
            for n, v in enumerate(norms)]
    if probs[0].shape[-1] <= VWEIGHT_MAX_T:
        out += [("vweight.%d" % n, value_weighted(p, v).numpy().astype(np.float32))
                for n, (p, v) in enumerate(zip(probs, norms))]
    save_safetensors(os.path.join(HERE, name + ".expected.safetensors"), out,
                     {"case": name})


def sanity(name, c, T, probs, hidden):
    """Check the reference against the spec's invariants and read it back."""
    vis = visible(T, c["mask"])
    for p in probs:
        assert p.shape == (c["n_heads"], T, T)
        assert torch.allclose(p.sum(-1), torch.ones(p.shape[:2], dtype=p.dtype))
        assert bool((p[:, ~vis] == 0).all())
        assert bool((p[:, vis] > 0).all())
    got, meta = load_safetensors(os.path.join(HERE, name + ".expected.safetensors"))
    assert meta == {"case": name}
    assert len(got) == (3 if T <= VWEIGHT_MAX_T else 2) * len(probs) + 1
    for n, p in enumerate(probs):
        assert np.array_equal(got["attn.%d" % n], p.numpy().astype(np.float32))
        f32 = got["attn.%d" % n].astype(np.float64)
        assert np.abs(f32.sum(-1) - 1).max() < 1e-6
        # exact zeros in the file mean masked, nothing else (no underflow)
        assert bool((got["attn.%d" % n][:, vis.numpy()] > 0).all())
    assert got["hidden"].shape == (T, c["d_model"])
    assert np.isfinite(got["hidden"]).all()
    mx = max(float(p.max()) for p in probs)
    print("%-16s T=%2d layers=%d heads=%d  max prob %.3f  |hidden| max %.3f"
          % (name, T, len(probs), c["n_heads"], mx, float(hidden.abs().max())))


def cross_check(name, c, W, tokens, probs, hidden):
    """gpt2 (learned positions) and bert against nn.TransformerEncoderLayer,
    torch's own pre-LN / post-LN block, loaded with the same weights."""
    D, H, T, eps = c["d_model"], c["n_heads"], len(tokens), c["norm_eps"]
    gpt2 = c["family"] == "gpt2"
    act = ((lambda t: F.gelu(t, approximate="tanh")) if gpt2 else
           (lambda t: F.gelu(t)))
    w = {k: d64(v) for k, v in W.items()}
    vis = visible(T, c["mask"])
    amask = torch.zeros(T, T, dtype=torch.float64).masked_fill(~vis, float("-inf"))
    if gpt2:
        x = w["wte.weight"][tokens] + w["wpe.weight"][:T]
    else:
        e = "embeddings."
        x = (w[e + "word_embeddings.weight"][tokens]
             + w[e + "position_embeddings.weight"][:T]
             + w[e + "token_type_embeddings.weight"][0])
        x = layer_norm(x, w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"], eps)
    x = x[None]
    for n in range(c["n_layers"]):
        blk = torch.nn.TransformerEncoderLayer(
            D, H, dim_feedforward=c["d_ff"], dropout=0.0, activation=act,
            layer_norm_eps=eps, batch_first=True, norm_first=gpt2).double().eval()
        sd = {}
        if gpt2:
            p = "h.%d." % n
            sd["self_attn.in_proj_weight"] = w[p + "attn.c_attn.weight"].T
            sd["self_attn.in_proj_bias"] = w[p + "attn.c_attn.bias"]
            sd["self_attn.out_proj.weight"] = w[p + "attn.c_proj.weight"].T
            sd["self_attn.out_proj.bias"] = w[p + "attn.c_proj.bias"]
            sd["linear1.weight"] = w[p + "mlp.c_fc.weight"].T
            sd["linear1.bias"] = w[p + "mlp.c_fc.bias"]
            sd["linear2.weight"] = w[p + "mlp.c_proj.weight"].T
            sd["linear2.bias"] = w[p + "mlp.c_proj.bias"]
            for a, b in (("norm1", "ln_1"), ("norm2", "ln_2")):
                sd[a + ".weight"] = w[p + b + ".weight"]
                sd[a + ".bias"] = w[p + b + ".bias"]
        else:
            p = "encoder.layer.%d." % n
            a = p + "attention.self."
            sd["self_attn.in_proj_weight"] = torch.cat(
                [w[a + m + ".weight"] for m in ("query", "key", "value")])
            sd["self_attn.in_proj_bias"] = torch.cat(
                [w[a + m + ".bias"] for m in ("query", "key", "value")])
            for k, v in (("self_attn.out_proj", "attention.output.dense"),
                         ("linear1", "intermediate.dense"),
                         ("linear2", "output.dense"),
                         ("norm1", "attention.output.LayerNorm"),
                         ("norm2", "output.LayerNorm")):
                sd[k + ".weight"] = w[p + v + ".weight"]
                sd[k + ".bias"] = w[p + v + ".bias"]
        blk.load_state_dict({k: v.contiguous() for k, v in sd.items()})
        with torch.no_grad():
            a_in = blk.norm1(x) if gpt2 else x
            _, pw = blk.self_attn(a_in, a_in, a_in, attn_mask=amask,
                                  need_weights=True, average_attn_weights=False)
            assert torch.allclose(pw[0], probs[n], atol=1e-12, rtol=0), name
            x = blk(x, src_mask=amask)
    if gpt2:
        x = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"], eps)
    assert torch.allclose(x[0], hidden, atol=1e-10, rtol=0), name
    print("%-16s agrees with nn.TransformerEncoderLayer" % name)


def self_test():
    """The hand-written building blocks against torch's own modules."""
    check_rng()
    torch.manual_seed(0)
    x = torch.randn(5, 16, dtype=torch.float64)
    # rotate_half RoPE equals a rotation of pairs (i, i + dh/2).
    r = rope(x[None], 10000.0)[0]
    dh = 16
    for t in range(5):
        for i in range(dh // 2):
            ang = t / 10000.0 ** (2 * i / dh)
            a, b = x[t, i], x[t, i + dh // 2]
            assert abs(r[t, i] - (a * math.cos(ang) - b * math.sin(ang))) < 1e-12
            assert abs(r[t, i + dh // 2] - (b * math.cos(ang) + a * math.sin(ang))) < 1e-12
    # attention() against nn.MultiheadAttention on an unmasked input.
    mha = torch.nn.MultiheadAttention(16, 4, bias=False, batch_first=True).double()
    out, w = mha(x[None], x[None], x[None], need_weights=True,
                 average_attn_weights=False)
    wq, wk, wv = mha.in_proj_weight.split(16)
    p, o = attention(heads(x @ wq.T, 4, 4), heads(x @ wk.T, 4, 4),
                     heads(x @ wv.T, 4, 4), "none")
    assert torch.allclose(p, w[0], atol=1e-12)
    assert torch.allclose(o @ mha.out_proj.weight.T, out[0], atol=1e-12)
    # value_norms' per-head blocks: the heads' alpha-weighted vectors
    # v_j W_O^h, summed over heads and keys, are the projected output.
    wo = mha.out_proj.weight.T
    vh = heads(x @ wv.T, 4, 4)
    f = torch.stack([vh[h] @ wo[4 * h:4 * h + 4] for h in range(4)])
    assert torch.allclose((p @ f).sum(0), o @ wo, atol=1e-12)
    assert torch.allclose(value_norms(vh, wo, 4), f.norm(dim=-1), atol=1e-12)
    # BLOOM slopes: 8 heads are 2^-1 .. 2^-8; 6 heads add 2^-1, 2^-3 of base 2^-4/4.
    assert torch.allclose(alibi_slopes(8), 2.0 ** -torch.arange(1, 9, dtype=torch.float64))
    s6 = alibi_slopes(6)
    assert torch.allclose(s6, torch.tensor([2 ** -2, 2 ** -4, 2 ** -6, 2 ** -8,
                                            2 ** -1, 2 ** -3], dtype=torch.float64))


# ---- the same models stored another way --------------------------------------
#
# Written after the cases above, from their weights, so that those files
# stay byte-identical.

def make_copy(name, base, dtype, prefix, extra=()):
    """base's weights as dtype with a name prefix (plus extra tensors a
    real checkpoint carries, unprefixed); expected outputs from PyTorch on
    the rounded weights, so the F32 tolerances of test_golden.c hold."""
    c, W, tokens, _ = base
    rnd = {"F32": lambda a: a, "F16": round_f16, "BF16": round_bf16}[dtype]
    Wr = {k: rnd(v) for k, v in W.items()}
    tensors = [(prefix + k, v) for k, v in W.items()] + list(extra)
    path = os.path.join(HERE, name + ".safetensors")
    save_safetensors(path, tensors, {"format": "pt"}, dtype)
    back, _ = load_safetensors(path)
    for k, v in Wr.items():
        assert np.array_equal(back[prefix + k], v), k
    write_yaml(os.path.join(HERE, name + ".yaml"), name, c,
               ["file: %s.safetensors" % name],
               ["tokens: [%s]" % ", ".join(str(t) for t in tokens)])
    fwd = {"gpt2": forward_gpt2, "bert": forward_bert}[c["family"]]
    probs, hidden, norms = fwd(c, Wr, tokens)
    cross_check(name, c, Wr, tokens, probs, hidden)
    save_expected(name, probs, hidden, norms)
    sanity(name, c, len(tokens), probs, hidden)
    return probs


def make_sharded(name, base_name, base):
    """base's F32 weights as a Hugging Face sharded checkpoint in the
    directory name/: two shards and model.safetensors.index.json, names
    with the "model." prefix, lm_head.weight unprefixed as HF writes it.
    The expected outputs are base_name's own (the same numbers)."""
    c, W, tokens, _ = base
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    full = [(k if k.startswith("lm_head.") else "model." + k, v)
            for k, v in W.items()]
    half = len(full) // 2
    shards = [full[:half], full[half:]]
    weight_map, total = {}, 0
    for i, part in enumerate(shards):
        fname = "model-%05d-of-%05d.safetensors" % (i + 1, len(shards))
        save_safetensors(os.path.join(d, fname), part, {"format": "pt"})
        for k, v in part:
            weight_map[k] = fname
            total += v.size * 4
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
        f.write(json.dumps(index, indent=2, sort_keys=True) + "\n")
    assert "lm_head.weight" in weight_map
    write_yaml(os.path.join(HERE, name + ".yaml"), name, c,
               ["file: %s/model.safetensors.index.json" % name],
               ["tokens: [%s]" % ", ".join(str(t) for t in tokens)])
    print("%-16s %d shards, expected = %s.expected.safetensors"
          % (name, len(shards), base_name))


def write_f16_table():
    """numpy's float16 -> float32 for all 65536 bit patterns, as FNV-1a 64
    digests of 256 blocks of 256 results (the little-endian float32 bit
    patterns): the table itself would be 256 KB."""
    h = np.arange(65536, dtype=np.uint32).astype(np.uint16)
    f = h.view(np.float16).astype(np.float32).view(np.uint32)
    # Spot values everyone agrees on, so the digests mean what they say.
    assert f[0x0001] == 0x33800000 and f[0x03ff] == 0x387fc000
    assert f[0x3c00] == 0x3f800000 and f[0x7bff] == 0x477fe000
    assert f[0x7c00] == 0x7f800000 and f[0xfc00] == 0xff800000
    assert f[0x7c01] == 0x7f802000 and f[0x7e00] == 0x7fc00000
    raw = f.astype("<u4").tobytes()
    lines = ["# float16 -> float32 for every bit pattern, from numpy %s"
             % np.__version__,
             "# (tests/golden/make_golden.py).  Line k: the FNV-1a 64 of the",
             "# 1024 bytes of the little-endian float32 bit patterns of the",
             "# float16 patterns 256k .. 256k + 255."]
    for k in range(256):
        lines.append("%02x %016x" % (k, fnv1a64(raw[1024 * k:1024 * (k + 1)])))
    with open(os.path.join(HERE, "f16-table.txt"), "w") as fp:
        fp.write("\n".join(lines) + "\n")


def main():
    torch.set_num_threads(1)
    self_test()
    made = {}
    for idx, (name, c, T) in enumerate(CASES):
        made[name] = make_case(idx, name, c, T)
    # BF16 with GPT2LMHeadModel's "transformer." prefix.
    p16 = make_copy("gpt2-bf16", made["gpt2"], "BF16", "transformer.")
    d = max(float((a - b).abs().max()) for a, b in zip(p16, made["gpt2"][3]))
    print("%-16s max |p_bf16 - p_f32| %.3g" % ("gpt2-bf16", d))
    # F16 with BertForMaskedLM's "bert." prefix and its unprefixed head.
    c = made["bert"][0]
    head = np.random.RandomState(7).standard_normal(
        c["vocab_size"]).astype(np.float32) * 0.1
    make_copy("bert-f16", made["bert"], "F16", "bert.",
              [("cls.predictions.bias", head)])
    make_sharded("llama-sharded", "llama", made["llama"])
    write_f16_table()


if __name__ == "__main__":
    main()
