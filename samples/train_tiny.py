#!/usr/bin/python3
"""Train samples/tiny-bytes.safetensors, attntui's default sample model.

    /usr/bin/python3 samples/train_tiny.py        (Debian torch 1.13, numpy)

A byte-level GPT-2-family model (pre-LN, learned positions, gelu_tanh,
causal mask, biases, tied embeddings; vocab 256 = one token per byte),
trained on the CPU with a fixed seed and two threads in a few minutes.

Corpus: the license texts of /usr/share/common-licenses (package
base-files, which is Essential on Debian, so every Debian 12 machine has
them; a missing file is skipped and named), mixed with synthetic sequences
made of repeated spans so that induction heads form.  Each training
sequence (128 bytes = max_seq, so every position is trained) is one of:

  15%  a window of the license texts, as is;
  35%  a window of the license texts in which a span of 8..42 bytes from
       the first half is copied again later in the window (without these
       the induction heads learn to stay idle on ordinary text);
  25%  a random span of printable ASCII (8..32 bytes) repeated until the
       sequence is full;
  25%  the same with spans drawn from " abcdefghijklmnopqrstuvwxyz", where
       one byte of context is ambiguous and the previous one must match
       too.

The learned position table starts as sinusoids (see Tiny), which shortens
the plateau before the previous-token and induction heads appear.
The last 5% of the license text is held out and its loss reported.  The
weights are written in float32 with Hugging Face GPT-2 names (Conv1D
layout [in, out], c_attn = q|k|v column blocks, no lm_head: tied), by hand
(Debian has no safetensors package), next to this script.  At the end the
per-head scores of head_scores.py are printed.
"""

import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tiny-bytes.safetensors")

# ---- hyperparameters ---------------------------------------------------------

CFG = dict(vocab_size=256, max_seq=128, d_model=128, n_layers=2, n_heads=4,
           d_ff=512, norm_eps=1e-5)
SEQ = 128            # training length = max_seq: every position is trained
BATCH = 32
STEPS = 1400
LR = 3e-3
WARMUP = 60
WEIGHT_DECAY = 0.05
SEED = 1234
THREADS = 2

LICENSE_DIR = "/usr/share/common-licenses"
# Every file base-files 12 puts there (GPL, LGPL and GFDL are symlinks to
# GPL-3, LGPL-3 and GFDL-1.3 and are skipped as duplicates).
LICENSES = ["Apache-2.0", "Artistic", "BSD", "CC0-1.0", "GFDL-1.2",
            "GFDL-1.3", "GPL-1", "GPL-2", "GPL-3", "LGPL-2", "LGPL-2.1",
            "LGPL-3", "MPL-1.1", "MPL-2.0"]
PRINTABLE = np.arange(32, 127, dtype=np.int64)
LOWER = np.frombuffer(b" abcdefghijklmnopqrstuvwxyz", dtype=np.uint8).astype(np.int64)


# ---- corpus ------------------------------------------------------------------

def load_corpus():
    """The license texts that exist here, in LICENSES order; names used."""
    parts, used = [], []
    for name in LICENSES:
        path = os.path.join(LICENSE_DIR, name)
        try:
            with open(path, "rb") as f:
                parts.append(f.read())
            used.append(name)
        except OSError:
            print("note: %s missing, skipped" % path)
    data = b"\n\n".join(parts)
    return np.frombuffer(data, dtype=np.uint8).astype(np.int64), used


