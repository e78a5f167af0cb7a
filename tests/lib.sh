# lib.sh - what the shell tests share, sourced after "set -u": the
# binary and source root from make check, a temporary folder removed on
# exit, and ok / fail / finish for the tally.

: "${ATTNTUI:?set ATTNTUI to the attntui binary}"
: "${SRCDIR:?set SRCDIR to the source root}"

passed=0
failed=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

ok()   { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; shift; printf '     %s\n' "$@"; failed=$((failed + 1)); }

# The tally, and the exit status of the script.
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# Skip the test (77) without the command $1 (Debian's package $2),
# except under CI (CI set), where that is a failure.
need() {
	command -v "$1" >/dev/null && return 0
	echo "$1 not found (apt-get install $2)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
}
