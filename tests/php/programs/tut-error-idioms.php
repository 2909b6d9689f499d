<?php
// Error handling idioms: socket_last_error + socket_strerror, @, set_error_handler -> ErrorException, ValueError.
set_error_handler(function ($no, $str, $file, $line) {
    throw new ErrorException($str, 0, $no, $file, $line);
});
function attempt($label, $fn) {
    try {
        $r = $fn();
        echo "$label: ", is_object($r) ? get_class($r) : var_export($r, true), "\n";
    } catch (ErrorException $e) {
        echo "$label: ErrorException(", $e->getSeverity(), "): ", $e->getMessage(), "\n";
    } catch (ValueError $e) {
        echo "$label: ValueError: ", $e->getMessage(), "\n";
    } catch (TypeError $e) {
        echo "$label: TypeError: ", $e->getMessage(), "\n";
    } catch (Error $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
    $g = socket_last_error();
    echo "   global last error $g ", socket_strerror($g), "\n";
    socket_clear_error();
}
$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($t, '127.0.0.1', 0); socket_getsockname($t, $x, $closed); socket_close($t);
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($l, '127.0.0.1', 0); socket_listen($l); socket_getsockname($l, $x, $lport);

attempt('connect refused', fn() => socket_connect(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), '127.0.0.1', $closed));
attempt('connect @refused', fn() => @socket_connect(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), '127.0.0.1', $closed));
attempt('bind in use', fn() => socket_bind(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), '127.0.0.1', $lport));
attempt('bind bad addr', fn() => socket_bind(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), '999.1.1.1', 0));
attempt('bind v4 on v6', fn() => socket_bind(socket_create(AF_INET6, SOCK_STREAM, SOL_TCP), '127.0.0.1', 0));
attempt('connect no port', fn() => socket_connect(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), '127.0.0.1'));
attempt('create bad domain', fn() => socket_create(12345, SOCK_STREAM, 0));
attempt('create bad type', fn() => socket_create(AF_INET, 12345, 0));
attempt('create bad proto', fn() => socket_create(AF_INET, SOCK_STREAM, 12345));
attempt('create udp stream', fn() => socket_create(AF_INET, SOCK_STREAM, SOL_UDP));
attempt('listen unbound udp', fn() => socket_listen(socket_create(AF_INET, SOCK_DGRAM, SOL_UDP)));
attempt('accept not listening', fn() => socket_accept(socket_create(AF_INET, SOCK_STREAM, SOL_TCP)));
attempt('read unconnected', fn() => socket_read(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), 10));
attempt('write unconnected', fn() => socket_write(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), "x"));
attempt('recv unconnected', fn() => socket_recv(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), $b, 10, 0));
attempt('send unconnected', fn() => socket_send(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), "x", 1, 0));
attempt('getpeername unconnected', fn() => socket_getpeername(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), $a));
attempt('shutdown unconnected', fn() => socket_shutdown(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), 2));
attempt('shutdown bad how', fn() => socket_shutdown(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), 7));
attempt('read negative', fn() => socket_read(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), -1));
attempt('write negative', fn() => socket_write(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), "x", -1));
attempt('recv negative', fn() => socket_recv(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), $b, -1, 0));
attempt('sendto no port', fn() => socket_sendto(socket_create(AF_INET, SOCK_DGRAM, SOL_UDP), "x", 1, 0, '127.0.0.1'));
attempt('set_option bad level', fn() => socket_set_option(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), 12345, 1, 1));
attempt('set_option bad opt', fn() => socket_set_option(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), SOL_SOCKET, 12345, 1));
attempt('get_option bad opt', fn() => socket_get_option(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), SOL_SOCKET, 12345));
attempt('rcvtimeo int', fn() => socket_set_option(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), SOL_SOCKET, SO_RCVTIMEO, 5));
attempt('linger missing', fn() => socket_set_option(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), SOL_SOCKET, SO_LINGER, ['l_onoff' => 1]));
attempt('closed socket', function () { $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_close($s); return socket_write($s, "x"); });
attempt('closed twice', function () { $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_close($s); socket_close($s); });
attempt('select empty', function () { $r = []; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
attempt('select negative', function () { $r = [socket_create(AF_INET, SOCK_STREAM, SOL_TCP)]; $w = null; $e = null; return socket_select($r, $w, $e, -1); });
attempt('select bad usec', function () { $r = [socket_create(AF_INET, SOCK_STREAM, SOL_TCP)]; $w = null; $e = null; return socket_select($r, $w, $e, 0, -5); });
attempt('select non-socket', function () { $r = [1]; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
attempt('strerror big', fn() => socket_strerror(PHP_INT_MAX));
attempt('strerror neg', fn() => socket_strerror(-10001));
attempt('create_pair inet', function () { return socket_create_pair(AF_INET, SOCK_STREAM, 0, $p); });
attempt('create_pair bad', function () { return socket_create_pair(12345, SOCK_STREAM, 0, $p); });
attempt('unix path long', fn() => socket_bind(socket_create(AF_UNIX, SOCK_STREAM, 0), str_repeat('a', 200)));
attempt('unix connect long', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), str_repeat('a', 200)));
attempt('per-socket after ok', function () use ($closed) {
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    @socket_connect($s, '127.0.0.1', $closed);
    $e1 = socket_last_error($s);
    socket_clear_error();
    $e2 = socket_last_error($s);
    socket_clear_error($s);
    return [$e1, $e2, socket_last_error($s)];
});
restore_error_handler();
echo "done\n";
