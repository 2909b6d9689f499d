<?php
// An IPv6 literal given to an AF_INET socket (a common slip): glibc's gethostbyname refuses
// it without a lookup, so PHP says "Host lookup failed [-10000]" (no policy is asked).
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($s, '::1', 80));
echo socket_last_error($s), " ", socket_strerror(socket_last_error($s)), "\n";
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_sendto($u, "x", 1, 0, '::1', 9));
echo socket_last_error($u), "\n";
var_dump(socket_bind($u, '::1', 0));
echo socket_last_error($u), "\n";