def make_batch(rng, text, n):
    """n training sequences of SEQ + 1 bytes (inputs and shifted targets)."""
    out = np.empty((n, SEQ + 1), dtype=np.int64)
    for b in range(n):
        kind = rng.random_sample()
        if kind < 0.5 or len(text) < SEQ + 1:
            if len(text) >= SEQ + 1:
                s = rng.randint(0, len(text) - SEQ)
                seq = text[s:s + SEQ + 1].copy()
            else:   # no corpus at all: synthetic only
                kind = 1.0
            if 0.15 <= kind < 0.5:
                L = rng.randint(8, SEQ // 3 + 1)
                a = rng.randint(0, SEQ // 2 - L)
                d = rng.randint(a + L, SEQ + 1 - L)
                seq[d:d + L] = seq[a:a + L]
        if kind >= 0.5:
            L = rng.randint(8, SEQ // 4 + 1)
            # Half the spans use few symbols, so that the current byte
            # alone is ambiguous and the previous one must be matched too.
            span = rng.choice(PRINTABLE if kind < 0.75 else LOWER, size=L)
            seq = np.resize(span, SEQ + 1)
        out[b] = seq
    return torch.from_numpy(out)


# ---- the model (weights kept in the Hugging Face GPT-2 layout) ---------------

class Tiny(torch.nn.Module):
    def __init__(self, c, g):
        super().__init__()
        V, P, D, F_, L = (c["vocab_size"], c["max_seq"], c["d_model"],
                          c["d_ff"], c["n_layers"])
        self.c = c
        std, std_out = 0.02, 0.02 / math.sqrt(2 * L)

        def param(shape, s=None, fill=None):
            t = torch.empty(*shape)
            if fill is not None:
                t.fill_(fill)
            else:
                t.normal_(0.0, s, generator=g)
            return torch.nn.Parameter(t)

        self.p = {}   # Hugging Face name -> Parameter (registered below)
        self.p["wte.weight"] = param((V, D), std)
        # Learned positions, initialised with the sinusoids of Vaswani et
        # al. (same rms as the token embeddings): relative offsets are then
        # linear maps of the table, and the previous-token head (which the
        # induction head builds on) forms in a few hundred steps rather
        # than after a long plateau.
        pos = torch.arange(P, dtype=torch.float32)[:, None]
        ang = pos / torch.pow(10000.0, torch.arange(0, D, 2) / D)
        sin = torch.zeros(P, D)
        sin[:, 0::2], sin[:, 1::2] = torch.sin(ang), torch.cos(ang)
        self.p["wpe.weight"] = torch.nn.Parameter(sin * std * math.sqrt(2))
        for n in range(L):
            h = "h.%d." % n
            self.p[h + "ln_1.weight"] = param((D,), fill=1.0)
            self.p[h + "ln_1.bias"] = param((D,), fill=0.0)
            self.p[h + "attn.c_attn.weight"] = param((D, 3 * D), std)
            self.p[h + "attn.c_attn.bias"] = param((3 * D,), fill=0.0)
            self.p[h + "attn.c_proj.weight"] = param((D, D), std_out)
            self.p[h + "attn.c_proj.bias"] = param((D,), fill=0.0)
            self.p[h + "ln_2.weight"] = param((D,), fill=1.0)
            self.p[h + "ln_2.bias"] = param((D,), fill=0.0)
            self.p[h + "mlp.c_fc.weight"] = param((D, F_), std)
            self.p[h + "mlp.c_fc.bias"] = param((F_,), fill=0.0)
            self.p[h + "mlp.c_proj.weight"] = param((F_, D), std_out)
            self.p[h + "mlp.c_proj.bias"] = param((D,), fill=0.0)
        self.p["ln_f.weight"] = param((D,), fill=1.0)
        self.p["ln_f.bias"] = param((D,), fill=0.0)
        for k, t in self.p.items():   # module names may not contain '.'
            self.register_parameter(k.replace(".", "_"), t)

    def forward(self, idx):
        """idx [B, T] -> logits [B, T, V]"""
        p, c = self.p, self.c
        B, T = idx.shape
        D, H = c["d_model"], c["n_heads"]
        dh, eps = D // H, c["norm_eps"]
        mask = torch.ones(T, T, dtype=torch.bool).tril()
        x = p["wte.weight"][idx] + p["wpe.weight"][:T]
        for n in range(c["n_layers"]):
            h = "h.%d." % n
            a = F.layer_norm(x, (D,), p[h + "ln_1.weight"], p[h + "ln_1.bias"], eps)
            qkv = a @ p[h + "attn.c_attn.weight"] + p[h + "attn.c_attn.bias"]
            q, k, v = (t.view(B, T, H, dh).transpose(1, 2)
                       for t in qkv.split(D, dim=-1))
            s = (q @ k.transpose(-1, -2)) / math.sqrt(dh)
            s = s.masked_fill(~mask, float("-inf"))
            a = s.softmax(-1)
            if hasattr(self, "keep"):
                self.keep.append(a)
            o = (a @ v).transpose(1, 2).reshape(B, T, D)
            x = x + o @ p[h + "attn.c_proj.weight"] + p[h + "attn.c_proj.bias"]
            a = F.layer_norm(x, (D,), p[h + "ln_2.weight"], p[h + "ln_2.bias"], eps)
            m = F.gelu(a @ p[h + "mlp.c_fc.weight"] + p[h + "mlp.c_fc.bias"],
                       approximate="tanh")
            x = x + m @ p[h + "mlp.c_proj.weight"] + p[h + "mlp.c_proj.bias"]
        x = F.layer_norm(x, (D,), p["ln_f.weight"], p["ln_f.bias"], eps)
        return x @ p["wte.weight"].T


# ---- safetensors, by hand (as tests/golden/make_golden.py) -------------------

def save_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, float32 ndarray), written in that order."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs, off = [], 0
    for name, arr in tensors:
        raw = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape),
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


# ---- training ----------------------------------------------------------------

def lr_at(step):
    if step < WARMUP:
        return LR * (step + 1) / WARMUP
    t = (step - WARMUP) / max(1, STEPS - WARMUP)
    return LR * (0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * t)))


