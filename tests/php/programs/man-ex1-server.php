<?php
// Manual "Ejemplo #1 Servidor TCP/IP sencillo", with the telnet clients in the same process.
error_reporting(E_ALL);
set_time_limit(0);
ob_implicit_flush();

$address = '127.0.0.1';
$port = 0;

if (($sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP)) === false) {
    echo "socket_create() falló: razón: " . socket_strerror(socket_last_error()) . "\n";
}
if (socket_bind($sock, $address, $port) === false) {
    echo "socket_bind() falló: razón: " . socket_strerror(socket_last_error($sock)) . "\n";
}
if (socket_listen($sock, 5) === false) {
    echo "socket_listen() falló: razón: " . socket_strerror(socket_last_error($sock)) . "\n";
}
socket_getsockname($sock, $a, $port);
// two "telnet" clients connected in advance, each with its input typed ahead
$c1 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c1, $address, $port);
socket_write($c1, "hola\r\n\r\n  mundo  \r\nquit\r\n");
$c2 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c2, $address, $port);
socket_write($c2, "segundo\nshutdown\n");

do {
    if (($msgsock = socket_accept($sock)) === false) {
        echo "socket_accept() falló: razón: " . socket_strerror(socket_last_error($sock)) . "\n";
        break;
    }
    $msg = "\nBienvenido al Servidor De Prueba de PHP. \n" .
        "Para salir, escriba 'quit'. Para cerrar el servidor escriba 'shutdown'.\n";
    socket_write($msgsock, $msg, strlen($msg));
    do {
        if (false === ($buf = socket_read($msgsock, 2048, PHP_NORMAL_READ))) {
            echo "socket_read() falló: razón: " . socket_strerror(socket_last_error($msgsock)) . "\n";
            break 2;
        }
        if (!$buf = trim($buf)) {
            continue;
        }
        if ($buf == 'quit') {
            break;
        }
        if ($buf == 'shutdown') {
            socket_close($msgsock);
            break 2;
        }
        $talkback = "PHP: Usted dijo '$buf'.\n";
        socket_write($msgsock, $talkback, strlen($talkback));
        echo "$buf\n";
    } while (true);
    socket_close($msgsock);
} while (true);
socket_close($sock);

foreach ([$c1, $c2] as $i => $c) {
    $all = '';
    while (($d = socket_read($c, 2048)) !== false && $d !== '') $all .= $d;
    echo "client $i got: ", json_encode($all), " end ", var_export($d, true), " err ", socket_last_error($c), "\n";
    socket_close($c);
}
