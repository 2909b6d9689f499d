<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// Connect / accept / read timeouts given as 0, tiny, negative, huge; stream_set_timeout variants.
$dir = $argv[1];
set_error_handler(function ($no, $str) { echo "  [", $no, "] ", str_replace($GLOBALS['dir'], 'DIR', preg_replace('/:\d{4,5}\b/', ':PORT', $str)), "\n"; return true; });
function t($label, $f) { echo "$label: "; try { $r = $f(); echo is_resource($r) ? get_resource_type($r) : var_export($r, true), "\n"; } catch (\Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$name = stream_socket_get_name($srv, false);
$port = (int)explode(':', $name)[1];
$keep = [];
foreach ([0, 0.0, 0.000001, -1, -0.5, 1e12, PHP_INT_MAX, NAN, INF] as $to) {
    t("client timeout " . var_export($to, true), function () use ($name, $to, &$keep, $srv) { $c = stream_socket_client("tcp://$name", $errno, $errstr, $to); $keep[] = $c; $keep[] = stream_socket_accept($srv, 1); return $c; });
}
foreach ([0, -1, 1e12, null] as $to) {
    t("fsockopen timeout " . var_export($to, true), function () use ($port, $to, &$keep, $srv) { $c = fsockopen('127.0.0.1', $port, $errno, $errstr, $to); $keep[] = $c; $keep[] = stream_socket_accept($srv, 1); return $c; });
}
t("unix client timeout 0", function () use ($dir) { $u = stream_socket_server("unix://$dir/t.sock"); $GLOBALS['u'] = $u; return stream_socket_client("unix://$dir/t.sock", $e, $s, 0); });
$c = stream_socket_client("tcp://$name", $errno, $errstr, 1);
$s = stream_socket_accept($srv, 1);
foreach ([[0, 0], [0, 1], [0, -1], [-1, 0], [0, 1000000], [0, 1500000], [-5, 0]] as [$sec, $us]) {
    t("stream_set_timeout($sec, $us)", function () use ($s, $sec, $us) {
        $r = stream_set_timeout($s, $sec, $us);
        $t = microtime(true);
        if ($sec >= 0 && $sec + $us / 1e6 < 1.6) { $x = fread($s, 10); $m = stream_get_meta_data($s); return [$r, $x, $m['timed_out']]; }
        return $r;
    });
}
t("accept timeout -1 with a pending client", function () use ($name, $srv, &$keep) { $keep[] = stream_socket_client("tcp://$name", $e, $es, 1); return stream_socket_accept($srv, -1); });
t("accept timeout 1e12 with a pending client", function () use ($name, $srv, &$keep) { $keep[] = stream_socket_client("tcp://$name", $e, $es, 1); return stream_socket_accept($srv, 1e12); });
t("accept timeout NAN", function () use ($srv) { return stream_socket_accept($srv, NAN); });
t("accept timeout INF pending", function () use ($name, $srv, &$keep) { $keep[] = stream_socket_client("tcp://$name", $e, $es, 1); return stream_socket_accept($srv, INF); });
t("select timeout 0 us 1000000", function () use ($s) { $r = [$s]; $w = $e = null; return stream_select($r, $w, $e, 0, 1000000); });
fwrite($c, "x");
t("select usec 0 with null sec, ready", function () use ($s) { $r = [$s]; $w = $e = null; return stream_select($r, $w, $e, null, 0); });
t("select null timeout ready", function () use ($s) { $r = [$s]; $w = $e = null; return stream_select($r, $w, $e, null); });
