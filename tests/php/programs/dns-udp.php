<?php
// A DNS client (pack/unpack over UDP) against a tiny responder in the same script.
$srv = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($srv, '127.0.0.1', 0);
socket_getsockname($srv, $ip, $port);
$cli = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_set_option($cli, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
function qname(string $n): string { $o = ''; foreach (explode('.', $n) as $l) $o .= chr(strlen($l)) . $l; return $o . "\0"; }
$id = 0x1234;
$q = pack('nnnnnn', $id, 0x0100, 1, 0, 0, 0) . qname('example.test') . pack('nn', 1, 1);
var_dump(socket_sendto($cli, $q, strlen($q), 0, '127.0.0.1', $port));
$n = socket_recvfrom($srv, $buf, 512, 0, $from, $fport);
echo "query of $n bytes from $from\n";
$h = unpack('nid/nflags/nqd/nan/nns/nar', $buf);
print_r($h);
$ans = pack('nnnnnn', $h['id'], 0x8180, 1, 1, 0, 0) . substr($buf, 12) . pack('nnnNn', 0xc00c, 1, 1, 300, 4) . inet_pton('192.0.2.7');
socket_sendto($srv, $ans, strlen($ans), 0, $from, $fport);
$n = socket_recvfrom($cli, $r, 512, 0, $rfrom, $rport);
$rh = unpack('nid/nflags/nqd/nan', $r);
printf("answer id %04x flags %04x an %d\n", $rh['id'], $rh['flags'], $rh['an']);
echo "A = ", inet_ntop(substr($r, -4)), "\n";
// timeout
$t = microtime(true);
$n = socket_recvfrom($cli, $r, 512, 0, $rfrom, $rport);
var_dump($n, socket_last_error($cli), socket_strerror(socket_last_error($cli)));
echo "waited ~1s: ", var_export(microtime(true) - $t > 0.9, true), "\n";
var_dump(socket_get_option($cli, SOL_SOCKET, SO_RCVTIMEO));
// connected UDP and ECONNREFUSED
$c2 = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_connect($c2, '127.0.0.1', $fport + 0);
socket_close($cli);
socket_write($c2, "x");
usleep(100000);
$r = @socket_read($c2, 10);
var_dump($r, socket_last_error($c2));
$r = @socket_recv($c2, $b, 10, MSG_DONTWAIT);
var_dump($r, socket_last_error($c2));
