# numpy.sh - sourced by the tests that check attntui against numpy: sets
# python to an interpreter that has numpy, or skips the test (77)
# without one, except under CI (CI set), where that is a failure.

python=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import numpy' 2>/dev/null; then python=$p; break; fi
done
if [ -z "$python" ]; then
	echo "numpy not found (apt-get install python3-numpy)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
fi
