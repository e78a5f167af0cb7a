#!/bin/bash
# stats.sh - --stats, --probe and --against end to end.  Every score is
# recomputed by tests/stats_check.py with numpy, from spec/stats.md, on
# the attention --export writes for the same input: a trained model on a
# text with repeated tokens, the same on the induction probe, a
# sliding-window model, a BERT-shaped model (no mask), value-weighted
# attention and attention files labelled by a --tokens file.  Needs
# numpy: without it the test is skipped, except under CI (CI set), where
# that is a failure.
set -u

. "${SRCDIR:?set SRCDIR to the source root}/tests/lib.sh"

. "$SRCDIR/tests/numpy.sh"

cd "$SRCDIR" || exit 1
check="$python tests/stats_check.py"

# scores NAME CONFIG [OPTION...]: export, stats and tokens of one input,
# checked by numpy.
scores() {
	local name=$1 cfg=$2
	shift 2
	if ! "$ATTNTUI" --export="$tmp/$name.npy" "$@" "$cfg" 2>"$tmp/err" ||
	    ! "$ATTNTUI" --stats "$@" "$cfg" >"$tmp/$name.tsv" 2>>"$tmp/err" ||
	    ! "$ATTNTUI" --tokenize "$@" "$cfg" >"$tmp/$name.tok" 2>>"$tmp/err"
	then
		fail "$name" "attntui failed: $(cat "$tmp/err")"
		return
	fi
	if $check "$tmp/$name.npy" "$tmp/$name.tsv" "$tmp/$name.tok" \
	    >"$tmp/out" 2>&1; then ok "$name"
	else fail "$name" "$(head -5 "$tmp/out")"; fi
}

scores tiny-bytes samples/tiny-bytes.yaml
scores tiny-bytes-probe samples/tiny-bytes.yaml --probe=repeat:40 --seed=7
scores gpt2-sliding tests/golden/gpt2-sliding.yaml
scores bert-nomask tests/golden/bert.yaml
scores bert-repeats tests/golden/bert.yaml --text="a b a b c a b a b c"
# Value-weighted heads are made on demand: scored after a copy.
scores tiny-bytes-weighted samples/tiny-bytes.yaml --value-weighted

# The induction and duplicate scores must have something to average over
# in these inputs, or the cases above test little.
if awk -F'\t' 'NR > 1 && ($9 == "-" || $10 == "-") { bad = 1 }
    END { exit bad }' "$tmp/tiny-bytes.tsv" "$tmp/bert-repeats.tsv"
then ok repeats-scored
else fail repeats-scored "induction or duplicate is '-' on repeated tokens"; fi

# An attention file: labels from a --tokens file (repeated), no ids.
"$ATTNTUI" --export="$tmp/file.safetensors" samples/tiny-bytes.yaml
sed -n 's/^[0-9]*\t//p' "$tmp/tiny-bytes.tok" >"$tmp/labels.txt"
if "$ATTNTUI" --stats --tokens="$tmp/labels.txt" "$tmp/tiny-bytes.npy" \
    >"$tmp/npy.tsv" 2>"$tmp/err" &&
    $check "$tmp/tiny-bytes.npy" "$tmp/npy.tsv" "$tmp/labels.txt" >"$tmp/out"
then ok attention-file-labels
else fail attention-file-labels "$(cat "$tmp/err" "$tmp/out" | head -5)"; fi
# Its metadata's labels, the same tokens.
if "$ATTNTUI" --stats "$tmp/file.safetensors" >"$tmp/st.tsv" 2>"$tmp/err" &&
    $check "$tmp/tiny-bytes.npy" "$tmp/st.tsv" "$tmp/labels.txt" >"$tmp/out"
then ok attention-file-metadata
else fail attention-file-metadata "$(cat "$tmp/err" "$tmp/out" | head -5)"; fi
# Without labels positions are all distinct: nothing repeats.
if "$ATTNTUI" --stats "$tmp/tiny-bytes.npy" >"$tmp/pos.tsv" 2>"$tmp/err" &&
    $check "$tmp/tiny-bytes.npy" "$tmp/pos.tsv" - >"$tmp/out"
then ok attention-file-positions
else fail attention-file-positions "$(cat "$tmp/err" "$tmp/out" | head -5)"; fi

