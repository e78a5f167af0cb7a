#!/bin/bash
# diff.sh - the views of a difference end to end (--against-text with
# --dump and --image): the weights, the legend's signed values, the
# colours, checked against numpy's subtraction of the two inputs'
# exported attention and matplotlib's RdBu_r (its values typed here:
# RdBu_r(0) #053061, (0.5) #f7f6f6, (1) #67001f), not against what
# attntui computes.  Needs numpy and xmllint; without them the test is
# skipped, except under CI.
set -u

. "${SRCDIR:?set SRCDIR to the source root}/tests/lib.sh"

. "$SRCDIR/tests/numpy.sh"
need xmllint libxml2-utils
cd "$SRCDIR" || exit 1

cfg=tests/tui/tiny.yaml
text=$(sed -n 's/^  text: "\(.*\)"$/\1/p' "$cfg")
other=${text/fox/cat}
"$ATTNTUI" --export="$tmp/a.npy" "$cfg" &&
    "$ATTNTUI" --export="$tmp/b.npy" --text="$other" "$cfg" ||
    { fail export "attntui --export failed"; finish; exit; }

# What numpy says of layer 1, head 2, query 7 (the key 7 too): the
# title's weight and top key, the legend's p99 and max of |A - B| over
# the non-zero entries of the head (12 x 12 pixels, none pooled).
read -r want_w want_top want_topw want_p99 want_max < <($python - \
    "$tmp/a.npy" "$tmp/b.npy" <<'EOF'
import math, sys
import numpy as np
A, B = np.load(sys.argv[1]), np.load(sys.argv[2])
D = A[1, 2] - B[1, 2]                 # float32, as attntui subtracts
row = np.abs(D[7])
top = int(np.argmax(row))             # the first of the largest
mag = np.sort(np.abs(D[D != 0]))
p99 = mag[math.ceil(len(mag) * 0.99) - 1]
print("%+.4f %d %+.4f %.3g %.3g" % (D[7, 7], top, D[7, top], p99, mag[-1]))
EOF
)

"$ATTNTUI" --dump --color=256 --width=160 --height=30 -l 1 -H 2 -q 7 \
    --against-text="$other" "$cfg" >"$tmp/out" 2>"$tmp/err"
status=$?
labels=(The quick brown fox jumps over the lazy dog near 東京 river)
if [ "$status" = 0 ] && grep -qF "tiny-gpt2 minus the other text │ layer 1 of 2 │ head 2 of 4 │ q 7 lazy → k 7 lazy = $want_w │ top k $want_top ${labels[$want_top]} $want_topw" "$tmp/out"
then ok dump-title
else fail dump-title "status $status: $(cat "$tmp/err")" "$(head -1 "$tmp/out")" \
    "expected = $want_w, top k $want_top $want_topw"; fi
if grep -qF -- "-$want_p99 " "$tmp/out" &&
    grep -qF -- "+$want_p99 = p99 of |diff| (max $want_max)" "$tmp/out"
then ok dump-legend
else fail dump-legend "expected ±$want_p99, max $want_max" "$(sed -n 28p "$tmp/out")"; fi
if grep -qF "rdbu · p99 · max-pool" "$tmp/out"; then ok dump-colormap
else fail dump-colormap "$(tail -1 "$tmp/out")"; fi
# Query 0's row (the first map row's upper pixels, query 1's lower ones)
# is the same in both inputs: past key 1, 0 in both halves, rdbu's
# centre (247, 246, 246), xterm 255 (238 grey).
if sed -n 2p "$tmp/out" | grep -qF "38;5;255;48;5;255m"; then ok dump-zero
else fail dump-zero "$(sed -n 2p "$tmp/out" | cat -v | head -c 300)"; fi

# Without colours: signs only, a blank for no change.
"$ATTNTUI" --dump --color=none --width=90 --height=30 -l 1 -H 2 -q 7 \
    --against-text="$other" "$cfg" >"$tmp/plain"
