#!/bin/bash
# hostile.sh - what a hostile or unlucky input must not do: overwrite an
# input, hang, leave files behind, pass NaN on, or reach the terminal
# raw.  Fixtures come from tests/hostile/make_fixtures.py (bytes chosen
# by hand); expected statuses and texts are the ones attntui(1) states.
# Run by "make check" with ATTNTUI and SRCDIR set.
set -u

. "${SRCDIR:?set SRCDIR to the source root}/tests/lib.sh"
fix=$SRCDIR/tests/hostile

# run NAME STATUS [--] ARGS: attntui with a time limit (a hang is a
# failure, not a stuck suite); stdout and stderr in $tmp/out, $tmp/err.
run() {
	local name=$1 want=$2 status
	shift 2
	[ "${1:-}" = -- ] && shift
	timeout 20 "$ATTNTUI" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	if [ "$status" = "$want" ]; then
		ok "$name"
		return 0
	fi
	fail "$name" "exit status $status, expected $want" \
	    "stderr: $(head -c 300 "$tmp/err")"
	return 1
}

# stderr contains the fixed string s
err_has() {
	if grep -qF -- "$2" "$tmp/err"; then ok "$1"; else
		fail "$1" "stderr lacks: $2" "stderr: $(cat "$tmp/err")"; fi
}

# No byte a terminal acts on: ESC, C1 (as UTF-8 C2 80-9F), bidi U+202E.
raw_free() {
	if LC_ALL=C grep -qP '\x1b|\xc2[\x80-\x9f]|\xe2\x80\xae' "$tmp/err"; then
		fail "$1" "raw control bytes in stderr: $(od -c "$tmp/err" | head -3)"
	else
		ok "$1"
	fi
}

cd "$tmp" || exit 1
cp "$SRCDIR/samples/attention.yaml" model.yaml
cp "$fix/nan-f32.safetensors" "$fix/inf-f16.safetensors" .
sed 's/WEIGHTS/nan-f32.safetensors/' "$fix/weights.yaml" > nan.yaml
sed 's/WEIGHTS/inf-f16.safetensors/' "$fix/weights.yaml" > inf.yaml

# ---- 1. an export never replaces an input --------------------------------
cp model.yaml model.orig
run export-over-config 2 -- --export=model.yaml model.yaml &&
    err_has export-over-config-says "model.yaml: the same file as model.yaml, which this run reads"
cmp -s model.yaml model.orig && ok config-intact || fail config-intact "model.yaml changed"
cp "$SRCDIR/tests/golden/attention.yaml" g.yaml
cp "$SRCDIR/tests/golden/attention.safetensors" .
cp attention.safetensors w.orig
run export-over-weights 2 -- --export=attention.safetensors g.yaml
cmp -s attention.safetensors w.orig && ok weights-intact || fail weights-intact "weights changed"
mkdir -p sh
cp -r "$SRCDIR/tests/golden/llama-sharded" sh/
sed 's|^  file: .*|  file: llama-sharded/model.safetensors.index.json|' \
    "$SRCDIR/tests/golden/llama-sharded.yaml" > sh/model.yaml
run export-over-shard 2 -- --export=sh/llama-sharded/model-00002-of-00002.safetensors sh/model.yaml &&
    err_has export-over-shard-says "which this run reads"
ln -s attention.safetensors link.safetensors
run export-over-link-to-weights 2 -- --export=link.safetensors g.yaml

# What OUT may be: a FIFO or directory no, read-only no, a link yes.
mkfifo fifo.npy
run export-to-fifo 2 -- --export=fifo.npy model.yaml &&
    err_has export-to-fifo-says "fifo.npy: not a regular file"
mkdir dir.npy
run export-to-dir 2 -- --export=dir.npy model.yaml
echo keep > ro.npy; chmod 444 ro.npy
if [ "$(id -u)" != 0 ]; then
	run export-to-read-only 2 -- --export=ro.npy model.yaml
else
	echo "SKIP export-to-read-only: root may write anything"
fi
echo target > target.npy; ln -s target.npy out-link.npy
run export-through-link 0 -- --export=out-link.npy model.yaml
[ ! -L out-link.npy ] && [ "$(cat target.npy)" = target ] &&
    ok link-replaced-target-kept || fail link-replaced-target-kept "link or target changed wrongly"
