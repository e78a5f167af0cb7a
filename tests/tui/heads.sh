#!/bin/sh
# Head analysis in a real terminal: the overview of a model of GPT-2
# small's 12 x 12 heads in 120x40 (every layer's row and every head's
# column on screen, moves, Enter), and the ranking keys, whose order is
# worked out by numpy from the exported attention and the definition of
# spec/stats.md (tests/stats_check.py's scores()), not by attntui.
# Skips (77) without tmux, or without numpy outside CI.

. "$SRCDIR/tests/tui/tmux-lib.sh"

. "$SRCDIR/tests/numpy.sh"

cfg="$SRCDIR/tests/tui/twelve.yaml"
"$ATTNTUI" --export="$tmp/a.npy" "$cfg" &&
    "$ATTNTUI" --tokenize "$cfg" >"$tmp/tok" || fail "cannot export $cfg"
# The heads by induction, largest first, ties in (layer, head) order:
# "layer head" a line, the model's ranking, then layer 7's.
$python - "$SRCDIR/tests" "$tmp/a.npy" "$tmp/tok" >"$tmp/rank" <<'EOF' ||
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
from stats_check import scores, read_tokens
A = np.load(sys.argv[2]).astype(np.float64)
toks = read_tokens(sys.argv[3])
L, H = A.shape[0], A.shape[1]
ind = {(l, h): scores(A[l, h], toks)["induction"] for l in range(L) for h in range(H)}
model = sorted(ind, key=lambda k: (-ind[k], k))
for l, h in model:
    print(l, h)
for l, h in sorted([k for k in ind if k[0] == 7], key=lambda k: (-ind[k], k)):
    print(l, h)
EOF
    fail "numpy could not rank the heads"
# rank N [FROM]: "layer L of 12 │ head H of 12 │" of the N-th line.
rank() {
	sed -n "${1}p" "$tmp/rank" | {
		read -r l h
		echo "layer $l of 12 │ head $h of 12 │"
	}
}

start_shell 120 40 TERM=tmux-256color LC_ALL=C.UTF-8
keys "$ATTNTUI $cfg; echo \"rc=\$?\"" Enter
wait_for "twelve │ layer 0 of 12 │ head 0 of 12 │"

# The overview: the head numbers 0 to 11 across, twelve rows of tiles
# (each a label row and two rows of half blocks), the status line.
keys o
wait_for "twelve │ layer 0 of 12 │ overview of 144 heads, head 0 of 12 │"
wait_for "overview: Enter opens"
screen | sed -n 2p | grep -qx ' *0 *1 *2 *3 *4 *5 *6 *7 *8 *9 *10 *11' ||
    fail "no head numbers 0 to 11 on the second line"
checks=$((checks + 1))
[ "$(screen | grep -c '^ *\(1[01]\|[0-9]\) *$')" -eq 12 ] ||
    fail "not twelve layer rows"
checks=$((checks + 1))
[ "$(screen | grep -c '^   \(▀▀▀▀▀▀▀▀ \)\{11\}▀▀▀▀▀▀▀▀')" -eq 24 ] ||
    fail "not 12 x 12 maps of two rows of 8 cells"
checks=$((checks + 1))
screen | tail -1 | grep -q '? help  q quit' || fail "no status line"
checks=$((checks + 1))

# hjkl move in it; Enter opens the head.
keys j j l
wait_for "layer 2 of 12 │ overview of 144 heads, head 1 of 12 │"
keys 9 j 3 l
wait_for "layer 11 of 12 │ overview of 144 heads, head 4 of 12 │"
keys Enter
wait_for "layer 11 of 12 │ head 4 of 12 │"
wait_gone "overview: Enter opens"

# The ranking keys without a score ask for one; X X is induction.
keys '}'
wait_for "no score to rank by: x and X choose one"
keys X X
wait_for "layer 11 of 12 │ head 4 of 12 │ induction "
# } goes to the model's first head by induction, then down the ranking.
keys '}'
wait_for "$(rank 1) rank 1 of 144 by induction "
keys '}'
wait_for "$(rank 2) rank 2 of 144 by induction "
keys 1 0 '}'
wait_for "$(rank 12) rank 12 of 144 by induction "
keys '{'
wait_for "$(rank 11) rank 11 of 144 by induction "
keys 2 0 0 '}'
wait_for "$(rank 144) rank 144 of 144 by induction "
# ) ranks the layer's heads: layer 7's from numpy, lines 145 on.
keys 1 1 K 7 J
wait_for "layer 7 of 12 │"
keys ')'
wait_for "$(rank 145) rank 1 of 12 in the layer by induction "
keys ')' ')'
wait_for "$(rank 147) rank 3 of 12 in the layer by induction "
keys '('
wait_for "$(rank 146) rank 2 of 12 in the layer by induction "

# The grid and the overview label their heads with the score.
keys g
wait_for "grid of 12 heads, head "
wait_for "head 0: 0."
keys Escape o
wait_for "overview of 144 heads"
keys q
wait_for "rc=0"

echo "ok: $checks checks"
exit 0
