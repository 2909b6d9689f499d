<?php
// Option values of every PHP type and beyond C int for int options: converted and truncated as PHP does.
set_error_handler(function ($no, $msg) { echo "  E$no: $msg\n"; return true; });
function t($label, $f) { echo $label, ": "; try { var_dump($f()); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
$s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
t('rcvbuf big', fn() => socket_set_option($s, SOL_SOCKET, SO_RCVBUF, 2**32 + 8192));
t('get', fn() => socket_get_option($s, SOL_SOCKET, SO_RCVBUF));
t('reuse str', fn() => socket_set_option($s, SOL_SOCKET, SO_REUSEADDR, "1abc"));
t('reuse arr', fn() => socket_set_option($s, SOL_SOCKET, SO_REUSEADDR, [1]));
t('reuse float', fn() => socket_set_option($s, SOL_SOCKET, SO_REUSEADDR, 1.7));
t('reuse null', fn() => socket_set_option($s, SOL_SOCKET, SO_REUSEADDR, null));
t('reuse obj', fn() => socket_set_option($s, SOL_SOCKET, SO_REUSEADDR, new stdClass));
t('reuse true', fn() => socket_set_option($s, SOL_SOCKET, SO_REUSEADDR, true));
t('get', fn() => socket_get_option($s, SOL_SOCKET, SO_REUSEADDR));
t('level big', fn() => socket_set_option($s, 2**32 + SOL_SOCKET, SO_REUSEADDR, 0));
t('get level big', fn() => socket_get_option($s, 2**32 + SOL_SOCKET, SO_REUSEADDR));
t('option big', fn() => socket_get_option($s, SOL_SOCKET, 2**32 + SO_REUSEADDR));
t('timeo big', fn() => socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 2**40, 'usec' => 0]));
t('timeo get', fn() => socket_get_option($s, SOL_SOCKET, SO_RCVTIMEO));
t('timeo neg', fn() => socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ['sec' => -1, 'usec' => 0]));
t('timeo usec big', fn() => socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 2000000]));
t('timeo get', fn() => socket_get_option($s, SOL_SOCKET, SO_RCVTIMEO));
t('timeo str', fn() => socket_set_option($s, SOL_SOCKET, SO_SNDTIMEO, ['sec' => "1", 'usec' => "x"]));
t('timeo missing', fn() => socket_set_option($s, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 1]));
t('timeo int', fn() => socket_set_option($s, SOL_SOCKET, SO_SNDTIMEO, 5));
t('linger int', fn() => socket_set_option($s, SOL_SOCKET, SO_LINGER, 5));
t('linger missing', fn() => socket_set_option($s, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1]));
t('ttl big', fn() => socket_set_option($s, IPPROTO_IP, IP_MULTICAST_TTL, 256));
t('ttl str', fn() => socket_set_option($s, IPPROTO_IP, IP_MULTICAST_TTL, "abc"));
t('loop arr', fn() => socket_set_option($s, IPPROTO_IP, IP_MULTICAST_LOOP, []));
