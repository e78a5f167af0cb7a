#!/bin/bash
# bad-configs.sh - every malformed config in tests/bad must make
# "attntui --check" print exactly the documented error and exit with the
# documented status, never crash.  The cases are listed in tests/bad/EXPECTED,
# one a line: FILE STATUS STDERR-LINE.  Run by "make check" with ATTNTUI
# (the binary) and SRCDIR (the source root) set.
set -u

: "${ATTNTUI:?set ATTNTUI to the attntui binary}"
: "${SRCDIR:?set SRCDIR to the source root}"

passed=0
failed=0

# check FILE STATUS EXPECTED: run one case in the current directory.
check() {
	local file=$1 want_status=$2 want=$3 got status

	got=$("$ATTNTUI" --check "$file" 2>&1 >/dev/null)
	status=$?
	if [ "$status" = "$want_status" ] && [ "$got" = "$want" ]; then
		echo "ok   $file"
		passed=$((passed + 1))
	else
		echo "FAIL $file"
		echo "     expected status $want_status: $want"
		echo "     got      status $status: $got"
		failed=$((failed + 1))
	fi
}

cd "$SRCDIR/tests/bad" || exit 1
while read -r file status message; do
	case $file in
	''|'#'*) continue ;;
	esac
	check "$file" "$status" "$message"
done < EXPECTED

# Over the 1 MiB limit: made here rather than committed.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN { for (i = 0; i < 110000; i++) print "# padding" }' \
    > "$tmp/large.yaml"
cd "$tmp" || exit 1
check large.yaml 2 \
    "attntui: large.yaml: larger than 1 MiB (1048576 bytes); expected a YAML config"

# Unreadable: only meaningful when not root, who reads it anyway.
if [ "$(id -u)" != 0 ]; then
	echo 'model: {}' > unreadable.yaml
	chmod 000 unreadable.yaml
	check unreadable.yaml 2 \
	    "attntui: unreadable.yaml: Permission denied"
else
	echo "SKIP unreadable.yaml: running as root, who can read it anyway"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
