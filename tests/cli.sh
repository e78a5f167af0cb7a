#!/bin/bash
# cli.sh - the command line end to end: options, exit statuses, modes.
# Expected figures come from hand counts (parameter totals, the FNV-1a
# ids of the whitespace tokenizer computed in Python), never from
# attntui's own output.  Run by "make check" with ATTNTUI and SRCDIR set.
set -u

. "${SRCDIR:?set SRCDIR to the source root}/tests/lib.sh"

# expect NAME STATUS STDOUT-GREP STDERR-EXACT -- ARGS...: run attntui and
# check its exit status, that stdout matches a grep -E pattern ("" for
# empty output) and that stderr is exactly the given text.
expect() {
	local name=$1 want_status=$2 want_out=$3 want_err=$4 status
	shift 5
	"$ATTNTUI" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" != "$want_status" ]; then
		fail "$name" "exit status $status, expected $want_status" \
		    "stderr: $(cat "$tmp/err")"
	elif [ -z "$want_out" ] && [ -s "$tmp/out" ]; then
		fail "$name" "expected no output, got: $(head -3 "$tmp/out")"
	elif [ -n "$want_out" ] && ! grep -qE -- "$want_out" "$tmp/out"; then
		fail "$name" "stdout lacks /$want_out/: $(head -3 "$tmp/out")"
	elif [ "$(cat "$tmp/err")" != "$want_err" ]; then
		fail "$name" "stderr: $(cat "$tmp/err")" "expected: $want_err"
	else
		ok "$name"
	fi
}

cd "$SRCDIR" || exit 1

expect help 0 '^usage: attntui \[OPTION\]\.\.\. \[FILE\]' '' -- --help
expect help-lists-summary 0 '--summary' '' -- -h
expect version 0 '^attntui [0-9]+\.[0-9]+\.[0-9]+$' '' -- --version
expect unknown-option 2 '' \
    "attntui: unknown option '--bogus'; see --help" -- --bogus x.yaml
expect unknown-option-hint 2 '' \
    "attntui: unknown option '--sumary'; did you mean '--summary'?" \
    -- --sumary samples/tiny-bytes.yaml
expect unknown-option-hint-arg 2 '' \
    "attntui: unknown option '--colourmap'; did you mean '--colormap'?" \
    -- --colourmap=gray samples/tiny-bytes.yaml
expect no-file-opens-sample 0 '^Total params: ' '' -- --summary
expect two-files 2 '' "attntui: expected one FILE, found more; see --help" \
    -- a.yaml b.yaml
expect threads-zero 2 '' \
    "attntui: --threads: expected a whole number from 1 to 256, found '0'" \
    -- --threads=0 samples/gpt2-small.yaml
expect depth-word 2 '' \
    "attntui: --depth: expected a whole number from 0 to 16, found 'two'" \
    -- --depth=two --summary samples/gpt2-small.yaml
expect two-modes 2 '' \
    "attntui: --summary and --dump are two modes; give one" \
    -- --summary --dump samples/tiny-bytes.yaml
expect two-modes-export 2 '' \
    "attntui: --export and --check are two modes; give one" \
    -- --export=x.npy --check samples/tiny-bytes.yaml
expect same-mode-twice 0 '^Total params: ' '' \
    -- --summary --summary samples/tiny-bytes.yaml
expect missing-file 2 '' \
    "attntui: no-such.yaml: No such file or directory" -- --check no-such.yaml

# Parameter totals, counted by hand (see tests/test_summary.c).
expect summary-gpt2 0 '^Total params: 124,439,808$' '' \
    -- --summary samples/gpt2-small.yaml
expect summary-llama2-7b 0 '^Total params: 6,738,415,616$' '' \
    -- --summary tests/configs/llama2-7b.yaml
expect summary-mistral-7b 0 '^Total params: 7,241,732,096$' '' \
    -- --summary tests/configs/mistral-7b.yaml
expect summary-bert 0 '^Total params: 109,482,240$' '' \
    -- --summary samples/bert-base.yaml
