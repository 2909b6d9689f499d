<?php
// Exported streams: fclose() closes the descriptor the Socket shares; stream I/O and
// socket_last_error(); an imported Socket after its stream or origin is closed.
function t(string $label, callable $f) {
    try { $r = $f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    echo "$label: ", var_export($r, true), "\n";
}
// 1. after fclose() of the exported stream, failures record EBADF
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$a, $b] = $p;
$sa = socket_export_stream($a);
fclose($sa);
socket_clear_error();
t('write', fn() => socket_write($a, 'x'));
t('errors', fn() => [socket_last_error($a), socket_last_error()]);
$r = [$a]; $w = null; $e = null;
t('select', fn() => socket_select($r, $w, $e, 0));
t('errors', fn() => [socket_last_error($a), socket_last_error()]);
// 2. stream I/O leaves socket_last_error() as it was
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$a, $b] = $p;
socket_set_nonblock($a);
@socket_read($a, 10);
t('after EAGAIN', fn() => [socket_last_error($a), socket_last_error()]);
$sa = socket_export_stream($a);
socket_close($b);
t('fwrite to closed peer', fn() => @fwrite($sa, 'x'));
t('errors kept', fn() => [socket_last_error($a), socket_last_error()]);
// 3. imported Socket when the stream goes away
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$a, $b] = $p;
$sa = socket_export_stream($a);
$i = socket_import_stream($sa);
fclose($sa);
t('imported after fclose: write', fn() => socket_write($i, 'x'));
t('origin after fclose: write', fn() => socket_write($a, 'x'));
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$a, $b] = $p;
$sa = socket_export_stream($a);
$i = socket_import_stream($sa);
socket_close($a);
t('imported after origin socket_close: read', fn() => socket_read($i, 10));
t('imported after origin socket_close: write', fn() => socket_write($i, 'x'));
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$a, $b] = $p;
$sa = socket_export_stream($a);
$i = socket_import_stream($sa);
socket_close($i);
t('origin after imported socket_close: write', fn() => socket_write($a, 'x'));
t('stream after imported socket_close', fn() => is_resource($sa));
