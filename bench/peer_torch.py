#!/usr/bin/python3
"""PyTorch peer for bench/run: the same GPT-2-small forward pass as
attntui's (pre-LN blocks, causal softmax attention, gelu_tanh MLP, final
LayerNorm, no LM head), with every head's probabilities materialised and
kept, in float32 on the CPU.

usage: peer_torch.py T THREADS RUNS
prints: one line of key=value pairs, as forward_bench does
"""
import math
import resource
import statistics
import sys
import time

import torch
import torch.nn.functional as F

D, H, L, FF, V, P = 768, 12, 12, 3072, 50257, 1024


def make_weights(gen):
    def normal(*shape):
        return torch.randn(*shape, generator=gen) * 0.02

    layers = []
    for _ in range(L):
        layers.append(dict(
            ln1=(torch.ones(D), torch.zeros(D)),
            attn=(normal(D, 3 * D), torch.zeros(3 * D)),   # Conv1D [in, out]
            proj=(normal(D, D), torch.zeros(D)),
            ln2=(torch.ones(D), torch.zeros(D)),
            fc=(normal(D, FF), torch.zeros(FF)),
            out=(normal(FF, D), torch.zeros(D)),
        ))
    return dict(wte=normal(V, D), wpe=normal(P, D), layers=layers,
                lnf=(torch.ones(D), torch.zeros(D)))


def forward(w, ids):
    T = ids.shape[0]
    dh = D // H
    causal = torch.ones(T, T, dtype=torch.bool).tril()
    x = w["wte"][ids] + w["wpe"][:T]
    probs = []
    for lw in w["layers"]:
        h = F.layer_norm(x, (D,), *lw["ln1"], eps=1e-5)
        qkv = torch.addmm(lw["attn"][1], h, lw["attn"][0])
        q, k, v = (t.view(T, H, dh).transpose(0, 1) for t in qkv.split(D, 1))
        s = torch.matmul(q, k.transpose(1, 2)) / math.sqrt(dh)
        s = s.masked_fill(~causal, float("-inf"))
        p = torch.softmax(s, dim=-1)
        probs.append(p)
        a = torch.matmul(p, v).transpose(0, 1).reshape(T, D)
        x = x + torch.addmm(lw["proj"][1], a, lw["proj"][0])
        h = F.layer_norm(x, (D,), *lw["ln2"], eps=1e-5)
        m = F.gelu(torch.addmm(lw["fc"][1], h, lw["fc"][0]), approximate="tanh")
        x = x + torch.addmm(lw["out"][1], m, lw["out"][0])
    return F.layer_norm(x, (D,), *w["lnf"], eps=1e-5), probs


def main():
    T, threads, runs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    w = make_weights(torch.Generator().manual_seed(42))
    ids = torch.tensor([(i * 7919) % V for i in range(T)])
    times = []
    with torch.no_grad():
        for _ in range(runs):
            t = time.perf_counter()
            hidden, probs = forward(w, ids)
            times.append(time.perf_counter() - t)
            del hidden, probs
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"T={T} threads={threads} runs={runs} "
          f"median_s={statistics.median(times):.4f} min_s={min(times):.4f} "
          f"peak_rss_mb={rss:.1f} torch={torch.__version__}")


if __name__ == "__main__":
    main()
