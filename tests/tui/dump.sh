#!/bin/sh
# --dump: the explorer's frame as ANSI text, through the real binary.
# Run by "make check" with ATTNTUI and SRCDIR set.

: "${ATTNTUI:?set ATTNTUI to the attntui binary}"
: "${SRCDIR:?set SRCDIR to the source tree}"

cfg="$SRCDIR/tests/tui/tiny.yaml"
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

run 0 --dump --width=90 --height=30 "$cfg"
[ "$(wc -l <"$tmp/out")" -eq 30 ] && ok || fail "expected 30 lines"
has "tiny-gpt2 │ layer 0 of 2 │ head 0 of 4 │ q 0 The → k 0 The"
has "${esc}[0;38;5;"
has "▀"
has "query 0 The (in order)"
has "viridis · linear · max-pool · zoom 1x · T=12"
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

run 0 --dump -l 1 -H 3 -q 3 --width=90 --height=30 "$cfg"
has "layer 1 of 2 │ head 3 of 4 │ q 3 fox"
has "query 3 fox"
run 0 --dump -H mean --width=90 --height=30 "$cfg"
has "mean of 4 heads"
run 0 --dump --head=max --width=90 --height=30 "$cfg"
has "max of 4 heads"
run 0 --dump -l 1 -H rollout --width=90 --height=30 "$cfg"
has "layer 1 of 2 │ rollout of 4 heads"
run 0 --dump --colormap=magma --width=90 --height=30 "$cfg"
has "magma · linear"

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
run 0 --dump --ascii --width=90 --height=30 "$cfg"
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

# Not on a terminal, the default mode is the summary.
run 0 "$cfg"
has "GPT2Block"

[ $failed -eq 0 ] && echo "ok: $checks checks"
exit $failed
