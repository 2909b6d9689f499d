<?php
// Manual socket_recv() example (MSG_WAITALL) against an in-process server.
error_reporting(E_ALL);
$srv = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($srv, '127.0.0.1', 0);
socket_listen($srv);
socket_getsockname($srv, $h, $service_port);
echo "<h2>Conexión TCP/IP</h2>\n";
$address = gethostbyname('127.0.0.1');
$socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
if ($socket === false) {
    echo "socket_create() ha fallado: razón: " . socket_strerror(socket_last_error()) . "\n";
} else {
    echo "OK.\n";
}
echo "Intentando conectar a '$address'...";
$result = socket_connect($socket, $address, $service_port);
if ($result === false) {
    echo "socket_connect() ha fallado.\nRazón: ($result) " . socket_strerror(socket_last_error($socket)) . "\n";
} else {
    echo "OK.\n";
}
$in = "HEAD / HTTP/1.1\r\n";
$in .= "Host: www.example.com\r\n";
$in .= "Connexion: Cerrada\r\n\r\n";
echo "Enviando una solicitud HTTP HEAD...";
socket_write($socket, $in, strlen($in));
echo "OK.\n";
$conn = socket_accept($srv);
$r = socket_read($conn, 4096);
echo "server read ", strlen($r), "\n";
socket_write($conn, "HTTP/1.1 200 OK\r\nServer: Apache/2.2.3 (Red Hat)\r\nContent-Length: 438\r\nConnexion : Cerrada\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n");
socket_close($conn);

echo "Leyendo la respuesta:\n\n";
$buf = 'Este es mi búfer.';
if (false !== ($bytes = socket_recv($socket, $buf, 2048, MSG_WAITALL))) {
    echo "$bytes bytes leídos desde socket_recv(). Cerrando el socket...";
} else {
    echo "socket_recv() ha fallado; razón: " . socket_strerror(socket_last_error($socket)) . "\n";
}
// again at EOF
$buf2 = 'x';
var_dump(socket_recv($socket, $buf2, 2048, MSG_WAITALL), $buf2);
var_dump(socket_recv($socket, $buf2, 0, 0), $buf2);
socket_close($socket);
echo $buf . "\n";
echo "OK.\n\n";
// MSG_WAITALL with exact size from a peer that sends in pieces
socket_getsockname($srv, $h, $p);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $p);
$s = socket_accept($srv);
socket_write($s, "abc");
socket_write($s, "defgh");
socket_set_option($c, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 300000]);
var_dump(socket_recv($c, $b, 8, MSG_WAITALL), $b);
var_dump(socket_recv($c, $b, 8, MSG_WAITALL), $b, socket_last_error($c));
socket_write($s, "12");
var_dump(socket_recv($c, $b, 8, MSG_WAITALL), $b, socket_last_error($c));
socket_close($s);
var_dump(socket_recv($c, $b, 8, MSG_WAITALL), $b);
