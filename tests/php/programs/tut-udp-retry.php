<?php
// UDP request/response with socket_recvfrom timeouts and retries.
$server = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($server, '127.0.0.1', 0);
socket_getsockname($server, $sa, $sport);
socket_set_nonblock($server);

$client = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_set_option($client, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 150000]);
var_dump(socket_get_option($client, SOL_SOCKET, SO_RCVTIMEO));

function request($client, $host, $port, $msg, $server, $drop) {
    for ($try = 1; $try <= 3; $try++) {
        $n = socket_sendto($client, $msg, strlen($msg), 0, $host, $port);
        echo "try $try sent $n\n";
        // the "server" answers unless it drops this one
        if ($server) {
            $got = @socket_recvfrom($server, $buf, 1500, 0, $from, $fport);
            if ($got !== false && $try > $drop) socket_sendto($server, "ACK:" . $buf, 4 + strlen($buf), 0, $from, $fport);
        }
        $r = @socket_recvfrom($client, $reply, 1500, 0, $rfrom, $rport);
        if ($r === false) {
            $e = socket_last_error($client);
            echo "  recvfrom failed: [$e] ", socket_strerror($e), "\n";
            socket_clear_error($client);
            continue;
        }
        echo "  reply $r ", json_encode($reply), " from $rfrom ", $rport === $port ? "right port" : "wrong port", "\n";
        return $reply;
    }
    echo "  giving up\n";
    return false;
}
request($client, '127.0.0.1', $sport, "hello", $server, 0);
request($client, '127.0.0.1', $sport, "lossy", $server, 2);
request($client, '127.0.0.1', $sport, "dead", null, 0);
// to a port with nobody: unconnected socket gets nothing, a connected one gets ECONNREFUSED
$t = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($t, '127.0.0.1', 0); socket_getsockname($t, $x, $dead); socket_close($t);
request($client, '127.0.0.1', $dead, "nobody", null, 0);
$c = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_set_option($c, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 150000]);
var_dump(socket_connect($c, '127.0.0.1', $dead));
var_dump(socket_send($c, "x", 1, 0));
usleep(20000);
var_dump(socket_recv($c, $b, 100, 0));
echo socket_last_error($c), " ", socket_strerror(socket_last_error($c)), "\n";
var_dump(socket_send($c, "x", 1, 0));
usleep(20000);
var_dump(socket_send($c, "x", 1, 0));
echo socket_last_error($c), "\n";
var_dump(socket_get_option($c, SOL_SOCKET, SO_ERROR));
var_dump(socket_write($c, "y"));
var_dump(@socket_read($c, 10));
echo socket_last_error($c), "\n";
// recvfrom on a socket never bound
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_set_option($u, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
var_dump(socket_recvfrom($u, $b, 10, 0, $f, $p), $b, $f ?? 'unset', $p ?? 'unset');
try { var_dump(socket_recvfrom($u, $b, 10, MSG_DONTWAIT, $f)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
// zero-length datagram
socket_getsockname($client, $ca, $cport);
var_dump(socket_sendto($server, "", 0, 0, '127.0.0.1', $cport));
var_dump(socket_recvfrom($client, $b, 10, 0, $f, $p), $b);
// MSG_PEEK then real read, and truncation
socket_sendto($server, "0123456789", 10, 0, '127.0.0.1', $cport);
var_dump(socket_recvfrom($client, $b, 4, MSG_PEEK, $f, $p), $b);
var_dump(socket_recvfrom($client, $b, 4, 0, $f, $p), $b);
var_dump(socket_recvfrom($client, $b, 4, MSG_DONTWAIT, $f, $p), $b);
echo socket_last_error($client), "\n";
