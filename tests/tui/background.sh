#!/bin/sh
# The explorer while the forward pass still runs in the background, in a
# real terminal (tmux): the first layer is drawn at once, the status line
# counts the layers, keys work meanwhile, a layer not yet computed says
# so and appears when ready, and quitting (q, Ctrl-C) is immediate and
# leaves the terminal as it was.  Long work on a terminal shows a
# progress bar on stderr; short work and a stderr that is not a
# terminal show none.
#
# deep.yaml is 400 layers of one head over 1992 bytes: each layer takes a
# few milliseconds on one thread, the whole pass several seconds (8.5 s
# on the 2-core build machine under load), and the tests quit long
# before its end.  Each check that needs the pass to be still running
# says so when it is not: a machine fast enough to finish first needs a
# deeper model here, not a passing test.

. "$SRCDIR/tests/tui/tmux-lib.sh"

deep="$SRCDIR/tests/tui/deep.yaml"
text=$(printf '%.0sthe cat sat on the mat. ' $(seq 1 83))
run="$ATTNTUI --threads=1 --text='$text' $deep"
title="slow-deep │ layer"

# The pass must still run: the status line still counts.
still_running() {
	screen | grep -q "computing layer [0-9]*/400" ||
	    fail "the pass ended before $1; make $deep deeper"
}

start_shell 120 40 TERM=tmux-256color LC_ALL=C.UTF-8

# The first frame: layer 0 drawn while the others are computed.
keys "$run; echo \"rc=\$?\"" Enter
wait_for "$title 0 of 400 │ head 0 of 1 │ q 0 t → k 0 t = 1.0000"
wait_for "top k 0 t 1.0000"
still_running "the first frame"
$T capture-pane -p -e -t "$S" | grep -q '48;5;[0-9]*m▀' ||
    fail "no map on the first frame"
checks=$((checks + 1))

# Keys meanwhile: the last layer is not computed yet, and says so.
keys 3 9 9 J
wait_for "$title 399 of 400 │ head 0 of 1 │ q 0 t → k 0 t │ not computed yet"
wait_for "layer 399 is not computed yet (computing layer"
still_running "layer 399 was shown"
keys j j l
wait_for "q 2 e → k 1 h │ not computed yet"
keys g
wait_for "grid: Enter opens"
wait_for "layer 399 is not computed yet"
keys Escape
wait_gone "grid: Enter opens"
keys ?
wait_for "next, previous layer"
keys ?
wait_gone "next, previous layer"

# A layer 60 ahead of the pass says so, then appears when it is reached.
now=$(screen | sed -n 's/.*computing layer \([0-9]*\)\/400.*/\1/p')
[ -n "$now" ] && [ "$now" -lt 330 ] ||
    fail "the pass is at layer '$now', too near its end; make $deep deeper"
ahead=$((now + 60))
for d in $(echo $((399 - ahead)) | sed 's/./& /g'); do
	keys "$d"
done
keys K
wait_for "$title $ahead of 400 │ head 0 of 1 │ q 2 e → k 1 h │ not computed yet"
wait_for "$title $ahead of 400 │ head 0 of 1 │ q 2 e → k 1 h = "
wait_gone "layer $ahead is not computed yet"

# q while the pass runs: the prompt back at once, status 0, a sane tty.
still_running "q"
start=$(date +%s)
keys q
wait_for "rc=0"
[ $(($(date +%s) - start)) -le 2 ] || fail "q took more than 2 s"
wait_gone "$title"
keys "stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | tr '\\n' ' '; echo" Enter
wait_for "icanon echo"
[ "$($T display -p -t "$S" '#{alternate_on}#{cursor_flag}')" = 01 ] ||
    fail "q: alternate screen or hidden cursor left"
checks=$((checks + 1))

# Ctrl-C while the pass runs: dies of SIGINT, the terminal restored.
keys clear Enter
keys "$run" Enter
wait_for "$title 0 of 400"
still_running "Ctrl-C"
keys C-c
wait_gone "$title"
keys "echo \"rc=\$?\"" Enter
wait_for "rc=130"
keys "stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | tr '\\n' ' '; echo ok" Enter
wait_for "icanon echo ok"

# Progress on stderr: a bar for the long pass of --dump of the last layer
# (over a second), nothing for a short one, nothing when stderr is a
# file.
keys clear Enter
$T pipe-pane -t "$S" "cat > $tmp/raw"
keys "$ATTNTUI --dump $SRCDIR/tests/tui/tiny.yaml > /dev/null; echo \"quick=\$?\"" Enter
wait_for "quick=0"
keys "$ATTNTUI --threads=1 --dump -l 399 --text='$text' $deep > /dev/null" Enter
wait_for "computing layers ["
wait_for "% "
wait_for " left"
keys C-c
keys clear Enter
$T pipe-pane -t "$S"
sed -n '/quick=0/q;p' "$tmp/raw" | grep -q "computing layers" &&
    fail "a bar for the quick --dump"
checks=$((checks + 1))
keys "$ATTNTUI --threads=1 --dump -l 399 --text='$text' $deep > /dev/null 2> $tmp/err & sleep 2; kill \$!; echo killed" Enter
wait_for "killed"
[ -s "$tmp/err" ] && fail "stderr into a file got: $(cat "$tmp/err")"
checks=$((checks + 1))

echo "background.sh: $checks checks passed"
