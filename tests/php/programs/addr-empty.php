<?php
// An empty address (or null, deprecated) for connect, bind and sendto on IPv4 and IPv6: glibc
// fails the name without a lookup (NO_RECOVERY), so PHP says "Host lookup failed [-10003]".
foreach ([AF_INET, AF_INET6] as $f) {
    foreach (['', null] as $a) {
        foreach (['connect', 'bind', 'sendto'] as $op) {
            $s = socket_create($f, $op === 'sendto' ? SOCK_DGRAM : SOCK_STREAM, 0);
            socket_clear_error();
            $r = match ($op) {
                'connect' => socket_connect($s, $a, 9),
                'bind' => socket_bind($s, $a, 0),
                'sendto' => socket_sendto($s, 'x', 1, 0, $a, 9),
            };
            echo $f == AF_INET ? 'v4' : 'v6', ' ', var_export($a, true), " $op: ", var_export($r, true), ' ', socket_last_error($s), ' ', socket_last_error(), "\n";
            socket_close($s);
        }
    }
}
