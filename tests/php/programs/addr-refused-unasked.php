<?php
// Names glibc refuses without a lookup (spaces, brackets, an IPv6 number on an AF_INET socket,
// a bad digits-and-dots name, an empty name): PHP reports -10000 - h_errno, and h_errno is what
// the last refusal left — gethostbyname (AF_INET) keeps it, an empty name sets NO_RECOVERY (3),
// getaddrinfo (AF_INET6) sets HOST_NOT_FOUND (1). No name here reaches a resolver.
$cases = [[AF_INET, 'a b'], [AF_INET, '::1'], [AF_INET, ''], [AF_INET, 'a b'], [AF_INET, '::1'],
    [AF_INET, '1.2.3.4.5'], [AF_INET, '[x]'], [AF_INET6, 'a b'], [AF_INET6, '[::1]'], [AF_INET6, ''],
    [AF_INET6, 'a b'], [AF_INET6, '::1%lo'], [AF_INET, '127.0.0.1:80'], [AF_INET, ' 127.0.0.1'],
    [AF_INET, '256.1.1.1']];
foreach ($cases as $i => [$f, $a]) {
    $s = socket_create($f, $i % 3 == 2 ? SOCK_DGRAM : SOCK_STREAM, 0);
    $r = match ($i % 3) {
        0 => @socket_bind($s, $a, 0),
        1 => @socket_connect($s, $a, 9),
        2 => @socket_sendto($s, 'x', 1, 0, $a, 9),
    };
    echo $f == AF_INET ? 'v4 ' : 'v6 ', json_encode($a), ' ', var_export($r, true), ' ', socket_last_error($s), ' ', socket_last_error(), "\n";
}
