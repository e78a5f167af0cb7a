#!/usr/bin/python3
"""Head scores recomputed with numpy from exported attention.

    stats_check.py ATTENTION.npy STATS.tsv [TOKENS]

ATTENTION is what `attntui --export` wrote, float32 (layers, heads, T, T);
STATS what `attntui --stats` printed for the same input; TOKENS a file of
one token a line, "id<TAB>label" as --tokenize prints them or a bare
label, or "-" when the scores must have no tokens to compare (induction
and duplicate are then "-").  Every score is recomputed here from the
definitions of spec/stats.md, written from the spec and not from the C
code, and compared: 2e-5 relative plus 1e-6 absolute (attntui prints six
significant digits, so rounding alone is up to 5e-6 relative).  With
--against=OTHER.npy the diff column is checked too.  Prints one line per
mismatch and exits 1 if any.
"""

import math
import sys

import numpy as np

REL, ABS = 2e-5, 1e-6
COLUMNS = ["entropy", "max", "sink", "prev", "self", "distance",
           "induction", "duplicate"]


def scores(A, toks):
    """A [T, T] float64 (rows are queries); toks: list of T keys or None."""
    T = A.shape[0]
    out = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(A > 0, A * np.log2(np.where(A > 0, A, 1)), 0.0)
    out["entropy"] = float((-plogp.sum(1)).mean())
    out["max"] = float(A.max(1).mean())
    out["sink"] = float(A[:, 0].mean())
    out["prev"] = float(np.mean([A[i, i - 1] for i in range(1, T)])) if T > 1 else None
    out["self"] = float(np.mean([A[i, i] for i in range(T)]))
    dist = np.abs(np.arange(T)[:, None] - np.arange(T)[None, :])
    out["distance"] = float((A * dist).sum(1).mean())
    ind, dup = [], []
    if toks is not None:
        for i in range(T):
            S = {j + 1 for j in range(0, i - 1) if toks[j] == toks[i]}
            D = {j for j in range(i) if toks[j] == toks[i]}
            if S:
                ind.append(sum(A[i, k] for k in S))
            if D:
                dup.append(sum(A[i, k] for k in D))
    out["induction"] = float(np.mean(ind)) if ind else None
    out["duplicate"] = float(np.mean(dup)) if dup else None
    return out


def read_tokens(path):
    if path == "-":
        return None
    toks = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f.read().split("\n")[:-1]:
            toks.append(line.split("\t", 1)[0] if "\t" in line else line)
    return toks


def close(got, want):
    return abs(got - want) <= REL * abs(want) + ABS


def main(argv):
    against = None
    args = []
    for a in argv:
        if a.startswith("--against="):
            against = np.load(a.split("=", 1)[1]).astype(np.float64)
        else:
            args.append(a)
    E = np.load(args[0]).astype(np.float64)
    if E.ndim == 3:
        E = E[None]
    toks = read_tokens(args[2]) if len(args) > 2 else None
    with open(args[1]) as f:
        lines = f.read().split("\n")[:-1]
    header = lines[0].split("\t")
    want_header = ["layer", "head"] + COLUMNS + (["diff"] if against is not None else [])
    bad = 0
    if header != want_header:
        print("header %r, expected %r" % (header, want_header))
        return 1
    L, H, T = E.shape[0], E.shape[1], E.shape[2]
    if toks is not None and len(toks) != T:
        print("%d tokens for T = %d" % (len(toks), T))
        return 1
    seen = set()
    for line in lines[1:]:
        f = line.split("\t")
        l, h = int(f[0]), int(f[1])
        seen.add((l, h))
        want = scores(E[l, h], toks)
        if against is not None:
            want["diff"] = float(np.abs(E[l, h] - against[l, h]).mean())
        for name, cell in zip(header[2:], f[2:]):
            w = want[name]
            if w is None or cell == "-":
                if not (w is None and cell == "-"):
                    print("layer %d head %d %s: %s, expected %s" % (l, h, name, cell, w))
                    bad += 1
                continue
            if not close(float(cell), w):
                print("layer %d head %d %s: %s, expected %.9g" % (l, h, name, cell, w))
                bad += 1
    if seen != {(l, h) for l in range(L) for h in range(H)}:
        print("rows: %d, expected one per head (%d)" % (len(seen), L * H))
        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
