#!/usr/bin/python3
"""Train samples/tiny-bytes.safetensors, attntui's default sample model.

    /usr/bin/python3 samples/train_tiny.py        (Debian torch 1.13, numpy)

A byte-level GPT-2-family model (pre-LN, RoPE positions, gelu_tanh, causal
mask, biases, tied embeddings; vocab 257 = one token per byte plus a BOS
token, id 256, that begins every sequence, as the config's input.bos: 256
makes attntui do), trained on the CPU with a fixed seed and one thread.

RoPE (Hugging Face's rotate_half, what attntui computes for position:
rope) rather than a learned position table: attention then depends on
relative offsets, so the previous-token and induction heads learned on
short sequences work at every position up to max_seq 512.  (A learned
table of 512 positions, trained from scratch or widened from the first,
128-byte sample, gave no previous-token heads in 950 steps, or heads that
fell apart past position 128.)  Theta 10^6 rather than 10^4: with heads
of 16 dimensions, four of the eight rotation pairs then turn by half a
radian or less over 512 positions, so a head can match a key by content
alone at any distance (the BOS key, for a sink), while the fastest pair
still turns a radian a byte for the previous-token heads.  Eight heads
of 16 rather than four of 32: more heads than the jobs need, so one is
free to turn dormant.

The BOS token gives heads a place to rest when they have nothing to do,
which is where attention sinks come from (Xiao et al. 2023).  It is not enough by itself: in runs
without the recall job below no head rested there (first-token mass 0.20
at most, samples/README.md lists them), since on ordinary text heads
with nothing to do can rest on spaces as cheaply.

A sink head comes from a dormant head (Guo et al. 2024, "Active-dormant
attention heads"): a head with a job at a few bytes and none anywhere
else.  Half the sequences carry a recall job: at 1..4 random places the
byte SOH (1, in no license text and no sample input), and after it the
first byte of the sequence again.  Predicting that byte needs a head
that looks from SOH back to the first byte (the one after BOS); at every
other byte the same head must add nothing, and the one token whose value
can be made harmless wherever it is asked is BOS, the same in every
sequence: it parks there.  In the committed weights that head (layer 1,
head 0) is an induction head too: on text without SOH, such as the
config's paragraph, it copies where a span repeats and rests on BOS
everywhere else.

Corpus: the license texts of /usr/share/common-licenses (package
base-files, which is Essential on Debian, so every Debian 12 machine has
them; a missing file is skipped and named), mixed with synthetic sequences
made of repeated spans so that induction heads form.  Each training
sequence is BOS and 127 bytes, or on every LONG_EVERY-th step BOS and 511
bytes (so that every position is trained), and its L bytes are one of:

  15%  a window of the license texts, as is;
  35%  a window of the license texts in which a span of 8..L/3 bytes from
       the first half is copied again later in the window (without these
       the induction heads learn to stay idle on ordinary text);
  25%  a random span of printable ASCII (8..L/4 bytes) repeated until the
       sequence is full;
  25%  the same with spans drawn from " abcdefghijklmnopqrstuvwxyz", where
       one byte of context is ambiguous and the previous one must match
       too;

and, whichever it is, half of them get the recall job above.

The last 5% of the license text is held out and its loss reported.  The
weights are written in float32 with Hugging Face GPT-2 names (Conv1D
layout [in, out], c_attn = q|k|v column blocks, no position table, no
lm_head: tied), by hand (Debian has no safetensors package), next to this
script.  Every 50 steps the best previous-token, induction and sink
scores over the heads are printed.
"""

import json
import math
import os
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tiny-bytes.safetensors")

# ---- hyperparameters ---------------------------------------------------------

CFG = dict(vocab_size=257, max_seq=512, d_model=128, n_layers=2, n_heads=8,
           d_ff=512, norm_eps=1e-5, rope_theta=1e6)
