<?php
// socket_import_stream() of a stream made non-blocking with stream_set_blocking(false): in
// php-cli the Socket is non-blocking too (PHP reads O_NONBLOCK off the descriptor), so a read
// with nothing pending fails at once with EAGAIN. php.wasm: the Socket blocks.
$server = stream_socket_server("tcp://127.0.0.1:0");
$sc = stream_socket_client("tcp://" . stream_socket_get_name($server, false));
$ss = stream_socket_accept($server);
stream_set_blocking($sc, false);
$imp = socket_import_stream($sc);
socket_set_option($imp, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
$t = microtime(true);
var_dump(@socket_read($imp, 10), socket_last_error($imp));
echo "waited: ", microtime(true) - $t > 0.5 ? "yes" : "no", "\n";
// and the other way: blocking stream, imported, then made non-blocking through the stream
$sc2 = stream_socket_client("tcp://" . stream_socket_get_name($server, false));
$imp2 = socket_import_stream($sc2);
stream_set_blocking($sc2, false);
socket_set_option($imp2, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
$t = microtime(true);
var_dump(@socket_read($imp2, 10), socket_last_error($imp2));
echo "waited: ", microtime(true) - $t > 0.5 ? "yes" : "no", "\n";