expect summary-attention 0 '^Total params: 1,050,624$' '' \
    -- --summary samples/attention.yaml
expect summary-default-mode 0 '^Total params: 124,439,808$' '' \
    -- samples/gpt2-small.yaml

# A 7B config still summarises: nothing is allocated.
expect summary-depth0 0 '^Total params: 6,738,415,616$' '' \
    -- --summary --depth=0 tests/configs/llama2-7b.yaml
if "$ATTNTUI" --summary --depth=0 tests/configs/llama2-7b.yaml |
    grep -q 'layers\.0\.'; then
	fail depth0-folds "depth 0 still shows layer rows"
else
	ok depth0-folds
fi

# GPT-2's ids, from the gpt-3-encoder reference; then the whitespace
# tokenizer's FNV-1a 64 of each word modulo 50257, computed in Python.
expect tokenize-gpt2 0 $'^1169\tthe$' '' -- --tokenize \
    --text='the cat sat the' samples/gpt2-small.yaml
printf '1169\tthe\n3797\t\xe2\x90\xa3cat\n3332\t\xe2\x90\xa3sat\n262\t\xe2\x90\xa3the\n' >"$tmp/want"
if cmp -s "$tmp/want" "$tmp/out"; then ok tokenize-gpt2-ids
else fail tokenize-gpt2-ids "got: $(cat "$tmp/out")"; fi
expect tokenize-whitespace 0 $'^33485\tthe$' '' -- --tokenize \
    --text='the cat sat the' tests/configs/gpt2-small.yaml
printf '33485\tthe\n33873\tcat\n46878\tsat\n33485\tthe\n' >"$tmp/want"
if cmp -s "$tmp/want" "$tmp/out"; then ok tokenize-whitespace-ids
else fail tokenize-whitespace-ids "got: $(cat "$tmp/out")"; fi

# input.tokenizer as a path to a tokenizer.json (relative to the YAML):
# "ab b a" is <s> ▁ ab ▁ b ▁a by hand (tests/test_tokenizer.c counts
# the merges); é has no token, so its two bytes' fallback tokens.
printf '9\t<s>\n1\t\xe2\x90\xa3\n7\tab\n1\t\xe2\x90\xa3\n3\tb\n4\t\xe2\x90\xa3a\n' \
    >"$tmp/want"
expect tokenize-tokenizer-json 0 $'^9\t<s>$' '' -- --tokenize \
    tests/configs/tokjson.yaml
if cmp -s "$tmp/want" "$tmp/out"; then ok tokenize-tokenizer-json-ids
else fail tokenize-tokenizer-json-ids "got: $(cat "$tmp/out")"; fi
expect tokenize-byte-fallback 0 $'^5\t\\\\xC3$' '' -- --tokenize \
    --text=$'\xc3\xa9' tests/configs/tokjson.yaml
expect dump-tokenizer-json-labels 0 'q 0 <s> → k 0 <s>' '' -- --dump \
    --color=none --width=80 --height=24 tests/configs/tokjson.yaml
grep -q '^ ab ' "$tmp/out" && ok dump-tokenizer-json-row-label ||
    fail dump-tokenizer-json-row-label "no row labelled ab"
# A file the config names that cannot be opened: blamed on its key's line.
expect tokenizer-json-missing 2 '' \
    "attntui: tests/configs/tokjson-missing.yaml:15:14: input.tokenizer 'tests/configs/tokjson/no-such.json': No such file or directory" \
    -- --tokenize tests/configs/tokjson-missing.yaml

