#!/bin/sh
# php-src's ext/sockets tests (target/php/php-8.2.32/ext/sockets/tests/*.phpt) run by native
# php-cli's run-tests.php, once with native php and once with php.wasm under sockbox
# (php/tests/php-wasm), each on its own copy of the tests. Prints both summaries.
#   php/tests/phpt.sh [--check] [WORKDIR]   (default WORKDIR: a fresh temporary directory)
#   --check: fail if a test listed in php/tests/phpt-passing.txt (those php.wasm passes) does
#       not pass now (the list is rewritten as $WORKDIR/wasm/passing.txt each run), or if one
#       that passes natively fails under php.wasm without a reason in php/tests/phpt-reasons.txt
#       (php/tests/phpt_table.py, which also regenerates docs/phpt.md's table).
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CHECK=0
if [ "${1:-}" = --check ]; then CHECK=1; shift; fi
# SOCKBOX_PHPT_SUITE: another directory of php-src's tests to run the same way (tests/lang,
# ext/standard/tests/network); only ext/sockets/tests is checked.
SUITE="${SOCKBOX_PHPT_SUITE:-ext/sockets/tests}"
TESTS="$ROOT/target/php/php-8.2.32/$SUITE"
if [ "$CHECK" = 1 ] && [ "$SUITE" != ext/sockets/tests ]; then
    echo "phpt.sh: --check is for ext/sockets/tests only" >&2
    exit 2
fi
RUN_TESTS="$ROOT/target/php/php-8.2.32/run-tests.php"
WORK="${1:-$(mktemp -d /tmp/sockbox-phpt.XXXXXX)}"
for side in native wasm; do
    rm -rf "$WORK/$side"
    mkdir -p "$WORK/$side"
    cp -r "$TESTS" "$WORK/$side/tests"
done
echo "== native php-cli ($(php -r 'echo PHP_VERSION;'))"
(cd "$WORK/native" && TEST_PHP_EXECUTABLE=/usr/bin/php php "$RUN_TESTS" -q --no-color \
    -p /usr/bin/php -w "$WORK/native/failed.txt" tests >"$WORK/native/out.txt" 2>&1) || true
grep -E '^(Number of tests|Tests (skipped|borked|warned|failed|passed))' "$WORK/native/out.txt"
echo "== php.wasm under sockbox"
(cd "$WORK/wasm" && SOCKBOX_PHPT_DIR="$WORK/wasm" TEST_PHP_EXECUTABLE="$ROOT/php/tests/php-wasm" \
    php "$RUN_TESTS" -q --no-color -p "$ROOT/php/tests/php-wasm" -w "$WORK/wasm/failed.txt" \
    tests >"$WORK/wasm/out.txt" 2>&1) || true
grep -E '^(Number of tests|Tests (skipped|borked|warned|failed|passed))' "$WORK/wasm/out.txt"
echo "== results per test: $WORK/{native,wasm}/out.txt; diffs: $WORK/wasm/tests/*.diff"
# The tests php.wasm passed, as run-tests.php names them ("PASS title [tests/NAME.phpt]",
# after a "TEST n/N" progress line ended by a carriage return).
tr '\r' '\n' <"$WORK/wasm/out.txt" | sed -n 's/^PASS .*\[\(tests\/[^]]*\.phpt\)\] *$/\1/p' | LC_ALL=C sort \
    >"$WORK/wasm/passing.txt"
if [ "$CHECK" = 1 ]; then
    lost="$(LC_ALL=C comm -23 "$ROOT/php/tests/phpt-passing.txt" "$WORK/wasm/passing.txt")"
    if [ -n "$lost" ]; then
        echo "phpt: these passed before and do not now:"
        echo "$lost"
        exit 1
    fi
    echo "phpt: all $(wc -l <"$ROOT/php/tests/phpt-passing.txt") tests that passed before pass"
    python3 "$ROOT/php/tests/phpt_table.py" "$WORK" >"$WORK/table.md"
    echo "phpt: every test that passes natively passes under php.wasm or has its reason"
fi
