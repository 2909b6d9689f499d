<?php
// PHP 8.2 has no SOCK_NONBLOCK / SOCK_CLOEXEC: a type above 10 is its ValueError
function t($label, $f) { echo $label, ": "; try { var_dump($f()); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
var_dump(defined('SOCK_NONBLOCK'), defined('SOCK_CLOEXEC'));
t('create NONBLOCK', fn() => get_debug_type(socket_create(AF_INET, SOCK_STREAM | 2048, 0)));
t('create CLOEXEC', fn() => get_debug_type(socket_create(AF_INET, SOCK_DGRAM | 524288, 0)));
t('pair NONBLOCK', fn() => socket_create_pair(AF_UNIX, SOCK_STREAM | 2048, 0, $p));
t('type 11', fn() => socket_create(AF_INET, 11, 0));
