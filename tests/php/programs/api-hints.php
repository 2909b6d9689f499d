<?php
// out-of-range hint values: hints-range
set_error_handler(function ($no, $msg) { echo "  E$no: $msg\n"; return true; });
function t($label, $f) { echo $label, ": "; try { $r = $f(); if (is_array($r)) { echo count($r), " "; foreach ($r as $ai) { $x = socket_addrinfo_explain($ai); echo $x['ai_family'], '/', $x['ai_socktype'], '/', $x['ai_protocol'], ' '; } echo "\n"; } else var_dump($r); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
$h = '127.0.0.1';
t('empty', fn() => socket_addrinfo_lookup($h));
t('list', fn() => socket_addrinfo_lookup($h, null, [1, 2]));
t('unknown key', fn() => socket_addrinfo_lookup($h, null, ['foo' => 1]));
t('mixed', fn() => socket_addrinfo_lookup($h, null, ['ai_family' => AF_INET, 5 => 1]));
t('mixed2', fn() => socket_addrinfo_lookup($h, null, [5 => 1, 'ai_family' => AF_INET]));
t('case', fn() => socket_addrinfo_lookup($h, null, ['AI_FAMILY' => AF_INET]));
t('str val', fn() => socket_addrinfo_lookup($h, null, ['ai_family' => 'abc']));
t('num str val', fn() => socket_addrinfo_lookup($h, null, ['ai_family' => '2']));
t('float val', fn() => socket_addrinfo_lookup($h, null, ['ai_family' => 2.5]));
t('null val', fn() => socket_addrinfo_lookup($h, null, ['ai_family' => null]));
t('arr val', fn() => socket_addrinfo_lookup($h, null, ['ai_socktype' => []]));
t('obj val', fn() => socket_addrinfo_lookup($h, null, ['ai_socktype' => new stdClass]));
t('bool val', fn() => socket_addrinfo_lookup($h, null, ['ai_socktype' => true]));
t('all', fn() => socket_addrinfo_lookup($h, '80', ['ai_flags' => AI_NUMERICHOST, 'ai_socktype' => SOCK_DGRAM, 'ai_protocol' => 0, 'ai_family' => AF_INET]));
t('proto mismatch', fn() => socket_addrinfo_lookup($h, null, ['ai_socktype' => SOCK_STREAM, 'ai_protocol' => SOL_UDP]));
t('service bad', fn() => socket_addrinfo_lookup($h, 'nosuchservice-xyz', ['ai_socktype' => SOCK_STREAM]));
t('service num big', fn() => socket_addrinfo_lookup($h, '70000', ['ai_socktype' => SOCK_STREAM]));
t('service -1', fn() => socket_addrinfo_lookup($h, '-1', ['ai_socktype' => SOCK_STREAM]));
t('service empty', fn() => socket_addrinfo_lookup($h, '', ['ai_socktype' => SOCK_STREAM]));
t('host empty', fn() => socket_addrinfo_lookup('', '80', ['ai_socktype' => SOCK_STREAM]));
t('host nul', fn() => socket_addrinfo_lookup("127.0.0.1\0", '80', ['ai_socktype' => SOCK_STREAM]));
t('service nul', fn() => socket_addrinfo_lookup("127.0.0.1", "80\0", ['ai_socktype' => SOCK_STREAM]));
t('v6', fn() => socket_addrinfo_lookup('::1', '80', ['ai_socktype' => SOCK_STREAM]));
t('ref hint', function () { $v = AF_INET; $a = ['ai_family' => &$v]; return socket_addrinfo_lookup('127.0.0.1', null, $a); });
