#!/bin/sh
# --dump: the explorer's frame as ANSI text, through the real binary.
# Run by "make check" with ATTNTUI and SRCDIR set.

: "${ATTNTUI:?set ATTNTUI to the attntui binary}"
: "${SRCDIR:?set SRCDIR to the source tree}"

cfg="$SRCDIR/tests/tui/tiny.yaml"
cd "$SRCDIR" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
esc=$(printf '\033')
failed=0
checks=0

fail() {
	echo "FAIL: $*"
	failed=1
}

ok() {
	checks=$((checks + 1))
}

# run EXPECTED-STATUS ARGS...: output in $tmp/out, errors in $tmp/err
run() {
	want=$1
	shift
	LC_ALL=C.UTF-8 "$ATTNTUI" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "attntui $*: exit $got, expected $want"
		cat "$tmp/err"
	else
		ok
	fi
}

has() {
	if grep -qF -- "$1" "$tmp/out"; then ok; else fail "no '$1' in output"; fi
}

lacks() {
	if grep -qF -- "$1" "$tmp/out"; then fail "'$1' in output"; else ok; fi
}

run 0 --dump --color=256 --width=90 --height=30 "$cfg"
[ "$(wc -l <"$tmp/out")" -eq 30 ] && ok || fail "expected 30 lines"
has "tiny-gpt2 │ layer 0 of 2 │ head 0 of 4 │ q 0 The → k 0 The"
has "${esc}[0;38;5;"
has "▀"
has "query 0 The (in order)"
has "viridis · p99 · max-pool · zoom 1x · T=12"
lacks "? help"
# Every line ends in the default rendition: its last SGR is a reset.
if awk -v e="$esc" '{ n = split($0, a, e "\\["); if (n > 1 &&
    a[n] !~ /^0m/) bad = 1 } END { exit !bad }' "$tmp/out"; then
	fail "a line ends in a colour"
else
	ok
fi
# At most 90 characters a line once the escapes are gone.
sed "s/${esc}\[[0-9;]*m//g" "$tmp/out" | while IFS= read -r line; do
	[ "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)" -le 90 ] ||
	    echo wide
done | grep -q wide && fail "a line wider than 90 characters" || ok

run 0 --dump --color=256 -l 1 -H 3 -q 3 --width=90 --height=30 "$cfg"
has "layer 1 of 2 │ head 3 of 4 │ q 3 fox"
has "query 3 fox"
run 0 --dump -H mean --width=90 --height=30 "$cfg"
has "mean of 4 heads"
run 0 --dump --head=max --width=90 --height=30 "$cfg"
has "max of 4 heads"
run 0 --dump -l 1 -H rollout --width=90 --height=30 "$cfg"
has "layer 1 of 2 │ rollout of layers 0-1 │"
lacks "rollout of 4 heads"
run 0 --dump -l 0 -H rollout --width=90 --height=30 "$cfg"
has "layer 0 of 2 │ rollout of layer 0 │"
run 0 --dump --colormap=magma --width=90 --height=30 "$cfg"
has "magma · p99"

# Without colour: shading characters and no escape at all.
run 0 --dump --color=none --width=90 --height=30 "$cfg"
lacks "$esc"
has "█"
lacks "▀"
NO_COLOR=1 LC_ALL=C.UTF-8 "$ATTNTUI" --dump "$cfg" >"$tmp/out" && ok ||
    fail "NO_COLOR run failed"
lacks "$esc"
[ "$(wc -l <"$tmp/out")" -eq 40 ] && ok || fail "expected the default 40 lines"
NO_COLOR=1 LC_ALL=C.UTF-8 "$ATTNTUI" --dump --color=256 "$cfg" >"$tmp/out"
has "${esc}[0;38;5;"
run 0 --dump --color=16 --width=90 --height=30 "$cfg"
lacks "38;5;"
has "${esc}[0;"
run 0 --dump --ascii --color=256 --width=90 --height=30 "$cfg"
lacks "▀"
lacks "│"
has "${esc}[0;48;5;"
LC_ALL=C "$ATTNTUI" --dump --color=none --width=90 --height=30 "$cfg" \
    >"$tmp/out" && ok || fail "C locale run failed"
lacks "█"
lacks "▀"

# Bad selections are usage errors that say what was expected.
run 2 --dump -l 2 "$cfg"
grep -q -- "--layer: expected 0 to 1, found 2" "$tmp/err" && ok ||
    fail "bad --layer message: $(cat "$tmp/err")"
run 2 --dump -H 4 "$cfg"
grep -q -- "--head: expected 0 to 3, mean, max or rollout" "$tmp/err" &&
    ok || fail "bad --head message: $(cat "$tmp/err")"
run 2 --dump -H avg "$cfg"
run 2 --dump -q 12 "$cfg"
run 2 --dump --colormap=jet "$cfg"
run 2 --dump --color=12 "$cfg"
run 2 --dump --width=0 "$cfg"

