<?php
// socket_select: keys, duplicates, same array twice, bad elements, timeouts, counts.
function t(string $label, callable $f) {
    socket_clear_error();
    try { $r = $f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    $err = socket_last_error();
    echo "$label: ", is_string($r) ? $r : var_export($r, true), $err ? " [err $err]" : '', "\n";
}
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$a, $b] = $p;
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$c, $d] = $p;
$names = [];
foreach (['a', 'b', 'c', 'd'] as $n) $names[spl_object_id($$n)] = $n;
$show = function ($arr) use (&$names) {
    if ($arr === null) return 'null';
    if (!is_array($arr)) return var_export($arr, true);
    $o = [];
    foreach ($arr as $k => $v) $o[] = var_export($k, true) . '=>' . (is_object($v) && isset($names[spl_object_id($v)]) ? $names[spl_object_id($v)] : gettype($v));
    return '[' . implode(',', $o) . ']';
};
socket_write($b, 'x');   // a readable
$sel = function ($label, $r, $w, $e, $sec, $usec = 0) use ($show) {
    try {
        $n = socket_select($r, $w, $e, $sec, $usec);
    } catch (Throwable $ex) { echo "$label: ", get_class($ex), ': ', $ex->getMessage(), ' r=', $show($r), "\n"; return; }
    echo "$label: ", var_export($n, true), ' r=', $show($r), ' w=', $show($w), ' e=', $show($e), "\n";
};
$sel('string keys', ['x' => $a, 'y' => $c], null, null, 0);
$sel('int keys', [5 => $c, 9 => $a, -3 => $b], null, null, 0);
$sel('mixed keys', ['k' => $c, 7 => $a, '8' => $a], null, null, 0);
$sel('dups read', [$a, $a, $c], null, null, 0);
$sel('dups write', null, [$a, $a, $b], null, 0);
$sel('read+write same', [$a, $c], [$a, $c], null, 0);
$sel('empty arrays', [], [], [], 0);
$sel('all null', null, null, null, 0);
$sel('empty and one', [], [$a], null, 0);
$sel('non socket', [$a, 'str'], null, null, 0);
$sel('non socket write', [$a], [1], null, 0);
$sel('non socket except', [$a], [$a], [null], 0);
$sel('bad before closed', ['q', $a], null, null, 0);
$x = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_close($x);
$sel('closed in read', [$a, $x], null, null, 0);
$sel('closed in except', [$a], null, [$x], 0);
$sel('usec only', [$c], null, null, 0, 100000);
$sel('null timeout ready', [$a], null, null, null);
$sel('neg sec', [$c], null, null, -1);
$sel('neg usec', [$c], null, null, 0, -1);
$sel('neg sec big usec', [$c], null, null, -1, 1100000);
$sel('usec overflow', [$c], null, null, 0, 1000000);
$sel('fresh write', null, [$a, $b, $c, $d], null, 0);
$sel('except none', null, null, [$a, $b], 0);
$sel('except only', null, null, [$c], 0, 50000);
// nested references in the array
$ref = $a; $arr = [&$ref, $c];
$sel('ref element', $arr, null, null, 0);
// same variable twice
$both = [$a, $c, $b];
try { $n = socket_select($both, $both, $none, 0); echo 'same var read+write: ', $n, ' ', $show($both), "\n"; } catch (Throwable $e) { echo get_class($e), "\n"; }
$both = [$a, $c];
try { $n = socket_select($both, $none, $both, 0); echo 'same var read+except: ', $n, ' ', $show($both), "\n"; } catch (Throwable $e) { echo get_class($e), "\n"; }
$both = [$c, $d];
try { $n = socket_select($both, $both, $both, 0); echo 'same var x3: ', $n, ' ', $show($both), "\n"; } catch (Throwable $e) { echo get_class($e), "\n"; }
// non-array passed by reference
$notarr = 'str';
try { $n = socket_select($notarr, $none, $none, 0); echo "string: $n\n"; } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
// timeout returns 0 and empties
$r = [$c]; $w = []; $e = [$c];
t('timeout count', fn() => socket_select($r, $w, $e, 0, 100000));
echo 'after timeout: ', $show($r), ' ', $show($w), ' ', $show($e), "\n";
// peer closed -> readable; hup
socket_close($d);
$sel('peer closed read', [$c], null, null, 0);
$sel('peer closed write', null, [$c], null, 0);
$sel('peer closed except', null, null, [$c], 0);
// listening socket readiness
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l, 5); socket_getsockname($l, $_, $port);
$names[spl_object_id($l)] = 'l';
$sel('listener idle', [$l], [$l], [$l], 0);
$k = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($k, '127.0.0.1', $port);
$names[spl_object_id($k)] = 'k';
usleep(20000);
$sel('listener pending', [$l], [$l], [$l], 1);
$u = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$names[spl_object_id($u)] = 'u';
$sel('unconnected tcp', [$u], [$u], [$u], 0);
$g = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
$names[spl_object_id($g)] = 'g';
$sel('fresh udp', [$g], [$g], [$g], 0);
t('last error', fn() => socket_last_error());