for sample in samples/*.yaml; do
	expect "check-$sample" 0 '' '' -- --check "$sample"
done

# A model far beyond this machine's memory is refused before allocating;
# --summary answers for it all the same.
cat >"$tmp/huge.yaml" <<'YAML'
model:
  family: gpt2
  vocab_size: 50257
  max_seq: 1024
  d_model: 65536
  n_layers: 1024
  n_heads: 64
input:
  text: "hello"
YAML
"$ATTNTUI" --check "$tmp/huge.yaml" 2>"$tmp/err"
status=$?
if [ "$status" = 2 ] && grep -q "the run needs .* TB (F32 weights .* TB, activations .*, attention .*, a head .*), but only .* of memory is available (--summary works regardless)" "$tmp/err"; then
	ok memcheck-refuses
else
	fail memcheck-refuses "status $status: $(cat "$tmp/err")"
fi
expect memcheck-summary 0 '^Total params: ' '' -- --summary "$tmp/huge.yaml"

# Export: sizes from the format (npy v1.0 header, 128 bytes for this
# shape, then 1 x 8 x 32 x 32 float32), and no file for a bad name.
expect export-npy 0 '' '' -- --export="$tmp/a.npy" samples/attention.yaml
size=$(stat -c %s "$tmp/a.npy" 2>/dev/null || echo 0)
if [ "$size" = $((128 + 8 * 32 * 32 * 4)) ]; then ok export-npy-size
else fail export-npy-size "size $size"; fi
expect export-bad-name 2 '' \
    "attntui: --export=$tmp/a.txt: expected a name ending in .npy or .safetensors" \
    -- --export="$tmp/a.txt" samples/attention.yaml
if ls "$tmp"/a.txt* >/dev/null 2>&1; then fail export-no-partial "left a file"
else ok export-no-partial; fi
"$ATTNTUI" --export=/nonexistent/dir/a.npy samples/attention.yaml 2>"$tmp/err"
status=$?
if [ "$status" = 1 ] && grep -q '^attntui: /nonexistent/dir/a.npy' "$tmp/err"; then
	ok export-unwritable
else
	fail export-unwritable "status $status: $(cat "$tmp/err")"
fi

# Attention files: what --export wrote opens again without recomputing;
# the heatmap of --dump must be the same either way.
expect export-st 0 '' '' -- --export="$tmp/a.safetensors" samples/attention.yaml
expect view-st-summary 0 '^Heads: +8 per layer$' '' -- --summary "$tmp/a.safetensors"
# The heatmap (the left 55 columns of each line: 80 less the right
# pane's 24 and its gap) must be the same from the config and from the
# file; the right pane differs, as a file has no layer summary.
heatmap() {
	"$ATTNTUI" --dump --color=none --width=80 --height=30 -l 0 -H 3 -q 5 \
	    "$1" | LC_ALL=C.UTF-8 sed -E 's/^(.{55}).*/\1/; s/ *$//'
}
if [ -n "$(heatmap samples/attention.yaml)" ] &&
    [ "$(heatmap samples/attention.yaml)" = "$(heatmap "$tmp/a.safetensors")" ]
then ok view-st-dump-matches
else fail view-st-dump-matches "the heatmaps differ"; fi
expect view-export-refused 2 '' \
    "attntui: $tmp/a.safetensors: --check, --export, --tokenize, --text, --probe and --value-weighted need a model config; this is an attention file" \
    -- --export="$tmp/b.npy" "$tmp/a.safetensors"
expect tokens-on-attention-family 2 '' \
    "attntui: --tokens: the model has no vocabulary (family attention); expected input.embeddings" \
    -- --tokens=1,2 --summary samples/attention.yaml
expect tokens-not-ids 2 '' \
    "attntui: --tokens: expected token ids from 0 to 50256 separated by commas, found 'x.txt'" \
    -- --tokens=x.txt --summary samples/gpt2-small.yaml
expect tokens-beyond-vocab 2 '' \
    "attntui: --tokens: expected token ids from 0 to 50256 separated by commas, found '50257'" \
    -- --tokens=1,50257 --summary samples/gpt2-small.yaml
expect tokens-and-text 2 '' \
    "attntui: --text and --tokens are two inputs; give one" \
    -- --tokens=1 --text=a --summary samples/gpt2-small.yaml
