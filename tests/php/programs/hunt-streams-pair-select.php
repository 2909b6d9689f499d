<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// stream_socket_pair() failures and stream_select() with elements that are not streams.
set_error_handler(function ($no, $str) { echo "  [", $no, "] ", $str, "\n"; return true; });
$cases = [
    'PF_UNIX STREAM' => [STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0],
    'PF_UNIX DGRAM' => [STREAM_PF_UNIX, STREAM_SOCK_DGRAM, 0],
    'PF_UNIX SEQPACKET' => [STREAM_PF_UNIX, STREAM_SOCK_SEQPACKET, 0],
    'PF_UNIX RAW' => [STREAM_PF_UNIX, STREAM_SOCK_RAW, 0],
    'PF_UNIX RDM' => [STREAM_PF_UNIX, STREAM_SOCK_RDM, 0],
    'PF_UNIX type 0' => [STREAM_PF_UNIX, 0, 0],
    'PF_UNIX type 99' => [STREAM_PF_UNIX, 99, 0],
    'PF_UNIX proto 17' => [STREAM_PF_UNIX, STREAM_SOCK_STREAM, 17],
    'PF_UNIX proto 1' => [STREAM_PF_UNIX, STREAM_SOCK_STREAM, 1],
    'PF_UNIX proto -1' => [STREAM_PF_UNIX, STREAM_SOCK_STREAM, -1],
    'PF_INET STREAM' => [STREAM_PF_INET, STREAM_SOCK_STREAM, 0],
    'PF_INET DGRAM' => [STREAM_PF_INET, STREAM_SOCK_DGRAM, 0],
    'PF_INET6 STREAM' => [STREAM_PF_INET6, STREAM_SOCK_STREAM, 0],
    'domain 0' => [0, STREAM_SOCK_STREAM, 0],
    'domain 99' => [99, STREAM_SOCK_STREAM, 0],
    'domain 16 (netlink)' => [16, STREAM_SOCK_DGRAM, 0],
    'domain -1' => [-1, STREAM_SOCK_STREAM, 0],
    'PF_UNIX STREAM|NONBLOCK' => [STREAM_PF_UNIX, STREAM_SOCK_STREAM | 2048, 0],
];
foreach ($cases as $label => [$d, $t, $p]) {
    echo $label, ": ";
    $r = stream_socket_pair($d, $t, $p);
    echo is_array($r) ? "pair of " . count($r) . " " . stream_get_meta_data($r[0])['stream_type'] . " blocked=" . var_export(stream_get_meta_data($r[0])['blocked'], true) : var_export($r, true), "\n";
}
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
fwrite($a, "x");
$failed = @stream_socket_client('tcp://127.0.0.1:1', $errno, $errstr, 1);
foreach (['false element' => [$b, $failed], 'null element' => [$b, null], 'string element' => ['x', $b], 'int only' => [1]] as $label => $arr) {
    echo $label, ": ";
    $r = $arr; $w = null; $e = null;
    try { var_dump(stream_select($r, $w, $e, 0)); echo "  keys ", json_encode(array_keys($r)), "\n"; }
    catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), ($ex->getPrevious() ? " (previous " . get_class($ex->getPrevious()) . ": " . $ex->getPrevious()->getMessage() . ")" : ""), "\n"; }
}
$c = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0)[0];
fclose($c);
echo "closed element: ";
$r = [$b, $c]; $w = null; $e = null;
try { var_dump(stream_select($r, $w, $e, 0)); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }
