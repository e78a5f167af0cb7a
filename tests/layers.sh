#!/bin/sh
# The house rule: folders are the floors of the data flow, and a file
# includes headers of its own floor or of floors below it, never above.
# Modules (x.c with x.h) include each other without a circle, and curses
# is included by the tui floor alone.
#
# The floor order, written once, from the bottom:
floors="base io model compute attn view tui main"

cd "${SRCDIR:-.}" || exit 99

rank() {
	i=0
	for f in $floors; do
		[ "$f" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo -1
}

# The floor of a source or header path, from its folder.
floor_of() {
	case $1 in
	src/main.c)		echo main ;;
	src/*/*)		p=${1#src/}; echo "${p%%/*}" ;;
	include/attntui/*/*)	p=${1#include/attntui/}; echo "${p%%/*}" ;;
	*)			echo "?" ;;
	esac
}

status=0
edges=$(mktemp) || exit 99
trap 'rm -f "$edges"' EXIT

for file in $(find src include -name '*.[ch]' | sort); do
	own=$(floor_of "$file")
	own_rank=$(rank "$own")
	if [ "$own_rank" -lt 0 ]; then
		echo "$file: in no floor (floors: $floors)"
		status=1
		continue
	fi
	module=$(basename "$file"); module=${module%.[ch]}
	grep -n '^#include' "$file" | while IFS= read -r line; do
		n=${line%%:*}
		inc=$(printf '%s\n' "$line" | sed -n 's/.*#include *[<"]\([^>"]*\)[>"].*/\1/p')
		case $inc in
		attntui/*/*.h)
			target=${inc#attntui/}; target=${target%%/*}
			target_rank=$(rank "$target")
			if [ "$target_rank" -lt 0 ]; then
				echo "$file:$n: includes $inc, in no floor"
				echo fail
			elif [ "$target_rank" -gt "$own_rank" ]; then
				echo "$file:$n: floor $own includes $inc from floor $target above it"
				echo fail
			fi
			dep=$(basename "$inc" .h)
			[ "$dep" = "$module" ] || echo "edge $module $dep"
			;;
		attntui/*)
			echo "$file:$n: includes $inc, outside every floor"
			echo fail ;;
		curses.h|ncurses.h|ncursesw/*|term.h)
			if [ "$own" != tui ]; then
				echo "$file:$n: includes $inc; only the tui floor uses curses"
				echo fail
			fi ;;
		esac
	done
done > "$edges.out" 2>&1
grep -v -e '^edge ' -e '^fail$' "$edges.out"
grep -q '^fail$' "$edges.out" && status=1
sed -n 's/^edge //p' "$edges.out" > "$edges"
rm -f "$edges.out"

# tsort names every module on a circle and says "input contains a loop".
if ! tsort "$edges" > /dev/null 2> "$edges.err"; then
	echo "modules include each other in a circle:"
	cat "$edges.err"
	status=1
fi
rm -f "$edges.err"

[ $status -eq 0 ] && echo "floors in order: $floors"
exit $status
