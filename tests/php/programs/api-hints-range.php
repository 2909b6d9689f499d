<?php
// PHP 8.2 checks only the hint keys, not their values: getaddrinfo() refuses (false) or (int) truncates
function t($label, $f) { echo $label, ": "; try { $r = $f(); echo is_array($r) ? count($r) . " results" : var_export($r, true), "\n"; } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
$h = '127.0.0.1';
t('ai_socktype 2**32+1', fn() => socket_addrinfo_lookup($h, null, ['ai_socktype' => 2**32 + 1]));
t('ai_family -1', fn() => socket_addrinfo_lookup($h, null, ['ai_family' => -1]));
t('ai_family 99', fn() => socket_addrinfo_lookup($h, null, ['ai_family' => 99]));
t('ai_family AF_UNIX', fn() => socket_addrinfo_lookup($h, null, ['ai_family' => AF_UNIX]));
t('ai_family 2**32+2', fn() => socket_addrinfo_lookup($h, null, ['ai_family' => 2**32 + 2]));
t('ai_flags -1', fn() => socket_addrinfo_lookup($h, null, ['ai_flags' => -1]));
