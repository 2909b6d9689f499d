<?php
// stream_socket_pair() with each domain, type and protocol: arrays or PHP's warnings.
set_error_handler(function ($no, $msg) { echo "  E$no: $msg\n"; return true; });
function t($label, $f) { echo $label, ": "; try { $r = $f(); echo get_debug_type($r), is_array($r) ? ' ' . count($r) : '', "\n"; } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
foreach ([[STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0], [STREAM_PF_UNIX, STREAM_SOCK_DGRAM, 0], [STREAM_PF_UNIX, STREAM_SOCK_SEQPACKET, 0],
          [STREAM_PF_UNIX, 11, 0], [STREAM_PF_UNIX, 0, 0], [STREAM_PF_UNIX, -1, 0], [STREAM_PF_UNIX, STREAM_SOCK_STREAM | 2048, 0],
          [STREAM_PF_INET, STREAM_SOCK_STREAM, 0], [STREAM_PF_INET6, STREAM_SOCK_STREAM, 0], [99, 1, 0], [-1, 1, 0], [0, 1, 0],
          [STREAM_PF_UNIX, STREAM_SOCK_STREAM, 6], [STREAM_PF_UNIX, STREAM_SOCK_STREAM, -1], [STREAM_PF_UNIX, STREAM_SOCK_RAW, 0],
          [STREAM_PF_UNIX, STREAM_SOCK_RDM, 0], [1, 1, 2**32]] as $a) {
    t(implode(',', $a), fn() => stream_socket_pair(...$a));
}
t('argc0', fn() => stream_socket_pair());
t('argc4', fn() => stream_socket_pair(1, 1, 0, 1));
t('str', fn() => stream_socket_pair("x", 1, 0));
t('null', fn() => stream_socket_pair(null, 1, 0));
t('named', fn() => stream_socket_pair(protocol: 0, type: 1, domain: 1));
t('float', fn() => stream_socket_pair(1.5, 1, 0));
$p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
ob_start(); var_dump($p); echo preg_replace('/resource\(\d+\)/', 'resource(N)', ob_get_clean());
print_r(array_map('get_resource_type', $p));
var_dump(stream_get_meta_data($p[0]));
