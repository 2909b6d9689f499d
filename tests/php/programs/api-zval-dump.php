<?php
// debug_zval_dump() of sockets, address infos, exported and imported streams: refcounts as PHP counts them.
$s = socket_create(AF_INET, SOCK_DGRAM, 0);
debug_zval_dump($s);
$ai = socket_addrinfo_lookup('127.0.0.1', '80', ['ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM]);
debug_zval_dump($ai);
$st = socket_export_stream($s);
debug_zval_dump($st);
debug_zval_dump($s);
$st2 = socket_export_stream($s);
debug_zval_dump($st);
$s2 = socket_import_stream($st);
debug_zval_dump($s2);
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
debug_zval_dump($p);
$x = socket_accept($s);
debug_zval_dump(socket_create(AF_INET, SOCK_STREAM, 0));
$srv = stream_socket_server('tcp://127.0.0.1:0', $e, $es);
debug_zval_dump($srv);
$i = socket_import_stream($srv);
debug_zval_dump($srv, $i);
$pp = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
debug_zval_dump($pp);
$r = [$s]; $w = null; $ex = null;
socket_select($r, $w, $ex, 0);
debug_zval_dump($r);
$w = [$s]; $r = null;
socket_select($r, $w, $ex, 0);
debug_zval_dump($w, $s);
// socket_close($s) then debug_zval_dump($st): closed-export-resource
