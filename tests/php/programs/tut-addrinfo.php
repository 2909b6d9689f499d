<?php
// socket_addrinfo_lookup / connect / bind for 'localhost', '127.0.0.1', '::1'.
function show($ai) {
    $e = socket_addrinfo_explain($ai);
    ksort($e);
    $ad = $e['ai_addr'];
    unset($e['ai_addr']);
    $port = $ad['sin_port'] ?? $ad['sin6_port'] ?? null;
    unset($ad['sin_port'], $ad['sin6_port']);
    return json_encode($e) . " addr " . json_encode($ad) . " port " . ($port === null ? 'none' : $port);
}
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l); socket_getsockname($l, $x, $port);
$l6 = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
socket_bind($l6, '::1', $port) or socket_bind($l6, '::1', 0); socket_listen($l6);

foreach ([['127.0.0.1', []], ['::1', []], ['localhost', ['ai_family' => AF_INET]],
          ['127.0.0.1', ['ai_socktype' => SOCK_STREAM]], ['::1', ['ai_socktype' => SOCK_DGRAM, 'ai_protocol' => SOL_UDP]],
          ['127.0.0.1', ['ai_flags' => AI_NUMERICHOST, 'ai_socktype' => SOCK_STREAM]],
          ['localhost', ['ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM, 'ai_flags' => AI_CANONNAME]],
          ['127.1', ['ai_socktype' => SOCK_STREAM]],
          ['0x7f.1', ['ai_socktype' => SOCK_STREAM]],
          ['::ffff:127.0.0.1', ['ai_socktype' => SOCK_STREAM]],
         ] as [$host, $hints]) {
    $r = socket_addrinfo_lookup($host, (string)$port, $hints);
    echo "$host ", json_encode($hints), ": ";
    if ($r === false) { echo "false\n"; continue; }
    echo count($r), "\n";
    foreach ($r as $ai) echo "  ", str_replace((string)$port, 'PORT', show($ai)), "\n";
}
// no service
$r = socket_addrinfo_lookup('127.0.0.1');
echo "no service: ", count($r), "\n";
foreach ($r as $ai) echo "  ", show($ai), "\n";
$r = socket_addrinfo_lookup('127.0.0.1', 'http', ['ai_socktype' => SOCK_STREAM]);
foreach ($r as $ai) echo "  http: ", show($ai), "\n";
$r = @socket_addrinfo_lookup('127.0.0.1', 'no-such-service-xyz');
var_dump($r);
$r = @socket_addrinfo_lookup('no.such.host.invalid', '80');
var_dump($r);
$r = @socket_addrinfo_lookup('1.2.3.4.5', '80', ['ai_flags' => AI_NUMERICHOST]);
var_dump($r);
try { socket_addrinfo_lookup('127.0.0.1', '80', ['bogus' => 1]); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }

// connect via addrinfo
$r = socket_addrinfo_lookup('127.0.0.1', (string)$port, ['ai_socktype' => SOCK_STREAM]);
$s = socket_addrinfo_connect($r[0]);
var_dump($s instanceof Socket);
$a = socket_accept($l);
socket_write($s, "via addrinfo");
var_dump(socket_read($a, 100));
socket_getpeername($s, $pa, $pp); echo "peer $pa ", $pp === $port ? "PORT" : $pp, "\n";
// connect to ::1
$r = socket_addrinfo_lookup('::1', (string)$port, ['ai_socktype' => SOCK_STREAM]);
socket_getsockname($l6, $x, $p6);
if ($p6 == $port) {
    $s6 = socket_addrinfo_connect($r[0]);
    var_dump($s6 instanceof Socket);
    $a6 = socket_accept($l6);
    socket_getpeername($a6, $pa); echo "peer6 $pa\n";
} else echo "v6 port differs\n";
// connect to closed port
$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($t, '127.0.0.1', 0); socket_getsockname($t, $x, $cp); socket_close($t);
$r = socket_addrinfo_lookup('127.0.0.1', (string)$cp, ['ai_socktype' => SOCK_STREAM]);
$s = socket_addrinfo_connect($r[0]);
var_dump($s);
echo socket_last_error(), " ", socket_strerror(socket_last_error()), "\n";
// bind via addrinfo, then UDP
$r = socket_addrinfo_lookup('127.0.0.1', '0', ['ai_socktype' => SOCK_DGRAM]);
$u = socket_addrinfo_bind($r[0]);
var_dump($u instanceof Socket);
socket_getsockname($u, $ua, $up); echo "bound $ua ", $up > 0 ? "port>0" : "port0", "\n";
$r = socket_addrinfo_lookup('::1', '0', ['ai_socktype' => SOCK_DGRAM]);
$u6 = socket_addrinfo_bind($r[0]);
socket_getsockname($u6, $ua6, $up6); echo "bound6 $ua6\n";
// bind to port in use
$r = socket_addrinfo_lookup('127.0.0.1', (string)$port, ['ai_socktype' => SOCK_STREAM]);
$bb = socket_addrinfo_bind($r[0]);
var_dump($bb);
echo socket_last_error(), " ", socket_strerror(socket_last_error()), "\n";
// a lookup without socktype: bind each
$r = socket_addrinfo_lookup('localhost', '0', ['ai_family' => AF_INET]);
foreach ($r as $ai) { $x = socket_addrinfo_bind($ai); echo "bind ", socket_addrinfo_explain($ai)['ai_socktype'], " ", $x ? get_class($x) : 'false', "\n"; }
