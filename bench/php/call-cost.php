<?php
// The call-cost guest (bench/call-cost) in PHP: nanoseconds per iteration of a call that makes
// no syscall, and of a 1-byte socket_write + socket_read on a socket pair.
// usage: php call-cost.php [ITERATIONS]

$n = max(1, (int)($argv[1] ?? 100000));

// hrtime(true) is a float on 32-bit PHP (php.wasm): divide as floats, print whole ns.
function per_iteration(int|float $start, int $n): string
{
    return sprintf('%.0f', (hrtime(true) - $start) / $n);
}

$start = hrtime(true);
for ($i = 0; $i < $n; $i++) {
    socket_last_error();
}
echo 'trivial ', per_iteration($start, $n), "\n";

socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair) or die("socket_create_pair() failed\n");
[$a, $b] = $pair;
$start = hrtime(true);
for ($i = 0; $i < $n; $i++) {
    socket_write($a, 'x');
    socket_read($b, 1, PHP_BINARY_READ);
}
echo 'pair ', per_iteration($start, $n), "\n";
