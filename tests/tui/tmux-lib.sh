# tmux-lib.sh - sourced by the tmux tests: a private tmux server, keys in
# with send-keys, the screen back with capture-pane.  Tests poll with a
# deadline (the machine may be loaded), never sleep a fixed time hoping a
# frame is ready.  Needs ATTNTUI and SRCDIR; skips (77) without tmux.

: "${ATTNTUI:?set ATTNTUI to the attntui binary}"
: "${SRCDIR:?set SRCDIR to the source tree}"

command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }

sock="attntui-test-$$"
T="tmux -L $sock -f /dev/null"
S="explore"
tmp=$(mktemp -d) || exit 1
cleanup() {
	$T kill-server >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

checks=0
fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	$T capture-pane -p -t "$S" 2>/dev/null
	exit 1
}

screen() {
	$T capture-pane -p -t "$S" 2>/dev/null
}

# Poll (at most 20 s) until the screen shows the fixed string $2 (when
# $1 is "shows") or no longer does ("lacks").
poll() {
	i=0
	while [ $i -lt 400 ]; do
		if screen | grep -qF -- "$2"; then
			[ "$1" = shows ] && break
		elif [ "$1" = lacks ]; then
			break
		fi
		sleep 0.05
		i=$((i + 1))
	done
	[ $i -lt 400 ] || return 1
	checks=$((checks + 1))
}

wait_for() {
	poll shows "$1" || fail "timed out waiting for '$1'"
}

wait_gone() {
	poll lacks "$1" || fail "'$1' still on screen"
}

keys() {
	$T send-keys -t "$S" "$@"
}

# A plain shell with a known prompt, W x H, in the environment given
# after the size (TERM and the locale); the program is typed into it, so
# quitting must give the prompt back.
start_shell() {
	w=$1
	h=$2
	shift 2
	$T new-session -d -s "$S" -x "$w" -y "$h" \
	    "env -i PATH=\"$PATH\" HOME=\"$tmp\" PS1='prompt> ' $* /bin/sh" ||
	    fail "cannot start tmux"
	wait_for "prompt>"
}
