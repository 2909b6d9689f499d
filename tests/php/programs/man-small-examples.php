<?php
// The short examples of the manual's function pages, adapted to loopback.
echo "-- socket_atmark\n";
$sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
echo "atmark skipped\n";
socket_close($sock);

echo "-- socket_bind source address\n";
$sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$sourceips['kevin']    = '127.0.0.1';
$sourceips['madcoder'] = '127.0.0.2';
var_dump(socket_bind($sock, $sourceips['madcoder']));
var_dump(socket_connect($sock, '127.0.0.1', 80));
$request = 'GET / HTTP/1.1' . "\r\n" . 'Host: example.com' . "\r\n\r\n";
var_dump(socket_write($sock, $request));
echo socket_last_error($sock), " ", socket_strerror(socket_last_error($sock)), "\n";
socket_close($sock);

echo "-- socket_bind source address, with a listener\n";
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0);
socket_listen($l);
socket_getsockname($l, $la, $lp);
$sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_bind($sock, $sourceips['madcoder']));
var_dump(socket_connect($sock, '127.0.0.1', $lp));
var_dump(socket_write($sock, $request));
$a = socket_accept($l);
socket_getpeername($a, $pa, $pp);
echo "peer $pa\n";
var_dump(socket_read($a, 100));
socket_close($sock); socket_close($a); socket_close($l);

echo "-- socket_create_pair\n";
$sockets = array();
$domain = (strtoupper(substr(PHP_OS, 0, 3)) == 'WIN' ? AF_INET : AF_UNIX);
if (socket_create_pair($domain, SOCK_STREAM, 0, $sockets) === false) {
    echo "socket_create_pair ha fallado. Razón: ".socket_strerror(socket_last_error());
}
if (socket_write($sockets[0], "ABCdef123\n", strlen("ABCdef123\n")) === false) {
    echo "socket_write() ha fallado. Razón: ".socket_strerror(socket_last_error($sockets[0]));
}
if (($data = socket_read($sockets[1], strlen("ABCdef123\n"), PHP_BINARY_READ)) === false) {
    echo "socket_read() ha fallado. Razón: ".socket_strerror(socket_last_error($sockets[1]));
}
var_dump($data);
socket_close($sockets[0]);
socket_close($sockets[1]);

echo "-- socket_create_pair IPC (no fork)\n";
$ary = array();
$strone = 'Mensaje desde el padre.';
$strtwo = 'Mensaje desde el hijo.';
if (socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $ary) === false) {
    echo "socket_create_pair() ha fallado. Razón: ".socket_strerror(socket_last_error());
}

socket_write($ary[1], $strone, strlen($strone));
socket_write($ary[0], $strtwo, strlen($strtwo));
if (socket_read($ary[1], strlen($strtwo), PHP_BINARY_READ) == $strtwo) echo "Recepción de $strtwo\n";
if (socket_read($ary[0], strlen($strone), PHP_BINARY_READ) == $strone) echo "Recepción de $strone\n";
socket_close($ary[0]);
socket_close($ary[1]);

echo "-- socket_get_option\n";
$socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($socket, '127.0.0.1', 0); socket_listen($socket);
$linger = array('l_linger' => 1, 'l_onoff' => 1);
var_dump(socket_set_option($socket, SOL_SOCKET, SO_LINGER, $linger));
var_dump(socket_get_option($socket, SOL_SOCKET, SO_REUSEADDR));
var_dump(socket_get_option($socket, SOL_SOCKET, SO_LINGER));
var_dump(socket_getopt($socket, SOL_SOCKET, SO_TYPE));
socket_close($socket);