# GPT-2's ids 1169, 3797, 3332 are " the cat sat" less its spaces; with
# the vocabulary the labels are the tokens'.
printf '1169\tthe\n3797\t\xe2\x90\xa3cat\n' >"$tmp/want"
"$ATTNTUI" --tokenize --tokens=1169,3797 samples/gpt2-small.yaml >"$tmp/out"
if cmp -s "$tmp/want" "$tmp/out"; then ok tokens-ids-labelled
else fail tokens-ids-labelled "got: $(cat "$tmp/out")"; fi
expect tokens-summary-length 0 'input length T = 3, batch 1' '' \
    -- --summary --tokens=5,6,7 samples/gpt2-small.yaml

# Ranges: a selection out of range gives the real range, negative or not.
expect layer-negative 2 '' "attntui: --layer: expected 0 to 1, found -1" \
    -- --dump -l -1 samples/tiny-bytes.yaml
expect layer-beyond 2 '' "attntui: --layer: expected 0 to 1, found 5" \
    -- --dump -l 5 samples/tiny-bytes.yaml
expect head-negative 2 '' \
    "attntui: --head: expected 0 to 7, mean, max or rollout, found -2" \
    -- --dump -H -2 samples/tiny-bytes.yaml
expect query-word 2 '' "attntui: --query: expected a query number, found 'x'" \
    -- --dump -q x samples/tiny-bytes.yaml
# An input too long names --text when the text came from there: 600
# bytes and the BOS for a byte-level model of max_seq 512.
expect text-too-long 2 '' \
    "attntui: --text: the input has 601 tokens, more than the model's max_seq 512 (samples/tiny-bytes.yaml)" \
    -- --tokenize --text="$(printf '%0600d' 0)" samples/tiny-bytes.yaml
expect text-empty 2 '' "attntui: --text: the input has no tokens" \
    -- --tokenize --text= samples/tiny-bytes.yaml

# A tokenizer file that does not resolve is refused at its key (line
# 10, column 10 of this config), with the path it was looked for at.
mkdir "$tmp/cfg"
cat >"$tmp/cfg/bad-vocab.yaml" <<'YAML'
model:
  family: gpt2
  vocab_size: 50257
  max_seq: 16
  n_layers: 1
  n_heads: 2
  d_model: 8
input:
  text: hello
  vocab: nope/encoder.json
  merges: nope/vocab.bpe
  tokenizer: gpt2
YAML
expect vocab-unresolved 2 '' \
    "attntui: $tmp/cfg/bad-vocab.yaml:10:10: input.vocab '$tmp/cfg/nope/encoder.json': No such file or directory" \
    -- --check "$tmp/cfg/bad-vocab.yaml"

# A 2-layer checkpoint under a 1-layer config is valid, with a warning:
# a GPT-2 layer has 12 tensors (ln_1, c_attn, c_proj, ln_2, c_fc and
# mlp c_proj, a weight and a bias each), all of layer 1 unused.
sed -e 's/n_layers: 2/n_layers: 1/' \
    -e "s#file: #file: $SRCDIR/tests/golden/#" tests/golden/gpt2.yaml \
    >"$tmp/cfg/one-layer.yaml"
expect check-unused-tensors 0 '' \
    "attntui: warning: $SRCDIR/tests/golden/gpt2.safetensors: 12 tensors of the checkpoint are not used by the config, the first 'h.1.ln_1.weight'" \
    -- --check "$tmp/cfg/one-layer.yaml"
expect check-all-used 0 '' '' -- --check tests/golden/gpt2.yaml

# The README's broken.yaml fails as the README says it does.
awk '/^```yaml$/ { on = 1; next } /^```$/ { on = 0 } on' README.md \
    >"$tmp/broken.yaml"
want=$(sed -n 's/^    attntui: broken.yaml/attntui: '"$(printf '%s' "$tmp" | sed 's/[\/&]/\\&/g')"'\/broken.yaml/p' README.md)
expect readme-broken 2 '' "$want" -- --check "$tmp/broken.yaml"
[ -n "$want" ] && ok readme-broken-found || fail readme-broken-found "no error line in README.md"

finish