@torch.no_grad()
def heldout_loss(model, held):
    n = (len(held) - 1) // SEQ
    if n == 0:
        return float("nan")
    x = torch.from_numpy(held[:n * SEQ + 1].copy())
    idx = torch.stack([x[i * SEQ:(i + 1) * SEQ] for i in range(n)])
    tgt = torch.stack([x[i * SEQ + 1:(i + 1) * SEQ + 1] for i in range(n)])
    logits = model(idx)
    return F.cross_entropy(logits.reshape(-1, 256), tgt.reshape(-1)).item()


@torch.no_grad()
def probe(model, R=32):
    """Best previous-token and induction scores over the heads, on one
    random printable span repeated twice (see head_scores.py)."""
    rng = np.random.RandomState(99)
    span = torch.from_numpy(rng.choice(PRINTABLE, size=R))
    idx = torch.cat([span, span])[None]
    probs, T = [], 2 * R
    model.keep = probs
    model(idx)
    del model.keep
    A = torch.stack([a[0] for a in probs])          # [L, H, T, T]
    i = torch.arange(R, T)
    prev = A[:, :, torch.arange(1, T), torch.arange(0, T - 1)].mean(-1)
    ind = A[:, :, i, i - R + 1].mean(-1)
    return prev.max().item(), ind.max().item()


def main():
    torch.set_num_threads(THREADS)
    torch.manual_seed(SEED)
    rng = np.random.RandomState(SEED)
    g = torch.Generator().manual_seed(SEED)

    corpus, used = load_corpus()
    cut = int(len(corpus) * 0.95)
    train, held = corpus[:cut], corpus[cut:]
    print("corpus: %d bytes from %s/{%s}" % (len(corpus), LICENSE_DIR,
                                             ",".join(used)))
    print("train %d bytes, held out %d bytes" % (len(train), len(held)))

    model = Tiny(CFG, g)
    nparam = sum(t.numel() for t in model.parameters())
    print("model: %d layers, d_model %d, %d heads, d_ff %d, %d parameters"
          % (CFG["n_layers"], CFG["d_model"], CFG["n_heads"], CFG["d_ff"],
             nparam))
    decay = [t for k, t in model.p.items() if t.dim() == 2]
    no_decay = [t for k, t in model.p.items() if t.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=LR, betas=(0.9, 0.95))

    t0 = time.time()
    avg = None
    for step in range(STEPS):
        for grp in opt.param_groups:
            grp["lr"] = lr_at(step)
        batch = make_batch(rng, train, BATCH)
        logits = model(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, 256), batch[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        avg = loss.item() if avg is None else 0.98 * avg + 0.02 * loss.item()
        if step % 50 == 0 or step == STEPS - 1:
            prev, ind = probe(model)
            print("step %5d  loss %.4f  (avg %.4f)  lr %.2e  %4.0f s  "
                  "best prev-token %.2f  best induction %.2f"
                  % (step, loss.item(), avg, lr_at(step), time.time() - t0,
                     prev, ind), flush=True)
    secs = time.time() - t0
    hl = heldout_loss(model, held)
    print("trained %d steps in %.0f s; final train loss (running avg) %.4f, "
          "held-out license text loss %.4f nats/byte (%.3f bits/byte)"
          % (STEPS, secs, avg, hl, hl / math.log(2)))

    meta = {"trained_by": "samples/train_tiny.py",
            "corpus": ",".join(os.path.join(LICENSE_DIR, u) for u in used)
            + " + synthetic repeated spans",
            "steps": str(STEPS), "seed": str(SEED),
            "train_loss": "%.4f" % avg, "heldout_loss": "%.4f" % hl}
    tensors = [(k, t.detach().numpy().astype(np.float32))
               for k, t in model.p.items()]
    save_safetensors(OUT, tensors, meta)
    print("wrote %s (%d bytes)" % (OUT, os.path.getsize(OUT)))

    sys.path.insert(0, HERE)
    import head_scores
    head_scores.main([])


if __name__ == "__main__":
    main()
