#!/bin/bash
# hf-dirs.sh - Hugging Face model directories end to end.  Totals are the
# published num_parameters() of each model (tests/hf/configs/README.md),
# never attntui's output; every malformed directory of tests/hf/bad makes
# the documented error (tests/hf/bad/EXPECTED) with nothing written.  Run
# by "make check" with ATTNTUI and SRCDIR set.
set -u

. "${SRCDIR:?set SRCDIR to the source root}/tests/lib.sh"

# --summary from config.json alone, the directory or its config.json.
cd "$SRCDIR/tests/hf/configs" || exit 1
while read -r dir total; do
	case $dir in ''|'#'*) continue ;; esac
	for arg in "$dir" "$dir/config.json"; do
		got=$("$ATTNTUI" --summary "$arg" 2>&1 |
		    sed -n 's/^Total params: //p')
		if [ "$got" = "$total" ]; then ok "total $arg"
		else fail "total $arg" "got '$got', expected $total"; fi
	done
done < TOTALS
# The same models written by hand in YAML with the variants' keys.
cd "$SRCDIR/tests/configs" || exit 1
for pair in gemma-2-2b:2,614,341,888 phi-3-mini:3,821,079,552 \
    qwen2.5-0.5b:494,032,768 qwen3-0.6b:218,507,264; do
	f=${pair%%:*}.yaml total=${pair#*:}
	got=$("$ATTNTUI" --summary "$f" 2>&1 | sed -n 's/^Total params: //p')
	if [ "$got" = "$total" ] && "$ATTNTUI" --check "$f"; then
		ok "yaml total $f"
	else
		fail "yaml total $f" "got '$got', expected $total"
	fi
done
cd "$SRCDIR/tests/hf/configs" || exit 1

# --check reads a directory that holds config.json alone and says which
# keys it did not read.
got=$("$ATTNTUI" --check gpt2 2>&1)
want="gpt2/config.json: keys not read: n_ctx, summary_activation, summary_proj_to_labels, summary_type, summary_use_proj, task_specific_params"
if [ "$got" = "$want" ]; then ok check-unread
else fail check-unread "got: $got" "expected: $want"; fi
# Text needs the directory's tokenizer: none here.
"$ATTNTUI" --tokenize gpt2 >/dev/null 2>"$tmp/err"
if [ $? = 2 ] && [ "$(cat "$tmp/err")" = "attntui: gpt2: no tokenizer.json to read the text with; expected the input as token ids (--tokens=ID,ID,...)" ]
then ok no-tokenizer
else fail no-tokenizer "$(cat "$tmp/err")"; fi

# The golden directories: a YAML's keys beside model.from override
# config.json's, and --check says what they changed.
cd "$SRCDIR/tests/golden/hf" || exit 1
cat >"$tmp/over.yaml" <<YAML
model:
  from: $SRCDIR/tests/golden/hf/gemma2
  attn_logit_softcapping: 30.0
  name: renamed
input:
  tokens: [1, 2, 3]
YAML
got=$("$ATTNTUI" --check "$tmp/over.yaml" 2>&1)
want="$tmp/over.yaml:3:3: model.attn_logit_softcapping: 5 in config.json, 30 here
$tmp/over.yaml:4:3: model.name: gemma2 in config.json, renamed here
$SRCDIR/tests/golden/hf/gemma2/config.json: keys not read: hidden_act"
if [ "$got" = "$want" ]; then ok check-overrides
else fail check-overrides "got: $got" "expected: $want"; fi
# A directory and a YAML from it give the same numbers.
"$ATTNTUI" --export="$tmp/a.npy" --tokens=3,1,4,1,5,9,2,6 phi3 &&
    "$ATTNTUI" --export="$tmp/b.npy" --tokens=3,1,4,1,5,9,2,6 phi3/config.json &&
    cmp -s "$tmp/a.npy" "$tmp/b.npy" && ok dir-and-config-json ||
    fail dir-and-config-json "the exports differ"
# BERT's directory has a tokenizer.json (make_hf_golden.py's WordPiece
# vocabulary, ids by hand from its list): the built-in sentence, and text.
ids() { "$ATTNTUI" --tokenize "$@" | cut -f1 | tr '\n' ' '; }
got=$(ids bert)
if [ "$got" = "2 5 6 7 8 9 10 5 11 12 13 3 " ]; then ok builtin-sentence
else fail builtin-sentence "ids: $got"; fi
got=$(ids --text="The cats sat on the mat" bert-bf16)
if [ "$got" = "2 5 14 18 15 16 5 17 3 " ]; then ok text-tokenizer-json
else fail text-tokenizer-json "ids: $got"; fi
if "$ATTNTUI" --dump --color=none --width=100 --height=12 bert | head -1 |
    grep -q '^ bert (built-in sentence; --text to change) '; then
	ok builtin-title
else
	fail builtin-title "$("$ATTNTUI" --dump --color=none --width=100 --height=12 bert | head -1)"
fi
expect_line() {
	local name=$1 want=$2; shift 2
	if "$ATTNTUI" "$@" | grep -qF -- "$want"; then ok "$name"
	else fail "$name" "no line '$want'"; fi
}
expect_line builtin-summary "input length T = 12, batch 1" --summary bert
expect_line tokens-labelled "$(printf '18\t##s')" --tokenize --tokens=5,18 bert
# --tokens checks ids against the directory's vocabulary (64).
"$ATTNTUI" --export="$tmp/c.npy" --tokens=1,64 phi3 2>"$tmp/err"
if [ $? = 2 ] && [ ! -e "$tmp/c.npy" ] && grep -q "expected token ids from 0 to 63" "$tmp/err"
then ok tokens-vocab
else fail tokens-vocab "$(cat "$tmp/err")"; fi

# Malformed directories: the message, the status, no output file.
cd "$SRCDIR/tests/hf/bad" || exit 1
while read -r dir status message; do
	case $dir in ''|'#'*) continue ;; esac
	got=$("$ATTNTUI" --export="$tmp/x.npy" --tokens=1,2 "$dir" 2>&1 \
	    >/dev/null)
	st=$?
	if [ "$st" = "$status" ] && [ "$got" = "$message" ] &&
	    [ ! -e "$tmp/x.npy" ]; then
		ok "bad $dir"
	else
		fail "bad $dir" "expected status $status: $message" \
		    "got      status $st: $got"
	fi
done < EXPECTED
# --check on a directory of pickles says so too; on one with config.json
# alone it is content.
"$ATTNTUI" --check pickle-only >/dev/null 2>"$tmp/err"
if [ $? = 2 ] && grep -q "only pytorch_model.bin" "$tmp/err"; then ok check-pickle
else fail check-pickle "$(cat "$tmp/err")"; fi
if "$ATTNTUI" --check no-weights >/dev/null 2>&1; then ok check-config-only
else fail check-config-only "refused"; fi

finish
