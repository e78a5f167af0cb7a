#!/bin/sh
# make install puts the samples under $(pkgdatadir); make uninstall takes
# them away with the folders it made, leaving nothing of attntui behind.
# Run by "make check" with BUILDDIR set; MAKE is the make that runs it.

: "${BUILDDIR:?set BUILDDIR to the build tree}"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
make=${MAKE:-make}

$make -s -C "$BUILDDIR" install DESTDIR="$tmp" >"$tmp.log" 2>&1 ||
    { cat "$tmp.log"; rm -f "$tmp.log"; echo "FAIL: make install"; exit 1; }
share=$(find "$tmp" -type d -name attntui | head -1)
[ -n "$share" ] && [ -f "$share/samples/tiny-bytes.yaml" ] &&
    [ -f "$share/samples/gpt2-tokenizer/vocab.bpe" ] ||
    { echo "FAIL: the samples are not installed"; exit 1; }
$make -s -C "$BUILDDIR" uninstall DESTDIR="$tmp" >"$tmp.log" 2>&1 ||
    { cat "$tmp.log"; rm -f "$tmp.log"; echo "FAIL: make uninstall"; exit 1; }
rm -f "$tmp.log"
# What is ours, by name: the program, its page, $(pkgdatadir) and the
# samples' folders (the prefix's own bin and share/man stay, as
# Automake leaves them).
left=$(find "$tmp" \( -name attntui -o -name attntui.1 -o -name samples \
    -o -name gpt2-tokenizer \))
if [ -n "$left" ]; then
	echo "FAIL: make uninstall left:"
	echo "$left"
	exit 1
fi
echo "ok: install and uninstall leave nothing behind"
