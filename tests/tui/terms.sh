#!/bin/sh
# The explorer on other terminals, under tmux: a terminal that cannot
# move the cursor (TERM=dumb) and an unset TERM are refused, pointing at
# --dump; TERM=linux, vt100 and screen work; in ASCII mode (a C locale,
# or --ascii) not one character outside ASCII reaches the screen.

. "$SRCDIR/tests/tui/tmux-lib.sh"

tiny="$SRCDIR/tests/tui/tiny.yaml"
long="$SRCDIR/tests/tui/long.yaml"

# Does the screen hold a character outside ASCII?  tmux gives back what
# the terminal was sent, as UTF-8.
non_ascii() {
	screen | LC_ALL=C grep -q "$(printf '[\200-\377]')"
}

start_shell 100 30 TERM=tmux-256color LC_ALL=C.UTF-8
keys "TERM=dumb $ATTNTUI $tiny; echo \"rc=\$?\"" Enter
wait_for "attntui: cannot use terminal type 'dumb' (it cannot move the cursor); try --dump"
wait_for "rc=2"
keys clear Enter
keys "env -u TERM $ATTNTUI $tiny; echo \"rc=\$?\"" Enter
wait_for "attntui: cannot use terminal type '(unset)'; try --dump"
wait_for "rc=2"

# (TERM=linux has ncurses load libgpm for the mouse, which leaks a few
# bytes under the sanitizers: lsan.supp.)
supp="LSAN_OPTIONS=suppressions=$SRCDIR/tests/tui/lsan.supp"
supp="$supp ASAN_OPTIONS=fast_unwind_on_malloc=0"
for term in linux vt100 screen; do
	keys clear Enter
	keys "TERM=$term $supp $ATTNTUI $tiny; echo \"rc=\$?\"" Enter
	wait_for "layer 0 of 2"
	wait_for "q 0 The"
	keys q
	wait_for "rc=0"
done

# A C locale: ASCII only, labels' leading spaces as _, the help too.
keys clear Enter
keys "LC_ALL=C $ATTNTUI $long; echo \"rc=\$?\"" Enter
wait_for "long-story | layer 0 of 2 | head 0 of 12 | q 0 When -> k 0 When"
keys j
wait_for "q 1 _Mary -> k 0 When"
non_ascii && fail "a C locale put non-ASCII on the screen"
checks=$((checks + 1))
keys '?'
wait_for "h l Left Right"
non_ascii && fail "the help put non-ASCII on the screen"
checks=$((checks + 1))
keys x
keys T
wait_for "text: from query 1"
wait_for "When Mary and John went"
non_ascii && fail "the text view put non-ASCII on the screen"
checks=$((checks + 1))
keys T T Tab Tab
wait_for "+ h.0 GPT2Block"
non_ascii && fail "the summary put non-ASCII on the screen"
checks=$((checks + 1))
keys q
wait_for "rc=0"

# --ascii in a UTF-8 locale: the same.
keys clear Enter
keys "$ATTNTUI --ascii $long; echo \"rc=\$?\"" Enter
wait_for "long-story | layer 0 of 2"
keys g
wait_for "grid: Enter opens"
non_ascii && fail "--ascii put non-ASCII on the screen"
checks=$((checks + 1))
keys q
wait_for "rc=0"

echo "ok: $checks checks"
exit 0
