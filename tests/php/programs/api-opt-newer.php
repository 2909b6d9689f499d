<?php
// options PHP 8.2 has no shape for: read and written as plain ints
set_error_handler(function ($no, $msg) { echo "  E$no: $msg\n"; return true; });
function t($label, $f) { echo $label, ": "; try { var_dump($f()); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(defined('SO_MEMINFO'), defined('TCP_CONGESTION'), defined('UDP_SEGMENT'));
t('SO_MEMINFO get', fn() => socket_get_option($s, SOL_SOCKET, 55));
t('TCP_CONGESTION get', fn() => socket_get_option($s, SOL_TCP, 13));
t('TCP_CONGESTION set str', fn() => socket_set_option($s, SOL_TCP, 13, "reno"));
t('TCP_CONGESTION set int', fn() => socket_set_option($s, SOL_TCP, 13, 0));
