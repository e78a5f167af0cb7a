#!/bin/bash
# image.sh - --image end to end: the SVG parsed by xmllint (libxml2-utils),
# its cells' colours against matplotlib's viridis for known values, its
# labels as text; the PNG's signature; the errors.  The pixels of the
# PNG are checked by tests/test_image.c.
set -u

. "${SRCDIR:?set SRCDIR to the source root}/tests/lib.sh"

need xmllint libxml2-utils
cd "$SRCDIR" || exit 1

# One head of 4 tokens as a .npy, float32 (1, 4, 4); rows sum to 1 and
# the largest value is 0.8:
#   0.8  0.16 0.04 0      viridis at v / 0.8: 1 #fde725, 0.5 #21918c,
#   0.4  0.4  0.08 0.12   0.2 #414487, 0.1 #482475, 0 #440154
#   0    0    0.2  0.8
#   0.25 0.25 0.25 0.25
f8='\xcd\xcc\x4c\x3f' f16='\x0a\xd7\x23\x3e' f04='\x0a\xd7\x23\x3d'
f0='\x00\x00\x00\x00' f4='\xcd\xcc\xcc\x3e' f08='\x0a\xd7\xa3\x3d'
f12='\x8f\xc2\xf5\x3d' f2='\xcd\xcc\x4c\x3e' f25='\x00\x00\x80\x3e'
{
	printf '\x93NUMPY\x01\x00\x76\x00'
	printf "%-117s\n" "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4, 4), }"
	printf "$f8$f16$f04$f0$f4$f4$f08$f12$f0$f0$f2$f8$f25$f25$f25$f25"
} >"$tmp/cells.npy"
printf 'a&b\n<c>\n"d"\ne\n' >"$tmp/labels.txt"

svg="$tmp/cells.svg"
"$ATTNTUI" --image="$svg" --tokens="$tmp/labels.txt" -q 2 "$tmp/cells.npy" \
    >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" = 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] &&
    xmllint --noout "$svg" 2>"$tmp/lint"
then ok svg-parses
else fail svg-parses "status $status: $(cat "$tmp/err" "$tmp/lint")"; fi

# count XPATH: how many nodes match, by xmllint.
count() {
	xmllint --xpath "count($1)" "$svg" 2>/dev/null
}
rect="//*[local-name()='rect']"
expect_count() {
	local name=$1 want=$2 got
	got=$(count "$3")
	if [ "$got" = "$want" ]; then ok "$name"
	else fail "$name" "$got nodes match $3, expected $want"; fi
}
# Two cells of 0.8, two of 0.4, one of 0.16, one of 0.08; every cell
# above 0 is a rectangle, the zeros share the map's background.
expect_count svg-max-cells 2 "$rect[@fill='#fde725']"
expect_count svg-half-cells 2 "$rect[@fill='#21918c']"
expect_count svg-fifth-cell 1 "$rect[@fill='#414487']"
expect_count svg-tenth-cell 1 "$rect[@fill='#482475']"
expect_count svg-nonzero-cells 13 "$rect[@width=$(xmllint --xpath \
    "string($rect[@fill='#fde725'][1]/@width)" "$svg")]"
# Labels are text, escaped: each token down the side and along the bottom.
for l in 'a&b' '<c>' '"d"' e; do
	n=$(xmllint --xpath "count(//*[local-name()='text'][.='$l'])" "$svg" 2>/dev/null)
	[ "$n" = 2 ] || { fail "svg-label $l" "$n texts, expected 2"; continue; }
	ok "svg-label $l"
done
expect_count svg-query-marker 1 "//*[local-name()='text'][.='>']"
expect_count svg-title 1 "//*[local-name()='text'][starts-with(., 'cells.npy  layer 0 of 1  head 0 of 1')]"
expect_count svg-bar-values 1 "//*[local-name()='text'][.='0.8']"

# A PNG starts with the PNG signature, and a model works as a file does.
if "$ATTNTUI" --image="$tmp/a.png" -l 1 -H 2 samples/tiny-bytes.yaml &&
    [ "$(head -c 8 "$tmp/a.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]
then ok png-signature
else fail png-signature "$(head -c 8 "$tmp/a.png" | od -An -tx1)"; fi

# expect NAME STATUS STDERR -- ARGS: the status and message, no file.
expect() {
	local name=$1 want_status=$2 want_err=$3 status
	shift 4
	"$ATTNTUI" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" = "$want_status" ] && [ "$(cat "$tmp/err")" = "$want_err" ] &&
	    [ -z "$(ls "$tmp" | grep -e '^bad')" ]
	then ok "$name"
	else fail "$name" "status $status: $(cat "$tmp/err")" "expected: $want_err"; fi
}
expect image-jpg 2 "attntui: --image=$tmp/bad.jpg: expected a name ending in .png or .svg" \
    -- --image="$tmp/bad.jpg" samples/tiny-bytes.yaml
expect image-no-head 2 "attntui: no head 9 of layer 0 (2 layers of 8 heads)" \
    -- --image="$tmp/bad.png" -H 9 samples/tiny-bytes.yaml
expect image-no-dir 1 "attntui: $tmp/none/bad.png: cannot create: No such file or directory" \
    -- --image="$tmp/none/bad.png" samples/tiny-bytes.yaml

finish
