<?php
// socket_addrinfo_* argument checks and AddressInfo object behaviour (literals and localhost only).
function t(string $label, callable $f) {
    socket_clear_error();
    try {
        $r = $f();
        if (is_object($r)) $r = get_class($r);
        echo "$label: ", str_replace("\n", ' ', var_export($r, true)), " last=", socket_last_error(), "\n";
        return $r;
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
function ex($r) { return is_array($r) ? array_map(fn($a) => socket_addrinfo_explain($a), $r) : $r; }
$hints = [
    'none' => [], 'stream' => ['ai_socktype' => SOCK_STREAM], 'dgram inet' => ['ai_socktype' => SOCK_DGRAM, 'ai_family' => AF_INET],
    'inet6' => ['ai_family' => AF_INET6], 'proto tcp' => ['ai_protocol' => SOL_TCP], 'proto udp stream' => ['ai_protocol' => SOL_UDP, 'ai_socktype' => SOCK_STREAM],
    'numerichost' => ['ai_flags' => AI_NUMERICHOST], 'passive' => ['ai_flags' => AI_PASSIVE, 'ai_socktype' => SOCK_STREAM],
    'canonname' => ['ai_flags' => AI_CANONNAME, 'ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM],
    'numericserv' => ['ai_flags' => AI_NUMERICSERV, 'ai_socktype' => SOCK_STREAM], 'v4mapped' => ['ai_flags' => AI_V4MAPPED, 'ai_family' => AF_INET6, 'ai_socktype' => SOCK_STREAM],
    'unknown key' => ['foo' => 1, 'ai_socktype' => SOCK_STREAM], 'string values' => ['ai_socktype' => '1', 'ai_family' => '2'],
    'numeric keys' => [1, 2, 3], // AF_UNIX family: PHP 8.5's ValueError (docs)
    'raw' => ['ai_socktype' => SOCK_RAW, 'ai_family' => AF_INET],
    'seqpacket' => ['ai_socktype' => SOCK_SEQPACKET, 'ai_family' => AF_INET],
];
foreach (['127.0.0.1', '::1', '127.1', 'localhost'] as $host) {
    foreach ([null, '80', 'http', '0', '65536', '-1', 'nosuchservice', ''] as $svc) {
        foreach ($hints as $hl => $h) {
            if ($host === 'localhost' && !isset($h['ai_family'])) $h['ai_family'] = AF_INET; // /etc/hosts varies for ::1
            if ($host === 'localhost' && $h['ai_family'] === AF_INET6) continue;
            t("lookup $host " . var_export($svc, true) . " $hl", fn() => ex(socket_addrinfo_lookup($host, $svc, $h)));
        }
    }
}
t('lookup host ""', fn() => ex(socket_addrinfo_lookup('', '80', ['ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM])));
t('lookup passive ""', fn() => ex(socket_addrinfo_lookup('', '80', ['ai_flags' => AI_PASSIVE, 'ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM])));
t('lookup no args', fn() => socket_addrinfo_lookup());
t('lookup hints not array', fn() => socket_addrinfo_lookup('127.0.0.1', null, 5));
t('lookup service int', fn() => ex(socket_addrinfo_lookup('127.0.0.1', 80, ['ai_socktype' => SOCK_STREAM])));
$r = socket_addrinfo_lookup('127.0.0.1', '7', ['ai_socktype' => SOCK_STREAM, 'ai_family' => AF_INET]);
$ai = $r[0];
t('class', fn() => get_class($ai));
t('var_dump', function () use ($ai) { ob_start(); var_dump($ai); return ob_get_clean(); });
t('print_r', fn() => print_r($ai, true));
t('(array)', fn() => (array)$ai);
t('serialize', fn() => serialize($ai));
t('clone', fn() => clone $ai);
t('new', fn() => new AddressInfo());
t('json', fn() => json_encode($ai));
t('==', fn() => $ai == $r[0]);
t('== other', fn() => $ai == socket_addrinfo_lookup('127.0.0.1', '7', ['ai_socktype' => SOCK_STREAM, 'ai_family' => AF_INET])[0]);
t('final', fn() => (new ReflectionClass('AddressInfo'))->isFinal());
t('dyn prop', function () use ($ai) { $ai->x = 1; return $ai->x; });
t('explain', fn() => socket_addrinfo_explain($ai));
t('explain socket', fn() => socket_addrinfo_explain(socket_create(AF_INET, SOCK_STREAM, 0)));
t('bind null', fn() => socket_addrinfo_bind(null));
t('connect refused', fn() => socket_addrinfo_connect($ai));
$b = socket_addrinfo_lookup('127.0.0.1', '0', ['ai_socktype' => SOCK_DGRAM, 'ai_family' => AF_INET]);
$bs = t('bind dgram', fn() => socket_addrinfo_bind($b[0]));
$s = socket_addrinfo_bind($b[0]);
t('bound name', function () use ($s) { socket_getsockname($s, $a, $p); return [$a, $p > 0]; });
t('blocking after bind', fn() => socket_set_nonblock($s));
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l, 5); socket_getsockname($l, $la, $lp);
$c = socket_addrinfo_lookup('127.0.0.1', (string)$lp, ['ai_socktype' => SOCK_STREAM, 'ai_family' => AF_INET]);
t('bind in use', fn() => socket_addrinfo_bind($c[0]));
$cs = socket_addrinfo_connect($c[0]);
t('connect ok', fn() => $cs instanceof Socket);
t('connected peer', function () use ($cs, $lp) { socket_getpeername($cs, $a, $p); return [$a, $p === $lp]; });
$v6 = socket_addrinfo_lookup('::1', '0', ['ai_socktype' => SOCK_DGRAM, 'ai_family' => AF_INET6]);
t('explain v6', fn() => socket_addrinfo_explain($v6[0]));
$raw = socket_addrinfo_lookup('127.0.0.1', null, ['ai_family' => AF_INET]);
t('explain no service', fn() => array_map('socket_addrinfo_explain', $raw));
t('gc', function () { $x = socket_addrinfo_lookup('127.0.0.1', '1'); unset($x); return gc_collect_cycles() >= 0; });
