<?php
// Sockets where streams are expected and streams where sockets are: stream_select, socket_select with mixed arrays and keys.
set_error_handler(function ($no, $msg) { echo "  E$no: $msg\n"; return true; });
function t($label, $f) { echo $label, ": "; try { var_dump($f()); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
socket_write($p[1], "hi");
t('stream_select socket', function () use ($p) { $r = [$p[0]]; $w = null; $e = null; $n = stream_select($r, $w, $e, 0); return [$n, count($r)]; });
t('stream_select mixed', function () use ($p) { $st = socket_export_stream($p[1]); $r = [$p[0], $st]; $w = null; $e = null; $n = stream_select($r, $w, $e, 0); return [$n, count($r)]; });
t('socket_select stream', function () use ($p) { $st = socket_export_stream($p[0]); $r = [$st]; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
t('socket_select int', function () { $r = [1]; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
t('socket_select obj', function () { $r = [new stdClass]; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
t('socket_select keys', function () use ($p) { $r = ['a' => $p[0], 7 => $p[0]]; $w = null; $e = null; $n = socket_select($r, $w, $e, 0); return [$n, array_keys($r)]; });
t('fwrite socket', fn() => fwrite($p[0], "x"));
t('fread socket', fn() => fread($p[0], 1));
t('fclose socket', fn() => fclose($p[0]));
t('get_resource_type socket', fn() => get_resource_type($p[0]));
t('get_resource_id socket', fn() => get_resource_id($p[0]));
t('stream_get_meta_data socket', fn() => stream_get_meta_data($p[0]));
t('stream_set_blocking socket', fn() => stream_set_blocking($p[0], false));
t('stream_socket_shutdown socket', fn() => stream_socket_shutdown($p[0], STREAM_SHUT_RDWR));
t('socket_import_stream socket', fn() => socket_import_stream($p[0]));
t('socket_set_blocking socket', fn() => socket_set_blocking($p[0], false));
t('socket_get_status socket', fn() => socket_get_status($p[0]));
t('socket_set_timeout socket', fn() => socket_set_timeout($p[0], 1));
t('socket_read stream', fn() => socket_read(socket_export_stream($p[0]), 1));
t('socket_select closed', function () use ($p) { $x = socket_create(AF_INET, SOCK_DGRAM, 0); socket_close($x); $r = [$x]; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
