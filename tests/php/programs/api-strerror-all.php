<?php
// socket_strerror() for every code from -200 to 300: glibc's texts.
for ($i = -200; $i <= 300; $i++) echo $i, ": ", socket_strerror($i), "\n";
foreach ([-10000, -10001, -10002, -10003, -10004, -10005, -10006, -9999, -11000, -11001, -11002, -11003, -11004, -11005,
          1000, 4095, 4096, 65535, 65536, 100000, 2147483647, -2147483648, 2147483648, -2147483649, 4294967295, 4294967296, 4294967297,
          PHP_INT_MAX, PHP_INT_MIN, PHP_INT_MIN + 1, -1000, -3000, -3001] as $i) {
    try { echo $i, ": ", socket_strerror($i), "\n"; } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
}
for ($i = -20; $i <= 20; $i++) echo "h", $i, ": ", socket_strerror(-10000 + $i), "\n";
var_dump(socket_strerror("11"), socket_strerror(11.0), socket_strerror(true));
foreach (["11abc", "abc", 11.5, null, [], 1e20, NAN, INF, "0x10", " 12", "12 ", "1e3"] as $v) {
    try { var_dump(socket_strerror($v)); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
}
