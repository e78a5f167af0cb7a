#!/bin/sh
# The explorer on a long input (tests/tui/long.yaml: 465 GPT-2 tokens, 12
# heads) in tmux at 200x60, 120x40 and 80x24: counts, pages, go-to,
# searches, the text view, the summary pane, the head grid and the help.
# Token positions and labels are counted from --tokenize's output (its
# ids are gpt-3-encoder's, see dump.sh); weights and shapes by hand.

. "$SRCDIR/tests/tui/tmux-lib.sh"

long="$SRCDIR/tests/tui/long.yaml"
"$ATTNTUI" --tokenize "$long" >"$tmp/tokens" || fail "--tokenize failed"
label() {
	sed -n "$(($1 + 1))s/^[0-9]*	//p" "$tmp/tokens"
}
[ "$(wc -l <"$tmp/tokens")" -eq 465 ] || fail "expected 465 tokens"

start_shell 200 60 TERM=tmux-256color LC_ALL=C.UTF-8
keys "$ATTNTUI $long; echo \"rc=\$?\"" Enter
wait_for "long-story │ layer 0 of 2 │ head 0 of 12 │ q 0 When → k 0 When"
wait_for "top k 0 When"
wait_for "T=465"

# Counts, and going to a token.
keys 1 0 j
wait_for "q 10 $(label 10) →"
keys 1 2 0 G
wait_for "q 120 $(label 120) →"
keys G
wait_for "q 464 $(label 464) →"
keys : 3 0 0 , 5 Enter
wait_for "q 300 $(label 300) → k 5 $(label 5) ="
keys 4 0 '|'
wait_for "k 40 $(label 40) ="
keys '$'
wait_for "k 464 $(label 464) ="
keys 0
wait_for "k 0 When ="
keys : x Enter
wait_for ":x: expected :query, :query,key or :,key"

# Pages: the map has 55 rows of labels at 200x60 (60 less the title,
# the axis's two rows, the legend and the status), so a page is 55
# tokens and half a page 28.
keys C-f
wait_for "q 355 $(label 355) →"
keys C-d
wait_for "q 383 $(label 383) →"
keys C-u
wait_for "q 355 $(label 355) →"
keys C-b
wait_for "q 300 $(label 300) →"
keys '>'
wait_for "k 28 $(label 28) ="
keys L
wait_for "k 83 $(label 83) ="
keys H
wait_for "k 28 $(label 28) ="
keys '<'
wait_for "k 0 When ="
keys 2 PageDown
wait_for "q 410 $(label 410) →"
keys Home
wait_for "q 0 When →"

# Searches: " Jo" is typed with its space, and matches "␣John".
jo=$(awk -F'\t' 'tolower($2) ~ /␣jo/' "$tmp/tokens" | wc -l)
keys / ' ' J o Enter
wait_for "/ Jo: query 3 ($jo matches)"
wait_for "q 3 ␣John →"
keys '\;'
wait_for "q 33 ␣John →"
keys ','
wait_for "q 3 ␣John →"
keys '\' M a r y Enter
wait_for "\\Mary: query 1 ("
keys '*'
wait_for "q 20 ␣Mary →"
keys '#'
wait_for "q 1 ␣Mary →"
keys / z z q Enter
wait_for "/zzq: no token matches"

# The text view: the input as running text; then attention to the key.
keys T
wait_for "text: from query 1"
wait_for "When Mary and John went to the market on Saturday morning"
wait_for "= max from query 1"
keys l l
wait_for "k 2 ␣and ="
keys T
wait_for "text: to key 2"
wait_for "= max to key 2"
keys T
wait_for "· heatmap"

# The summary pane: unfold a block to its layers.  Layer 0's q is a
# Linear 48 -> 48 with bias: 2,352 parameters, 465 x 48 x 48 =
# 1,071,360 mult-adds, output [1, 465, 48].
wait_for "attention: 12 heads, causal, learned positions"
keys Tab Tab
wait_for "· summary"
keys l
wait_for "▾ h.0 GPT2Block"
wait_for "  ln_1 LayerNorm"
keys j j l
wait_for "▾ attn GPT2Attention"
wait_for "q Linear "
screen | grep -E ' q Linear +\[1, 465, 48\] +2\.35K +1\.07M' >/dev/null ||
    fail "layer 0's q row is not [1, 465, 48] 2.35K 1.07M"
checks=$((checks + 1))
keys h h h
wait_for "▸ h.0 GPT2Block"
# Choosing a block's row shows its layer; J moves the pane's row.
keys j
wait_for "layer 1 of 2 │"
keys K
wait_for "layer 0 of 2 │"
$T capture-pane -p -e -t "$S" | grep '▸ h.0 GPT2Block' | grep -q '\[0*7m\|;7m\|\[7;' ||
    fail "the pane's row of layer 0 is not lit"
checks=$((checks + 1))
keys Tab
wait_for "· heatmap"

# The head grid at 120x40 fills the left: 4 columns of 19-cell
# thumbnails (83 cells wide, a gap each), 3 rows of 10 (38 rows, a label
# and a gap each): 30 rows of 4 x 19 half blocks.
$T resize-window -t "$S" -x 120 -y 40
wait_for "T=465"
keys g
wait_for "grid: Enter opens"
wait_for "head 11"
rows=$(screen | awk '{ n = gsub(/▀/, "&"); if (n == 76) c++ } END { print c + 0 }')
[ "$rows" -eq 30 ] || fail "the grid has $rows full rows of thumbnails, not 30"
checks=$((checks + 1))
keys Escape
wait_gone "grid: Enter opens"

# The help at 80x24: nothing cut, one column that scrolls.
$T resize-window -t "$S" -x 80 -y 24
wait_for "T=465"
keys '?'
wait_for "j k scroll; any other key closes this help"
screen | sed -n '2,22p' | grep -q '…' && fail "the help is cut"
checks=$((checks + 1))
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	keys j
done
wait_for "click a cell, bar, token or layer"
keys x
wait_gone "closes this help"
# At 200x60 it takes columns and shows every line at once.
$T resize-window -t "$S" -x 200 -y 60
wait_for "T=465"
keys '?'
wait_for "any key closes this help"
wait_for "key token left, right"
wait_for "click a cell, bar, token or layer"
keys x
wait_gone "closes this help"

keys q
wait_for "rc=0"
echo "ok: $checks checks"
exit 0