long=$(printf 'a%.0s' $(seq 1 240)).npy	# 244 bytes: a legal name
run export-long-name 0 -- --export="$long" model.yaml
[ -s "$long" ] && ok long-name-written || fail long-name-written "no $long"

# ---- 2. no NaN passes ---------------------------------------------------
run nan-weights 2 -- --check nan.yaml &&
    err_has nan-weights-says "tensor 'k_proj.weight' holds a NaN or an infinity at element 5"
run inf-f16-weights 2 -- --check inf.yaml &&
    err_has inf-f16-weights-says "tensor 'o_proj.weight' holds a NaN or an infinity at element 7"
cat > huge-std.yaml <<'YAML'
model: {family: gpt2, vocab_size: 50, max_seq: 16, d_model: 16, n_layers: 2, n_heads: 2}
weights: {init: random, std: 1.0e+30}
input: {tokens: [1, 2, 3, 4]}
YAML
run huge-std-export 1 -- --export=h.npy huge-std.yaml &&
    err_has huge-std-says "layer 0, head 0: the attention scores are not finite"
[ ! -e h.npy ] && ok huge-std-no-file || fail huge-std-no-file "h.npy written"
cat > tiny-theta.yaml <<'YAML'
model: {family: llama, vocab_size: 50, max_seq: 16, d_model: 16, n_layers: 1, n_heads: 2, rope_theta: 1.0e-300}
input: {tokens: [1, 2, 3, 4]}
YAML
run tiny-rope-theta 1 -- --export=t.npy tiny-theta.yaml

# ---- 3. nothing hangs ----------------------------------------------------
mkfifo cfg-fifo.yaml tokens-fifo.txt w-fifo.safetensors
run fifo-config 2 -- --check cfg-fifo.yaml &&
    err_has fifo-config-says "cfg-fifo.yaml: not a regular file; expected a YAML config"
sed 's/WEIGHTS/w-fifo.safetensors/' "$fix/weights.yaml" > wfifo.yaml
run fifo-weights 2 -- --check wfifo.yaml
run fifo-tokens 2 -- --summary --tokens=tokens-fifo.txt "$SRCDIR/tests/attnfile/mha.npy"
# Hostile sizes: linear work, so seconds at most even on a busy machine
# (a quadratic shard count took 138 s; the time limit is run's 20 s).
awk 'BEGIN { printf "{\"weight_map\": {"; for (i = 0; i < 300000; i++)
    printf "%s\"t%06d\": \"s%06d.safetensors\"", i ? ", " : "", i, i;
    print "}}" }' > big.index.json
sed 's/WEIGHTS/big.index.json/' "$fix/weights.yaml" > big.yaml
run index-300k-shards 2 -- --check big.yaml
{ printf 'model: {family: gpt2, vocab_size: 50257, max_seq: 1024, d_model: 8, n_layers: 1, n_heads: 2}\n'
  printf 'input:\n  tokenizer: gpt2\n  vocab: %s\n  merges: %s\n  text: "' \
      "$SRCDIR/samples/gpt2-tokenizer/encoder.json" "$SRCDIR/samples/gpt2-tokenizer/vocab.bpe"
  head -c 1000000 /dev/zero | tr '\0' x; printf '"\n'; } > word.yaml
run megabyte-word 2 -- --summary word.yaml &&
    err_has megabyte-word-says "the input has more than max_seq 1024 tokens"
# 2^20 tokens: the store would keep Q and K, but a head alone is 4 TB.
cat > huge-attention.yaml <<'YAML'
model: {family: attention, max_seq: 1048576, d_model: 64, n_heads: 4}
input: {embeddings: random, seq_len: 1048576}
YAML
run memory-counts-attention 2 -- --check huge-attention.yaml &&
    err_has memory-counts-attention-says "a head 4.40 TB"