# --export-norms: layers.N.value_norms [heads, T] beside the attention;
# numpy weights the exported probabilities by them (A_ij n_j over the
# row's sum) and must find what --value-weighted exports.
"$ATTNTUI" --export="$tmp/norms.safetensors" --export-norms samples/tiny-bytes.yaml
"$ATTNTUI" --export="$tmp/weighted.npy" --value-weighted samples/tiny-bytes.yaml
if $python - "$tmp/norms.safetensors" "$tmp/weighted.npy" <<'PY'
import json, struct, sys
import numpy as np
buf = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", buf[:8])[0]
hdr = json.loads(buf[8:8 + n])
def tensor(name):
    t = hdr[name]
    assert t["dtype"] == "F32", t
    b, e = t["data_offsets"]
    return np.frombuffer(buf[8 + n + b:8 + n + e], "<f4").reshape(t["shape"]).astype(np.float64)
W = np.load(sys.argv[2]).astype(np.float64)
L, H, T = W.shape[0], W.shape[1], W.shape[2]
for l in range(L):
    A, N = tensor("layers.%d.attention" % l), tensor("layers.%d.value_norms" % l)
    assert N.shape == (H, T) and (N > 0).all(), N.shape
    V = A * N[:, None, :]
    V /= V.sum(-1, keepdims=True)
    assert np.abs(V - W[l]).max() < 1e-6, np.abs(V - W[l]).max()
PY
then ok export-norms-weighting
else fail export-norms-weighting "numpy's weighting differs"; fi
expect_status() {
	local name=$1 want=$2 msg=$3
	shift 3
	"$ATTNTUI" "$@" >"$tmp/o" 2>"$tmp/err"
	local status=$?
	if [ "$status" = "$want" ] && [ "$(cat "$tmp/err")" = "$msg" ]
	then ok "$name"
	else fail "$name" "status $status: $(cat "$tmp/err")" "expected: $msg"; fi
}
expect_status export-norms-npy 2 \
    "attntui: --export=$tmp/n.npy: value norms go into a .safetensors file, expected a name ending in .safetensors" \
    --export="$tmp/n.npy" --export-norms samples/tiny-bytes.yaml
expect_status export-norms-alone 2 "attntui: --export-norms goes with --export" \
    --stats --export-norms samples/tiny-bytes.yaml
expect_status sort-unknown 2 \
    "attntui: --sort: expected entropy, max, sink, prev, self, distance, induction, duplicate or diff, found 'sinks'" \
    --stats --sort=sinks samples/tiny-bytes.yaml
expect_status sort-diff-alone 2 "attntui: --sort=diff needs --against or --against-text" \
    --stats --sort=diff samples/tiny-bytes.yaml
expect_status probe-bad 2 \
    "attntui: --probe: expected repeat:N, N a whole number from 1 to 1073741824, found 'repeat:0'" \
    --stats --probe=repeat:0 samples/tiny-bytes.yaml
expect_status probe-too-long 2 \
    "attntui: --probe=repeat:300 is 601 tokens, more than max_seq 512" \
    --stats --probe=repeat:300 samples/tiny-bytes.yaml
expect_status against-export 2 \
    "attntui: --against and --against-text compare views or scores: they go with the explorer (on a terminal), --dump, --image or --stats" \
    --export="$tmp/x.npy" --against-text=x samples/tiny-bytes.yaml
expect_status against-rollout 2 \
    "attntui: --head: no rollout of a difference (--against); expected a head number, mean or max" \
    --dump -H rollout --against=samples/tiny-bytes.yaml samples/tiny-bytes.yaml

# --sort: the column in non-increasing order, every head once.
"$ATTNTUI" --stats --sort=induction samples/tiny-bytes.yaml >"$tmp/sorted"
if [ "$(sed 1d "$tmp/sorted" | cut -f9 | sort -g -r)" = \
    "$(sed 1d "$tmp/sorted" | cut -f9)" ] &&
    [ "$(sed 1d "$tmp/sorted" | cut -f1,2 | sort)" = \
    "$(sed 1d "$tmp/tiny-bytes.tsv" | cut -f1,2 | sort)" ]
then ok sort-induction
else fail sort-induction "$(head -4 "$tmp/sorted")"; fi

