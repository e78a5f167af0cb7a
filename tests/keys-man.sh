#!/bin/sh
# Every key of the key table is documented: the keys the help overlay
# lists (tests/keys_list prints them from the table) must each be named
# in bold, as .Ic sets them, in the KEYS section of man/attntui.1 as
# mandoc renders it.  Skips (77) without mandoc.
# Run by "make check" with KEYS_LIST and SRCDIR set.

: "${KEYS_LIST:?set KEYS_LIST to the keys_list test program}"
: "${SRCDIR:?set SRCDIR to the source tree}"

command -v mandoc >/dev/null 2>&1 || { echo "mandoc not found: skipped"; exit 77; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$KEYS_LIST" >"$tmp/lines" || { echo "FAIL: $KEYS_LIST failed"; exit 1; }
tr ' ' '\n' <"$tmp/lines" | grep -v '^$' >"$tmp/keys"
LC_ALL=C.UTF-8 mandoc -Tutf8 "$SRCDIR/man/attntui.1" >"$tmp/page" ||
    { echo "FAIL: mandoc cannot render the page"; exit 1; }

# The bold words of the KEYS section, one a line.  mandoc draws a bold
# character c as c, backspace, c (c may be several bytes of UTF-8); a
# word is a run of bold characters other than spaces and commas, or a
# bold comma on its own (the key ",").  A section starts with a heading
# at the left margin.
LC_ALL=C awk '
function flush() {
	if (word != "")
		print word
	word = ""
}
{
	plain = $0
	gsub(/.\b/, "", plain)
	if (plain ~ /^[^ \t]/) {
		in_keys = plain == "KEYS"
		next
	}
	if (!in_keys)
		next
	s = $0
	while ((p = index(s, "\b")) > 0) {
		for (l = 1; l < p && l <= 4; l++)
			if (substr(s, p - l, l) == substr(s, p + 1, l))
				break
		if (l >= p || l > 4)
			l = 1
		if (p - l > 1)		# plain text before this character
			flush()
		c = substr(s, p + 1, l)
		if (c == "," && word == "")	# the key , itself
			word = ","
		else if (c == " " || c == ",")
			flush()
		else
			word = word c
		s = substr(s, p + 1 + l)
	}
	flush()
}' "$tmp/page" >"$tmp/bold"

status=0
# Guard against a check that passes on nothing.
grep -qx q "$tmp/keys" || { echo "FAIL: no q among the table's keys"; status=1; }
grep -qx q "$tmp/bold" || { echo "FAIL: no bold q in the KEYS section"; status=1; }
set -f				# keys such as ? and [ are not patterns
n=0
for key in $(cat "$tmp/keys"); do
	n=$((n + 1))
	grep -qxF -- "$key" "$tmp/bold" ||
	    { echo "FAIL: the man page's KEYS section does not name '$key'"; status=1; }
done
[ $status -eq 0 ] && echo "ok: $n keys in the man page"
exit $status