# --color=auto (the default) means "standard output is a terminal with
# colours", as ls and grep mean it: into a file, plain text.
run 0 --dump --width=90 --height=30 "$cfg"
lacks "$esc"
has "█"

# Too small for its own layout: refused with the minimum, nothing out.
run 2 --dump --width=10 --height=3 "$cfg"
[ ! -s "$tmp/out" ] && ok || fail "a too-small dump wrote something"
grep -qxF -- "attntui: --dump: 10x3 is too small for the frame, expected at least 24x8 (--width, --height)" "$tmp/err" &&
    ok || fail "too-small message: $(cat "$tmp/err")"
run 2 --dump --width=80 --height=7 "$cfg"
run 0 --dump --width=24 --height=8 "$cfg"

# ASCII mode: not one byte outside ASCII, whatever the colours, the
# locale, the labels (GPT-2's "␣Mary" shows as "_Mary") or the panes.
long="$SRCDIR/tests/tui/long.yaml"
ascii_only() {
	if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$tmp/out"; then
		fail "non-ASCII bytes in $1"
		LC_ALL=C grep -n "$(printf '[\200-\377]')" "$tmp/out" | head -3
	else
		ok
	fi
}
run 0 --dump --ascii --color=256 --width=120 --height=40 -q 20 "$long"
ascii_only "--ascii --color=256"
has "_Mary"
has "| layer 0 of 2 | head 0 of 12 | q 20 _Mary -> k 20 _Mary"
run 0 --dump --ascii --color=none --width=80 --height=24 "$long"
ascii_only "--ascii --color=none"
LC_ALL=C "$ATTNTUI" --dump --color=256 --width=200 --height=60 -q 7 "$long" \
    >"$tmp/out" 2>"$tmp/err" && ok || fail "LC_ALL=C dump failed"
ascii_only "LC_ALL=C"
has "_market"
run 0 --dump --ascii --width=100 --height=30 tests/attnfile/cross.safetensors
ascii_only "cross-attention in ASCII"

# The 465-token input (ids checked against gpt-3-encoder below): at
# 200x60 the map takes every row between the title and its axis (55),
# the title gives the selected cell and the query's strongest key, and
# the bars each key's position.
"$ATTNTUI" --tokenize "$long" | cut -f1 >"$tmp/ids"
cmp -s "$tmp/ids" "$SRCDIR/tests/tui/long-ids.txt" && ok ||
    fail "long.yaml's ids differ from gpt-3-encoder's"
run 0 --dump --color=256 --width=200 --height=60 "$long"
[ "$(grep -c '▀' "$tmp/out")" -eq 55 ] && ok ||
    fail "the map takes $(grep -c '▀' "$tmp/out") rows at 200x60, not 55"
has "long-story │ layer 0 of 2 │ head 0 of 12 │ q 0 When → k 0 When = 1.0000 │ top k 0 When 1.0000"
has "T=465"
run 0 --dump --color=none --width=80 --height=24 -q 300 "$long"
has "query 300 . (in order)"
has "q 300 . → k 300 . = "
has "299 ␣Mary "
[ "$(wc -l <"$tmp/out")" -eq 24 ] && ok || fail "expected 24 lines"

# The default scale: linear to the 99th percentile of the non-zero
# pixels.  Unpooled (397 x 397 tokens, a cell each without colour),
# tiny-bytes' layer 0 head 1 has 79003 non-zero weights; numpy's sorted
# values of the exported head give the 78213th, ceil(0.99 x 79003), as
# 0.071658, the largest as 1.
run 0 --dump --color=none -l 0 -H 1 --width=600 --height=410 "$SRCDIR/samples/tiny-bytes.yaml"
has "0.07166 = p99 (max 1)"

# Cross-attention from PyTorch: 4 queries over 6 keys, labelled apart.
# A[0][0][0] is 0.0971, its largest key 5 at 0.3179 (cross.raw, numpy).
run 0 --dump --color=none --width=100 --height=30 tests/attnfile/cross.safetensors
has "tiny-cross │ layer 0 of 2 │ head 0 of 2 │ q 0 <s> → k 0 The = 0.0971 │ top k 5 . 0.3179"
has "T=4x6"
has "␣mats"
run 2 --dump -H rollout tests/attnfile/cross.safetensors
grep -qxF -- "attntui: --head: no rollout of cross-attention (4 queries, 6 keys); expected a head number, mean or max" "$tmp/err" &&
    ok || fail "rollout message: $(cat "$tmp/err")"
# Hugging Face's byte-level labels shown as attntui's own.
run 0 --dump --width=100 --height=30 tests/attnfile/hf-bytes.safetensors
has "␣world"
lacks "Ġ"
# float16 read in place.
run 0 --dump --width=100 --height=30 tests/attnfile/mha-f16.safetensors
has "tiny-mha │ layer 0 of 2"

# Not on a terminal, the default mode is the summary.
run 0 "$cfg"
has "GPT2Block"

[ $failed -eq 0 ] && echo "ok: $checks checks"
exit $failed