# --format=json: the same numbers as the TSV, null for "-".
"$ATTNTUI" --stats --format=json tests/golden/gpt2-sliding.yaml >"$tmp/j"
if $python - "$tmp/j" "$tmp/gpt2-sliding.tsv" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().split("\n")[:-1]
cols = lines[0].split("\t")
assert len(rows) == len(lines) - 1
for r, line in zip(rows, lines[1:]):
    assert list(r) == cols, list(r)
    for c, v in zip(cols, line.split("\t")):
        assert (r[c] is None) == (v == "-"), (c, r[c], v)
        assert r[c] is None or abs(r[c] - float(v)) <= 1e-12 * abs(r[c]), (c, r[c], v)
PY
then ok json
else fail json "$(head -c 300 "$tmp/j")"; fi

# The probe: the same ids for a seed, other ids for another; N ids then
# the same N again.
"$ATTNTUI" --tokenize --probe=repeat:16 --seed=5 samples/gpt2-small.yaml >"$tmp/p1"
"$ATTNTUI" --tokenize --probe=repeat:16 --seed=5 samples/gpt2-small.yaml >"$tmp/p2"
"$ATTNTUI" --tokenize --probe=repeat:16 --seed=6 samples/gpt2-small.yaml >"$tmp/p3"
if cmp -s "$tmp/p1" "$tmp/p2" && ! cmp -s "$tmp/p1" "$tmp/p3" &&
    [ "$(wc -l <"$tmp/p1")" = 32 ] &&
    [ "$(head -16 "$tmp/p1")" = "$(tail -16 "$tmp/p1")" ] &&
    ! grep -q '<|endoftext|>' "$tmp/p1"
then ok probe-deterministic
else fail probe-deterministic "$(head -3 "$tmp/p1")"; fi
# The sample's tokenizer adds input.bos (256): it comes first, once.
"$ATTNTUI" --tokenize --probe=repeat:4 samples/tiny-bytes.yaml >"$tmp/pb"
if [ "$(head -1 "$tmp/pb")" = "$(printf '256\t<bos>')" ] &&
    [ "$(wc -l <"$tmp/pb")" = 9 ] && [ "$(grep -c '^256	' "$tmp/pb")" = 1 ] &&
    [ "$(sed -n 2,5p "$tmp/pb")" = "$(sed -n 6,9p "$tmp/pb")" ] &&
    [ -z "$(sed 1d "$tmp/pb" | cut -f1 | awk '$1 < 32 || $1 > 126')" ]
then ok probe-bos
else fail probe-bos "$(cat "$tmp/pb")"; fi

# --against: a model against itself differs by 0 in every head; another
# prompt of as many tokens by what numpy finds; other lengths exit 2.
"$ATTNTUI" --stats --against=samples/tiny-bytes.yaml samples/tiny-bytes.yaml >"$tmp/self"
if [ "$(sed 1d "$tmp/self" | cut -f11 | sort -u)" = 0 ] &&
    [ "$(head -1 "$tmp/self" | cut -f11)" = diff ]
then ok against-self-zero
else fail against-self-zero "$(head -3 "$tmp/self")"; fi
text=$(sed -n 's/^  text: "\(.*\)"$/\1/p' samples/tiny-bytes.yaml)
other=${text//fox/cat}
"$ATTNTUI" --export="$tmp/other.npy" --text="$other" samples/tiny-bytes.yaml
if "$ATTNTUI" --stats --against-text="$other" samples/tiny-bytes.yaml \
    >"$tmp/d.tsv" 2>"$tmp/err" &&
    $check --against="$tmp/other.npy" "$tmp/tiny-bytes.npy" "$tmp/d.tsv" \
    "$tmp/tiny-bytes.tok" >"$tmp/out" &&
    [ -n "$(sed 1d "$tmp/d.tsv" | cut -f11 | grep -v '^0$')" ]
then ok against-text
else fail against-text "$(cat "$tmp/err" "$tmp/out" | head -5)"; fi
"$ATTNTUI" --stats --against-text="short" samples/tiny-bytes.yaml >"$tmp/o" 2>"$tmp/err"
status=$?
if [ "$status" = 2 ] && [ ! -s "$tmp/o" ] && [ "$(cat "$tmp/err")" = \
    "attntui: --against: this input has $(wc -l <"$tmp/tiny-bytes.tok") tokens and --against-text has 6; both sides must have the same number" ]
then ok against-counts
else fail against-counts "status $status: $(cat "$tmp/err")"; fi

finish
