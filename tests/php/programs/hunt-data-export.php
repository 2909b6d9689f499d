<?php
// socket_export_stream / socket_import_stream, then stream I/O on both views.
function q($s) { return is_string($s) ? '"' . addcslashes($s, "\0..\37\"\\") . '"' : var_export($s, true); }
function t(string $label, callable $f) {
    socket_clear_error();
    try { $r = $f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    $err = socket_last_error();
    echo "$label: ", is_array($r) ? implode(' ', array_map('q', $r)) : q($r), $err ? " [err $err]" : '', "\n";
}
function tcp_pair() {
    $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_bind($l, '127.0.0.1', 0);
    socket_listen($l, 1);
    socket_getsockname($l, $_, $port);
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_connect($c, '127.0.0.1', $port);
    $s = socket_accept($l);
    socket_close($l);
    return [$s, $c];
}
function unix_pair() { socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); return $p; }
foreach (['unix' => 'unix_pair', 'tcp' => 'tcp_pair'] as $kind => $mk) {
    echo "== $kind\n";
    [$a, $b] = $mk();
    $sa = socket_export_stream($a);
    stream_set_timeout($sa, 0, 200000);
    t('type', fn() => get_resource_type($sa));
    $md = stream_get_meta_data($sa);
    t('meta', fn() => [$kind === 'unix' ? $md['stream_type'] : 'tcp', $md['mode'], $md['blocked'], $md['eof'], $md['timed_out'], $md['seekable'], $md['unread_bytes']]);
    socket_write($b, "line1\nline2\r\nrest");
    usleep(20000);
    t('fgets', fn() => fgets($sa));
    t('fgets', fn() => fgets($sa));
    t('fread 2', fn() => fread($sa, 2));
    t('socket_read after buffered', function () use ($a) { socket_set_nonblock($a); $r = socket_read($a, 100); socket_set_block($a); return $r; });
    t('fread rest', fn() => fread($sa, 100));
    t('feof', fn() => feof($sa));
    t('fwrite', fn() => fwrite($sa, "from stream"));
    t('peer reads', fn() => socket_read($b, 100));
    t('set timeout', fn() => stream_set_timeout($sa, 0, 200000));
    t('fread times out', fn() => fread($sa, 10));
    t('timed_out', fn() => stream_get_meta_data($sa)['timed_out']);
    t('fgets times out', fn() => fgets($sa));
    t('feof after timeout', fn() => feof($sa));
    t('nonblock stream', fn() => stream_set_blocking($sa, false));
    t('blocked meta', fn() => stream_get_meta_data($sa)['blocked']);
    t('socket recv now nb?', function () use ($a) { $buf = 'k'; $r = @socket_recv($a, $buf, 10, 0); return [$r, $buf]; });
    t('fread nb', fn() => fread($sa, 10));
    t('fgets nb', fn() => fgets($sa));
    t('block stream', fn() => stream_set_blocking($sa, true));
    // stream_select on exported
    $r = [$sa]; $w = [$sa]; $e = null;
    t('stream_select', fn() => stream_select($r, $w, $e, 0) . ' r' . count($r) . ' w' . count($w));
    socket_write($b, 'sel');
    $r = ['k' => $sa]; $w = null;
    t('stream_select data', fn() => stream_select($r, $w, $e, 1) . ' ' . implode(',', array_keys($r)));
    t('fread', fn() => fread($sa, 100));
    // socket_select with the socket while stream has buffered data
    socket_write($b, "buf1\nbuf2\n");
    usleep(20000);
    t('fgets buffers', fn() => fgets($sa));
    $r = [$a]; $w = null;
    t('socket_select buffered', fn() => socket_select($r, $w, $e, 0) . ' r' . count($r));
    $r = [$sa];
    t('stream_select buffered', fn() => stream_select($r, $w, $e, 0) . ' r' . count($r));
    t('fgets', fn() => fgets($sa));
    // export again
    // import
    $imp = socket_import_stream($sa);
    t('import', fn() => get_class($imp));
    t('import same object', fn() => $imp === $a);
    socket_write($b, 'imp');
    usleep(20000);
    t('read via import', fn() => socket_read($imp, 10));
    t('import getpeername', function () use ($imp, $kind) { $ok = socket_getpeername($imp, $addr, $port); return [$ok, $kind === 'unix' ? $addr : 'x']; });
    // peer closes
    socket_close($b);
    usleep(20000);
    t('fread eof', fn() => fread($sa, 10));
    t('feof', fn() => feof($sa));
    t('fgets eof', fn() => fgets($sa));
    t('fwrite to closed', fn() => @fwrite($sa, 'x'));
    usleep(20000);
    t('fwrite to closed 2', fn() => @fwrite($sa, 'x'));
    t('socket_last_error a', fn() => socket_last_error($a));
    // close socket, use stream
    socket_close($a);
    t('stream after socket_close', fn() => is_resource($sa) ? get_resource_type($sa) : 'gone');
    t('fread after socket_close', fn() => @fread($sa, 10));
    t('fwrite after socket_close', fn() => @fwrite($sa, 'x'));
    t('imp after close', fn() => @socket_read($imp, 10));
    // fclose stream, use socket
    [$a, $b] = $mk();
    $sa = socket_export_stream($a);
    stream_set_timeout($sa, 0, 200000);
    fclose($sa);
    t('socket write after fclose', fn() => @socket_write($a, 'x'));
    t('socket read after fclose', fn() => @socket_read($a, 10));
    t('last_error', fn() => socket_last_error($a));
    t('close after fclose', function () use ($a) { socket_close($a); return 'ok'; });
    t('peer read', fn() => @socket_read($b, 10));
    // drop the socket, keep the stream
    [$a, $b] = $mk();
    $sa = socket_export_stream($a);
    stream_set_timeout($sa, 0, 200000);
    unset($a);
    socket_write($b, 'alive');
    t('stream after socket dropped', fn() => fread($sa, 10));
    t('fwrite', fn() => fwrite($sa, 'back'));
    t('peer', fn() => socket_read($b, 10));
    $i2 = socket_import_stream($sa);
    t('import after drop', fn() => get_class($i2));
    t('write via import', fn() => socket_write($i2, 'i2'));
    t('peer', fn() => socket_read($b, 10));
    fclose($sa);
    t('write after fclose of imported', fn() => @socket_write($i2, 'i2'));
    socket_close($b);
}
t('import non-socket stream', fn() => @socket_import_stream(fopen('php://memory', 'r+')));
t('import stdin', fn() => @socket_import_stream(STDIN));
