#!/bin/sh
# The explorer in a real terminal: tmux runs attntui on a tiny model,
# keys go in with send-keys, and what the screen shows comes back with
# capture-pane (-e for colours); see tmux-lib.sh.

. "$SRCDIR/tests/tui/tmux-lib.sh"

start_shell 120 40 TERM=tmux-256color LC_ALL=C.UTF-8
keys "$ATTNTUI $SRCDIR/tests/tui/tiny.yaml; echo \"rc=\$?\"" Enter

wait_for "tiny-gpt2 │ layer 0 of 2 │ head 0 of 4 │ q 0 The → k 0 The"
wait_for "query 0 The (in order)"
wait_for "h.1"				# the summary pane
wait_for "? help  q quit"

# Heads, layers, queries.
keys n
wait_for "head 1 of 4"
keys ]
wait_for "head 2 of 4"
keys p p
wait_for "head 0 of 4"
keys J
wait_for "layer 1 of 2"
keys j j
wait_for "q 2 brown"
wait_for "query 2 brown"
keys l
wait_for "k 1 quick"
keys Down
wait_for "q 3 fox"

# Colours: 256-colour half blocks made it to the screen.
$T capture-pane -p -e -t "$S" | grep -q '48;5;[0-9]*m▀' ||
    fail "no 256-colour half blocks on screen"
checks=$((checks + 1))

# Search a token; the wide one too.
keys / l a z y Enter
wait_for "q 7 lazy"
keys / 東 Enter
wait_for "q 10 東京"

# Aggregates.
keys m
wait_for "mean of 4 heads"
keys r
wait_for "rollout of layers 0-1"
keys r
wait_for "head 0 of 4"

# The head grid: thumbnails of every head, Enter opens one.
keys g
wait_for "grid: Enter opens"
wait_for "head 3"
keys l l Enter
wait_for "head 2 of 4"
wait_gone "grid: Enter opens"

# Appearance keys show in the status line.
keys c
wait_for "magma"
keys s
wait_for "linear"
keys P
wait_for "mean-pool"
keys +
wait_for "zoom 2x"
keys -
wait_for "zoom 1x"
keys =
wait_for "zoom 2x"
keys -
wait_for "zoom 1x"
keys b
wait_for "(sorted)"
keys t
wait_gone "(sorted)"
keys t
wait_for "(sorted)"

# Help lists every key; any key closes it.
keys ?
wait_for "any key closes this help"
wait_for "search a token"
wait_for "^F ^B PgDn PgUp"
wait_for "g Enter Esc"
wait_for "mouse"
keys x
wait_gone "any key closes this help"

# Resize down to too small and back up, at any moment.
$T resize-window -t "$S" -x 60 -y 20
wait_for "layer 1 of 2"
$T resize-window -t "$S" -x 20 -y 6
wait_for "terminal too small"
$T resize-window -t "$S" -x 120 -y 40
wait_for "tiny-gpt2 │ layer 1 of 2 │ head 2 of 4 │ q 10 東京"
wait_for "h.1"

# q quits; the shell and a sane terminal come back.
keys q
wait_for "rc=0"
wait_gone "tiny-gpt2 │ layer"
keys "stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | tr '\\n' ' '; echo" Enter
wait_for "icanon echo"

# SIGINT (Ctrl-C) also restores the terminal, and dies of the signal.
keys clear Enter
keys "$ATTNTUI $SRCDIR/tests/tui/tiny.yaml" Enter
wait_for "tiny-gpt2 │ layer 0 of 2"
keys C-c
wait_gone "tiny-gpt2 │ layer 0 of 2"
keys "echo \"rc=\$?\"" Enter
wait_for "rc=130"
keys "stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | tr '\\n' ' '; echo ok" Enter
wait_for "icanon echo ok"

# NO_COLOR: shading characters, no colour escapes in the map.
keys clear Enter
keys "NO_COLOR=1 $ATTNTUI $SRCDIR/tests/tui/tiny.yaml; echo \"rc=\$?\"" Enter
wait_for "tiny-gpt2 │ layer 0 of 2"
wait_for "█"
$T capture-pane -p -e -t "$S" | grep -q '48;5;' &&
    fail "NO_COLOR still drew colours"
checks=$((checks + 1))
keys q
wait_for "rc=0"

# A tokenizer.json: labels are its decoded pieces, ␣ for the metaspace.
keys clear Enter
keys "$ATTNTUI --text='ab b a' $SRCDIR/tests/configs/tokjson.yaml; echo \"rc=\$?\"" Enter
wait_for "tiny-tokjson │ layer 0 of 1 │ head 0 of 4 │ q 0 <s> → k 0 <s>"
keys j j
wait_for "q 2 ab"
keys j j j
wait_for "q 5 ␣a"
keys q
wait_for "rc=0"

echo "ok: $checks checks"
exit 0
