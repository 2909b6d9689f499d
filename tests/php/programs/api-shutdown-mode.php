<?php
// PHP 8.2 passes (int)$mode to shutdown(2): 2**32+1 is SHUT_WR
set_error_handler(function ($no, $msg) { echo "  E$no: $msg\n"; return true; });
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
socket_set_option($p[1], SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
var_dump(socket_shutdown($p[0], 2**32 + 1));
var_dump(socket_read($p[1], 10));
var_dump(socket_shutdown($p[0], PHP_INT_MIN));
var_dump(socket_shutdown($p[0], 2**32 + 5));
