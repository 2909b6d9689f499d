<?php
// SO_LINGER fields outside 0..65535: PHP 8.2 casts them to unsigned short (8.5 throws).
function t($label, $f) { echo $label, ": "; try { var_dump($f()); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
$s = socket_create(AF_INET, SOCK_STREAM, 0);
t('linger 65537', fn() => socket_set_option($s, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 65537]));
var_dump(socket_get_option($s, SOL_SOCKET, SO_LINGER));
t('linger -1', fn() => socket_set_option($s, SOL_SOCKET, SO_LINGER, ['l_onoff' => -1, 'l_linger' => 5]));
var_dump(socket_get_option($s, SOL_SOCKET, SO_LINGER));
t('linger onoff 65536', fn() => socket_set_option($s, SOL_SOCKET, SO_LINGER, ['l_onoff' => 65536, 'l_linger' => 5]));
var_dump(socket_get_option($s, SOL_SOCKET, SO_LINGER));
