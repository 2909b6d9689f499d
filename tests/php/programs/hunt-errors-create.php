<?php
// socket_create / socket_create_pair argument validation and errno reporting.
function t(string $label, callable $f) {
    socket_clear_error();
    try {
        $r = $f();
        if (is_object($r)) $r = get_class($r);
        echo "$label: ", var_export($r, true), " last=", socket_last_error(), "\n";
        return $r;
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
$domains = [-1, 0, AF_UNIX, AF_INET, AF_INET6, 3, 4, 5, 16, 17, 99, PHP_INT_MAX, PHP_INT_MIN];
$types = [-1, 0, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET, 6, 10, 11, PHP_INT_MIN]; // SOCK_NONBLOCK/SOCK_CLOEXEC: accepted (docs/php-differences.md);
foreach ($domains as $d) t("create($d, STREAM, 0)", fn() => socket_create($d, SOCK_STREAM, 0));
foreach ($types as $ty) {
    if ($ty !== SOCK_RAW && $ty !== 10) t("create(INET, $ty, 0)", fn() => socket_create(AF_INET, $ty, 0)); // raw/packet: root-only
    t("create(UNIX, $ty, 0)", fn() => socket_create(AF_UNIX, $ty, 0));
}
foreach ([-1, 0, 1, 6, 17, 58, 132, 255, 256, 9999, PHP_INT_MAX] as $p) {
    t("create(INET, STREAM, $p)", fn() => socket_create(AF_INET, SOCK_STREAM, $p));
    t("create(INET, DGRAM, $p)", fn() => socket_create(AF_INET, SOCK_DGRAM, $p));
    t("create(INET6, DGRAM, $p)", fn() => socket_create(AF_INET6, SOCK_DGRAM, $p));
    t("create(UNIX, STREAM, $p)", fn() => socket_create(AF_UNIX, SOCK_STREAM, $p));
}
t("create(INET, STREAM, UDP)", fn() => socket_create(AF_INET, SOCK_STREAM, SOL_UDP));
t("create(INET, DGRAM, TCP)", fn() => socket_create(AF_INET, SOCK_DGRAM, SOL_TCP));
t("create(INET, SEQPACKET, 0)", fn() => socket_create(AF_INET, SOCK_SEQPACKET, 0));
t("create(INET6, SEQPACKET, 0)", fn() => socket_create(AF_INET6, SOCK_SEQPACKET, 0));
t("create(UNIX, SEQPACKET, 0)", fn() => socket_create(AF_UNIX, SOCK_SEQPACKET, 0));
t("create(UNIX, RDM, 0)", fn() => socket_create(AF_UNIX, SOCK_RDM, 0));
t("create(INET, RDM, 0)", fn() => socket_create(AF_INET, SOCK_RDM, 0));
// type juggling of the arguments
t("create('2', '1', '0')", fn() => socket_create('2', '1', '0'));
t("create(2.0, 1.0, 0.0)", fn() => socket_create(2.0, 1.0, 0.0));
t("create(2.5, 1, 0)", fn() => socket_create(2.5, 1, 0));
t("create('x', 1, 0)", fn() => socket_create('x', 1, 0));
t("create(null, 1, 0)", fn() => socket_create(null, 1, 0));
t("create(true, 1, 0)", fn() => socket_create(true, 1, 0));
t("create([], 1, 0)", fn() => socket_create([], 1, 0));
t("create(2, 1)", fn() => socket_create(2, 1));
t("create(2, 1, 0, 4)", fn() => socket_create(2, 1, 0, 4));
t("create()", fn() => socket_create());
t("create(domain: 2, type: 1, protocol: 0)", fn() => socket_create(domain: 2, type: 1, protocol: 0));
t("create(foo: 1)", fn() => socket_create(2, 1, 0, foo: 1));
t("create('1e0', 1, 0)", fn() => socket_create('1e0', 1, 0));
t("create(' 2', 1, 0)", fn() => socket_create(' 2', 1, 0));
t("create('2 ', 1, 0)", fn() => socket_create('2 ', 1, 0));
t("create(1e100, 1, 0)", fn() => socket_create(1e100, 1, 0));
t("create(NAN, 1, 0)", fn() => socket_create(NAN, 1, 0));
// pairs
foreach ($domains as $d) t("pair($d, STREAM, 0)", fn() => socket_create_pair($d, SOCK_STREAM, 0, $p));
foreach ($types as $ty) t("pair(UNIX, $ty, 0)", fn() => socket_create_pair(AF_UNIX, $ty, 0, $p));
foreach ([-1, 1, 6, 17] as $pr) t("pair(UNIX, STREAM, $pr)", fn() => socket_create_pair(AF_UNIX, SOCK_STREAM, $pr, $p));
t("pair(INET, DGRAM, 0)", fn() => socket_create_pair(AF_INET, SOCK_DGRAM, 0, $p));
t("pair(INET6, STREAM, 0)", fn() => socket_create_pair(AF_INET6, SOCK_STREAM, 0, $p));
$p = 'string';
t("pair into string", function () use (&$p) { $r = socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); return [$r, gettype($p), count($p)]; });
$p = 5;
t("pair failing keeps var", function () use (&$p) { $r = socket_create_pair(AF_INET, SOCK_STREAM, 0, $p); return [$r, $p]; });
class Typed { public int $x = 0; public ?array $arr = null; }
$o = new Typed;
t("pair into int prop", function () use ($o) { return socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $o->x); });
t("int prop after", fn() => $o->x);
t("pair into ?array prop", function () use ($o) { $r = socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $o->arr); return [$r, array_map('get_class', $o->arr), array_keys($o->arr)]; });
t("pair literal", fn() => socket_create_pair(AF_UNIX, SOCK_STREAM, 0));