echo "-- socket_import_stream\n";
$stream = stream_socket_server("udp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND);
$sock = socket_import_stream($stream);
var_dump($sock instanceof Socket);
var_dump(socket_get_option($sock, SOL_SOCKET, SO_TYPE) === SOCK_DGRAM);

echo "-- socket_last_error\n";
$socket = @socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
if ($socket === false) {
    $errorcode = socket_last_error();
    $errormsg = socket_strerror($errorcode);
    die("Imposible crear el socket : [$errorcode] $errormsg");
}
echo "created\n";

echo "-- socket_recvfrom / socket_sendto\n";
$socket = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($socket, '127.0.0.1', 0);
socket_getsockname($socket, $x, $uport);
$sock = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
$msg = "Ping !";
$len = strlen($msg);
var_dump(socket_sendto($sock, $msg, $len, 0, '127.0.0.1', $uport));
var_dump(socket_sendto($sock, "Hello world, long", 17, 0, '127.0.0.1', $uport));
$from = '';
$port = 0;
socket_recvfrom($socket, $buf, 12, 0, $from, $port);
echo "Recepción de $buf desde la dirección remota $from y del puerto remoto " . gettype($port) . PHP_EOL;
var_dump(socket_recvfrom($socket, $buf, 12, 0, $from, $port), $buf);
socket_close($sock);

echo "-- socket_select null\n";
$r = $w = null;
$e = NULL;
try { var_dump(socket_select($r, $w, $e, 0)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
$e = NULL;
try { if (false === @socket_select($r, $w, $e, 0)) {
    echo "socket_select() falló. Razón: " . socket_strerror(socket_last_error()) . "\n";
} } catch (ValueError $t) { echo $t->getMessage(), "\n"; }
$socket1 = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
$socket2 = $socket;
socket_sendto($socket1, "x", 1, 0, '127.0.0.1', $uport);
usleep(10000);
$read   = array($socket1, $socket2);
$write = NULL;
$except = NULL;
$num_changed_sockets = socket_select($read, $write, $except, 0);
if ($num_changed_sockets === false) {
    echo "error\n";
} else if ($num_changed_sockets > 0) {
    echo "changed $num_changed_sockets ", count($read), " ", $read[1] === $socket2 ? "s2" : "?", "\n";
}
var_dump(array_keys($read));

echo "-- socket_set_block / nonblock\n";
$socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($socket, '127.0.0.1', 0); socket_listen($socket);
var_dump(socket_set_nonblock($socket));
var_dump(socket_accept($socket));
echo socket_last_error($socket), " ", socket_strerror(socket_last_error($socket)), "\n";
var_dump(socket_set_block($socket));
socket_set_option($socket, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
var_dump(socket_accept($socket));
echo socket_last_error($socket), " ", socket_strerror(socket_last_error($socket)), "\n";

echo "-- socket_set_option\n";
$socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
if (!is_resource($socket)) {
    echo 'No es posible crear el socket: '. socket_strerror(socket_last_error()) . PHP_EOL;
}
if (!socket_set_option($socket, SOL_SOCKET, SO_REUSEADDR, 1)) {
    echo 'No es posible definir la opción del socket: '. socket_strerror(socket_last_error()) . PHP_EOL;
}
if (!socket_bind($socket, '127.0.0.1', 1223)) {
    echo 'No es posible vincular el socket: '. socket_strerror(socket_last_error()) . PHP_EOL;
}
$rval = socket_get_option($socket, SOL_SOCKET, SO_REUSEADDR);
if ($rval === false) {
    echo 'No es posible recuperar la opción del socket: '. socket_strerror(socket_last_error()) . PHP_EOL;
} else if ($rval !== 0) {
    echo 'SO_REUSEADDR está definido en el socket!' . PHP_EOL;
}

echo "-- socket_strerror\n";
if (false == ($socket = @socket_create(AF_INET, SOCK_STREAM, SOL_TCP))) {
    echo "socket_create() ha fallado : razón : " . socket_strerror(socket_last_error()) . "\n";
}
$blocker = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($blocker, '127.0.0.1', 0); socket_getsockname($blocker, $x, $bp);
if (false == (@socket_bind($socket, '127.0.0.1', $bp))) {
    echo "socket_bind() ha fallado : razón : " . socket_strerror(socket_last_error($socket)) . "\n";
}
for ($i = -3; $i < 135; $i++) echo $i, ":", socket_strerror($i), "\n";
echo "done\n";
