<?php
// socket_close() of a socket whose stream was exported: php-cli's Socket keeps its reference to the
// (now Unknown) resource, so it stays in get_resources() after the script drops its own
function res() { $o = []; foreach (get_resources() as $id => $r) $o[] = $id . ':' . get_resource_type($r); return implode(' ', $o); }
$s = socket_create(AF_INET, SOCK_DGRAM, 0);
$st = socket_export_stream($s);
socket_close($s);
debug_zval_dump($st);
unset($st);
echo "unset stream: ", res(), "\n";
unset($s);
echo "unset socket: ", res(), "\n";
