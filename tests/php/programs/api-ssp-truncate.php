<?php
// php-cli's stream_socket_pair() passes (int)$domain, (int)$type to socketpair(): 2**32+1 is AF_UNIX / SOCK_STREAM
set_error_handler(function ($no, $msg) { echo "  E$no: $msg\n"; return true; });
var_dump(is_array(stream_socket_pair(2**32 + 1, STREAM_SOCK_STREAM, 0)));
var_dump(is_array(stream_socket_pair(STREAM_PF_UNIX, 2**32 + 1, 0)));