if [ -z "$(sed -n '2,25p' "$tmp/plain" | cut -c8-61 | tr -d ' =+#◆-' )" ] &&
    sed -n '2,25p' "$tmp/plain" | cut -c8-61 | grep -q '[-=+#]'
then ok dump-signs
else fail dump-signs "$(sed -n '2,25p' "$tmp/plain" | cut -c8-61)"; fi

# --image: the colour bar from -max to +max of |A - B| (the largest
# |value| shown, none pooled), 0 in the middle; cells in RdBu_r, the
# unchanged ones under the background of the centre's colour.
svg="$tmp/d.svg"
"$ATTNTUI" --image="$svg" -l 1 -H 2 --against-text="$other" "$cfg" 2>"$tmp/err"
read -r want_lo want_hi n_lo n_hi n_zero < <($python - "$tmp/a.npy" \
    "$tmp/b.npy" <<'EOF'
import sys
import numpy as np
D = np.load(sys.argv[1])[1, 2] - np.load(sys.argv[2])[1, 2]
m = np.abs(D).max()
# Shown at (D / m + 1) / 2 in float32: a cell at 0.5 is the background.
half = np.float32(0.5)
blank = (half + half * (D / m) == half).sum()
print("%+.3g %+.3g %d %d %d" % (-m, m, (D == -m).sum(), (D == m).sum(), blank))
EOF
)
count() {
	xmllint --xpath "count(//*[local-name()='$1']$2)" "$svg" 2>/dev/null
}
if xmllint --noout "$svg" 2>/dev/null &&
    [ "$(count text "[normalize-space(.)='$want_lo']")" = 1 ] &&
    [ "$(count text "[normalize-space(.)='0']")" = 1 ] &&
    [ "$(count text "[normalize-space(.)='$want_hi']")" = 1 ]
then ok image-ticks
else fail image-ticks "expected $want_lo 0 $want_hi: $(cat "$tmp/err")"; fi
# 144 cells: those shown at the centre (0, or a change below float's
# resolution at this scale) share the map's background (12 cells a
# side, the centre's colour); the others are rectangles of a cell, the
# extremes in RdBu_r's end colours.
block=$(xmllint --xpath "string(//*[local-name()='rect'][@fill='#053061' or @fill='#67001f'][1]/@width)" "$svg")
if [ "$(count rect "[@fill='#f7f6f6'][@width=$block * 12]")" = 1 ] &&
    [ "$(count rect "[@fill='#053061']")" = "$n_lo" ] &&
    [ "$(count rect "[@fill='#67001f']")" = "$n_hi" ] &&
    [ "$((n_lo + n_hi))" -ge 1 ] &&
    [ "$(count rect "[@width=$block]")" = "$((144 - n_zero))" ]
then ok image-cells
else fail image-cells "block $block: background $(count rect "[@fill='#f7f6f6'][@width=$block * 12]"), ends $(count rect "[@fill='#053061']")/$n_lo $(count rect "[@fill='#67001f']")/$n_hi, cells $(count rect "[@width=$block]")/$((144 - n_zero))"; fi

# Both sides must have as many tokens; rollout of a difference is not.
"$ATTNTUI" --dump --against-text="The quick" "$cfg" >"$tmp/o" 2>"$tmp/err"
status=$?
if [ "$status" = 2 ] && [ ! -s "$tmp/o" ] && [ "$(cat "$tmp/err")" = \
    "attntui: --against: this input has 12 tokens and --against-text has 2; both sides must have the same number" ]
then ok counts
else fail counts "status $status: $(cat "$tmp/err")"; fi
"$ATTNTUI" --image="$tmp/r.png" -H rollout --against-text="$other" "$cfg" \
    >"$tmp/o" 2>"$tmp/err"
status=$?
if [ "$status" = 2 ] && [ ! -e "$tmp/r.png" ] && [ "$(cat "$tmp/err")" = \
    "attntui: --head: no rollout of a difference (--against); expected a head number, mean or max" ]
then ok image-rollout
else fail image-rollout "status $status: $(cat "$tmp/err")"; fi

finish
