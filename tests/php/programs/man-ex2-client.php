<?php
// Manual "Ejemplo #2 Cliente TCP/IP sencillo" against an in-process HTTP server.
error_reporting(E_ALL);
$srv = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($srv, '127.0.0.1', 0);
socket_listen($srv);
socket_getsockname($srv, $host, $sport);

echo "<h2>TCP/IP Connection</h2>\n";
$service_port = getservbyname('www', 'tcp');
echo "www is $service_port\n";
$service_port = $sport;
$address = gethostbyname('localhost');
echo "address $address\n";

$socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
if ($socket === false) {
    echo "socket_create() falló: razón: " . socket_strerror(socket_last_error()) . "\n";
} else {
    echo "OK.\n";
}
echo "Intentando conectar a '$address' en el puerto 'P'...";
$result = socket_connect($socket, $address, $service_port);
if ($result === false) {
    echo "socket_connect() falló.\nRazón: ($result) " . socket_strerror(socket_last_error($socket)) . "\n";
} else {
    echo "OK.\n";
}
$in = "HEAD / HTTP/1.1\r\n";
$in .= "Host: www.example.com\r\n";
$in .= "Connection: Close\r\n\r\n";
$out = '';
echo "Enviando petición HTTP HEAD ...";
socket_write($socket, $in, strlen($in));
echo "OK.\n";

// the server side
$conn = socket_accept($srv);
$req = '';
while (strpos($req, "\r\n\r\n") === false) $req .= socket_read($conn, 1024);
echo "server got ", json_encode($req), "\n";
$resp = "HTTP/1.1 200 OK\r\nServer: toy\r\nContent-Length: 438\r\nConnection: close\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n";
socket_write($conn, $resp);
socket_close($conn);

echo "Leyendo respuesta:\n\n";
while ($out = socket_read($socket, 2048)) {
    echo $out;
}
var_dump($out);
echo "last error ", socket_last_error($socket), "\n";
echo "Cerrando socket...";
socket_close($socket);
echo "OK.\n\n";