# ---- 4. signals leave no temporary behind --------------------------------
# 16 heads of 3000 x 3000: a 576 MB file, written for long enough to be
# caught in the act.
cat > long.yaml <<'YAML'
model: {family: attention, max_seq: 3000, d_model: 64, n_heads: 16}
input: {embeddings: random, seq_len: 3000}
YAML
for sig in TERM INT HUP; do
	rm -f .attntui-* sig.npy
	"$ATTNTUI" --export=sig.npy --threads=1 long.yaml >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 1 600); do	# until the temporary exists: 60 s
		ls .attntui-* >/dev/null 2>&1 && break
		sleep 0.1
	done
	kill -"$sig" "$pid"
	wait "$pid" 2>/dev/null
	status=$?
	if ls .attntui-* >/dev/null 2>&1; then
		fail "sig$sig-no-temporary" "left: $(ls .attntui-*)"
	elif [ ! -e sig.npy ] && [ "$status" -gt 128 ]; then
		ok "sig$sig-no-temporary"
	else
		fail "sig$sig-no-temporary" "status $status, sig.npy: $(ls sig.npy 2>&1)"
	fi
done

# ---- 7. no control sequence reaches the terminal -------------------------
run esc-tensor-dtype 2 -- --summary "$fix/esc-name.safetensors" &&
    raw_free esc-tensor-dtype-escaped
run esc-npy-descr 2 -- --summary "$fix/esc-descr.npy" &&
    raw_free esc-npy-descr-escaped
cp "$fix/esc-index.json" .
sed 's/WEIGHTS/esc-index.json/' "$fix/weights.yaml" > escidx.yaml
run esc-index-names 2 -- --check escidx.yaml && raw_free esc-index-names-escaped
cp model.yaml "$(printf 'evil\033[2J\xc2\x9b.yaml')"
run esc-config-path 2 -- --check "$(printf 'evil\033[2J\xc2\x9b.yaml')" --bogus-option
cp "$SRCDIR/tests/bad/bad-family.yaml" "$(printf 'bidi\xe2\x80\xae.yaml')"
run esc-path-in-place 2 -- --check "$(printf 'bidi\xe2\x80\xae.yaml')" &&
    raw_free esc-path-in-place-escaped
printf 'model: {family: "gpt2\xc2\x9b\xe2\x80\xae"}\n' > c1.yaml
run esc-c1-value 2 -- --check c1.yaml && raw_free esc-c1-value-escaped

# ---- 9. messages say what and where ---------------------------------------
mkdir labels.d
run tokens-directory 2 -- --summary --tokens=labels.d "$SRCDIR/tests/attnfile/mha.npy" &&
    err_has tokens-directory-says "labels.d: Is a directory; expected one token label per line"
printf 'model: {family: gpt2, vocab_size: 50, max_seq: 16, d_model: 16, n_layers: 1, n_heads: 2}\ninput:\n  text: "hi"\n  tokenizer: gpt2\n  vocab: .\n  merges: m.bpe\n' > vocab-dot.yaml
run vocab-dot 2 -- --tokenize vocab-dot.yaml &&
    err_has vocab-dot-says "vocab-dot.yaml:5:10: input.vocab "
run layer-ten-digits 2 -- --summary "$fix/layer-digits.safetensors" &&
    err_has layer-ten-digits-says "a layer number of at most 9 digits"
run npy-long-key 2 -- --summary "$fix/long-key.npy" &&
    err_has npy-long-key-says "header dict has a string longer than 31 bytes"
{ printf 'model:\n  '; head -c 100000 /dev/zero | tr '\0' k; printf ': 1\n'; } > long-key.yaml
run yaml-long-key 2 -- --check long-key.yaml &&
    err_has yaml-long-key-says "a key is at most 1024 characters long"

# ---- full disks say why ----------------------------------------------
if [ -w /dev/full ]; then
	"$ATTNTUI" --help >/dev/full 2>"$tmp/err"
	[ $? = 1 ] && ok help-full-disk || fail help-full-disk "exit $?"
	timeout 20 "$ATTNTUI" --dump --width=200 --height=60 model.yaml \
	    >/dev/full 2>"$tmp/err"
	[ $? = 1 ] && ok dump-full-disk || fail dump-full-disk "exit $?"
	err_has dump-full-disk-says "writing to standard output: No space left on device"
	timeout 20 "$ATTNTUI" --stats model.yaml >/dev/full 2>"$tmp/err"
	[ $? = 1 ] && ok stats-full-disk || fail stats-full-disk "exit $?"
	err_has stats-full-disk-says "writing to standard output: No space left on device"
else
	echo "SKIP full-disk: no writable /dev/full"
fi

finish
