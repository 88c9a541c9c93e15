#!/bin/sh
# The CLI tests with every program run under valgrind's memcheck: any
# error or leak (definite or indirect) fails the program with status 99,
# so the test fails, and its report stays in build/valgrind/logs.
# Usage: test/valgrind.sh BINDIR
real=$(cd "${1:?usage: test/valgrind.sh BINDIR}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/build/valgrind
rm -rf "$dir" && mkdir -p "$dir/bin" "$dir/logs"
for p in "$real"/*; do
	name=$(basename "$p")
	cat >"$dir/bin/$name" <<WRAP
#!/bin/sh
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \\
    --show-leak-kinds=definite,indirect --error-exitcode=99 \\
    --log-file="$dir/logs/$name.%p.log" "$p" "\$@"
WRAP
	chmod +x "$dir/bin/$name"
done
# a file size limit kills valgrind itself first: that test cannot run here
SKIP='killed while writing the state*' bash "$top/test/cli/run.sh" "$dir/bin"
status=$?
for log in "$dir"/logs/*.log; do
	[ -s "$log" ] || { rm -f "$log"; continue; }
	echo "valgrind: $log"; sed 's/^/  /' "$log" | head -30
	status=1
done
exit $status
