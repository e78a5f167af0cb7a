#!/bin/sh
# Signals in a real terminal: a signal that kills the explorer (Ctrl-\
# typed at the keyboard, SIGUSR1, SIGSEGV) must leave the terminal as it
# was: no alternate screen, the cursor shown, the tty echoing in
# canonical mode; and a mapped attention file cut short while shown must
# be named, with status 1.  tmux runs it all; skips (77) without tmux.

: "${ATTNTUI:?set ATTNTUI to the attntui binary}"
: "${SRCDIR:?set SRCDIR to the source tree}"

command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }

sock="attntui-sig-$$"
T="tmux -L $sock -f /dev/null"
S="signals"
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

# Wait (at most 20 s) until the screen shows the fixed string $1.
wait_for() {
	i=0
	while [ $i -lt 400 ]; do
		if $T capture-pane -p -t "$S" 2>/dev/null | grep -qF -- "$1"; then
			checks=$((checks + 1))
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	fail "timed out waiting for '$1'"
}

keys() {
	$T send-keys -t "$S" "$@"
}

# The tty's modes as stty prints them, with the alternate screen off:
# echo and icanon without a minus, and the cursor shown (tmux's
# #{cursor_flag}), and the pane not in the alternate screen.
check_terminal() {
	keys "stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | tr '\\n' ' '; echo" Enter
	wait_for "icanon echo"
	[ "$($T display -p -t "$S" '#{alternate_on}#{cursor_flag}')" = 01 ] ||
	    fail "$1: alternate screen $($T display -p -t "$S" '#{alternate_on}'), cursor $($T display -p -t "$S" '#{cursor_flag}')"
	checks=$((checks + 1))
	keys clear Enter
}

$T new-session -d -s "$S" -x 100 -y 30 \
    "env -i PATH=\"$PATH\" HOME=\"$tmp\" PS1='prompt> ' TERM=tmux-256color LC_ALL=C.UTF-8 /bin/sh" ||
    fail "cannot start tmux"
wait_for "prompt>"

# Ctrl-\ at the keyboard: SIGQUIT.
keys "$ATTNTUI $SRCDIR/tests/tui/tiny.yaml; echo \"rc=\$?\"" Enter
wait_for "layer 0 of 2"
keys 'C-\'
wait_for "rc=131"
check_terminal quit

# SIGUSR1 and SIGSEGV sent from outside.
for sig in USR1 SEGV; do
	keys "$ATTNTUI $SRCDIR/tests/tui/tiny.yaml & pid=\$!; fg; echo \"rc=\$?\"" Enter
	wait_for "layer 0 of 2"
	# The pane's shell's child: other tests run tiny.yaml meanwhile.
	pid=$(pgrep -n -P "$($T display -p -t "$S" '#{pane_pid}')" \
	    -f "$ATTNTUI $SRCDIR/tests/tui/tiny.yaml") ||
	    fail "no attntui process"
	kill -"$sig" "$pid"
	wait_for "rc="
	check_terminal "$sig"
done

# An attention file cut short while on screen: SIGBUS, named.  Eight
# heads of 32 x 32, 32 KB: the later heads lie in pages past the cut.
"$ATTNTUI" --export="$tmp/cut.safetensors" "$SRCDIR/samples/attention.yaml" ||
    fail "cannot export"
keys "$ATTNTUI $tmp/cut.safetensors; echo \"rc=\$?\"" Enter
wait_for "layer 0 of"
truncate -s 100 "$tmp/cut.safetensors"
keys n n J
wait_for "cut.safetensors: changed while in use (cut short)"
wait_for "rc=1"
check_terminal bus

echo "$checks checks passed"