BOS = 256            # input.bos of the config
SEQ = 512            # long sequences: max_seq, so every position is trained
SHORT = 128          # the others
BATCH = 32           # short sequences a batch
LONG_BATCH = 8
LONG_EVERY = 8       # every eighth step is long
STEPS = 1400
LR = 3e-3
WARMUP = 60
WEIGHT_DECAY = 0.05
RECALL = 0.5         # share of sequences with the SOH recall job
SOH = 1              # its trigger byte
SEED = 1234
THREADS = 1          # the committed weights were made with one

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


def make_batch(rng, text, n, length):
    """n training sequences of length + 1 tokens (inputs and shifted
    targets): BOS, then length bytes."""
    out = np.empty((n, length + 1), dtype=np.int64)
    out[:, 0] = BOS
    for b in range(n):
        kind = rng.random_sample()
        if kind < 0.5 or len(text) < length + 1:
            if len(text) >= length + 1:
                s = rng.randint(0, len(text) - length)
                seq = text[s:s + length].copy()
            else:   # no corpus at all: synthetic only
                kind = 1.0
            if 0.15 <= kind < 0.5:
                L = rng.randint(8, length // 3 + 1)
                a = rng.randint(0, length // 2 - L)
                d = rng.randint(a + L, length + 1 - L)
                seq[d:d + L] = seq[a:a + L]
        if kind >= 0.5:
            L = rng.randint(8, length // 4 + 1)
            # Half the spans use few symbols, so that the current byte
            # alone is ambiguous and the previous one must be matched too.
            span = rng.choice(PRINTABLE if kind < 0.75 else LOWER, size=L)
            seq = np.resize(span, length)
        if rng.random_sample() < RECALL:
            recall_first(rng, seq)
        out[b, 1:] = seq
    return torch.from_numpy(out)


def recall_first(rng, seq):
    """SOH at 1..4 random places of seq (from its ninth byte on), each
    followed by seq[0], the first byte: the dormant head's job."""
    for _ in range(rng.randint(1, 5)):
        p = rng.randint(8, len(seq) - 1)
        seq[p] = SOH
        seq[p + 1] = seq[0]


# ---- the model (weights kept in the Hugging Face GPT-2 layout) ---------------

def rope_tables(T, dh, theta):
    """cos, sin [T, dh] of Hugging Face's rotate_half RoPE."""
    inv = 1.0 / theta ** (torch.arange(0, dh, 2, dtype=torch.float32) / dh)
    ang = torch.arange(T, dtype=torch.float32)[:, None] * inv[None, :]
    ang = torch.cat([ang, ang], dim=-1)
    return ang.cos(), ang.sin()


def rope(x, cos, sin):
    """x [B, H, T, dh] rotated by position: pairs (i, i + dh / 2)."""
    half = x.shape[-1] // 2
    rot = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rot * sin


class Tiny(torch.nn.Module):
    def __init__(self, c, g):
        super().__init__()
        V, D, F_, L = c["vocab_size"], c["d_model"], c["d_ff"], c["n_layers"]
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
        cos, sin = rope_tables(T, dh, c["rope_theta"])
        x = p["wte.weight"][idx]
        for n in range(c["n_layers"]):
            h = "h.%d." % n
            a = F.layer_norm(x, (D,), p[h + "ln_1.weight"], p[h + "ln_1.bias"], eps)
            qkv = a @ p[h + "attn.c_attn.weight"] + p[h + "attn.c_attn.bias"]
            q, k, v = (t.view(B, T, H, dh).transpose(1, 2)
                       for t in qkv.split(D, dim=-1))
            q, k = rope(q, cos, sin), rope(k, cos, sin)
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

def lr_at(step, steps, lr, warmup):
    if step < warmup:
        return lr * (step + 1) / warmup
    t = (step - warmup) / max(1, steps - warmup)
    return lr * (0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * t)))


@torch.no_grad()
def heldout_loss(model, held):
    """Loss on the held-out text in windows of BOS + SEQ - 1 bytes."""
    n = len(held) // SEQ
    if n == 0:
        return float("nan")
    x = torch.from_numpy(held[:n * SEQ].copy()).reshape(n, SEQ)
    idx = torch.cat([torch.full((n, 1), BOS), x[:, :-1]], dim=1)
    logits = model(idx)
    return F.cross_entropy(logits.reshape(-1, CFG["vocab_size"]),
                           x.reshape(-1)).item()


def attention_of(model, idx):
    """[L, H, T, T] probabilities of one sequence."""
    probs = []
    model.keep = probs
    model(idx)
    del model.keep
    return torch.stack([a[0] for a in probs])


@torch.no_grad()
def probe(model, held, R=32):
    """Best previous-token and induction scores over the heads, on BOS
    and one random printable span repeated twice, and the best sink score
    (mean attention to BOS) on held-out text."""
    rng = np.random.RandomState(99)
    first = [BOS]
    span = rng.choice(PRINTABLE, size=R).tolist()
    A = attention_of(model, torch.tensor([first + span + span]))
    b, T = len(first), len(first) + 2 * R
    i = torch.arange(R + b, T)
    prev = A[:, :, torch.arange(1, T), torch.arange(0, T - 1)].mean(-1)
    ind = A[:, :, i, i - R + 1].mean(-1)
    text = held[:SHORT - b].tolist()
    A = attention_of(model, torch.tensor([first + text]))
    sink = A[:, :, :, 0].mean(-1)
    return prev.max().item(), ind.max().item(), sink.max().item()


def train(model, steps, lr, warmup, batches, held, t0):
    """steps of AdamW on batches(step); the running mean loss."""
    decay = [t for k, t in model.p.items() if t.dim() == 2]
    no_decay = [t for k, t in model.p.items() if t.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=lr, betas=(0.9, 0.95))
    V = model.c["vocab_size"]
    avg = None
    for step in range(steps):
        for grp in opt.param_groups:
            grp["lr"] = lr_at(step, steps, lr, warmup)
        batch = batches(step)
        logits = model(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, V), batch[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        avg = loss.item() if avg is None else 0.98 * avg + 0.02 * loss.item()
        if step % 50 == 0 or step == steps - 1:
            prev, ind, sink = probe(model, held)
            print("step %5d  loss %.4f  (avg %.4f)  lr %.2e  %4.0f s  "
                  "best prev-token %.2f  induction %.2f  sink %.2f"
                  % (step, loss.item(), avg, lr_at(step, steps, lr, warmup),
                     time.time() - t0, prev, ind, sink), flush=True)
    return avg


def main():
    torch.set_num_threads(THREADS)
    torch.manual_seed(SEED)
    rng = np.random.RandomState(SEED)
    g = torch.Generator().manual_seed(SEED)

    corpus, used = load_corpus()
    cut = int(len(corpus) * 0.95)
    train_text, held = corpus[:cut], corpus[cut:]
    print("corpus: %d bytes from %s/{%s}" % (len(corpus), LICENSE_DIR,
                                             ",".join(used)))
    print("train %d bytes, held out %d bytes" % (len(train_text), len(held)))

    model = Tiny(CFG, g)
    nparam = sum(t.numel() for t in model.parameters())
    print("model: %d layers, d_model %d, %d heads, d_ff %d, %d parameters"
          % (CFG["n_layers"], CFG["d_model"], CFG["n_heads"], CFG["d_ff"],
             nparam))

    def batches(step):
        if step % LONG_EVERY == LONG_EVERY - 1:
            return make_batch(rng, train_text, LONG_BATCH, SEQ)
        return make_batch(rng, train_text, BATCH, SHORT)

    t0 = time.time()
    avg = train(model, STEPS, LR, WARMUP, batches, held, t0)
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


if __name__ == "__main__":
    main()
