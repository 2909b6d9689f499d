<?php
// Socket and AddressInfo objects: clone, serialize, json_encode, var_export, casts, comparisons, WeakMap.
function t($f) { try { $r = $f(); echo "ok: "; var_dump($r); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$s2 = socket_create(AF_INET, SOCK_DGRAM, 0);
$ai = socket_addrinfo_lookup('127.0.0.1', '80', ['ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM]);
$a = $ai[0];
foreach ([$s, $a] as $o) {
    echo "== ", get_class($o), "\n";
    var_dump($o); print_r($o); echo "\n"; var_export($o); echo "\n";
    debug_zval_refcount: 
    var_dump((array)$o, get_object_vars($o), json_encode($o), json_last_error_msg(), (bool)$o);
    var_dump(gettype($o), get_debug_type($o), is_resource($o), is_object($o), is_callable($o), is_iterable($o), is_countable($o));
    var_dump($o instanceof Socket, $o instanceof AddressInfo, $o instanceof stdClass);
    t(fn() => clone $o);
    t(fn() => serialize($o));
    t(fn() => serialize([$o]));
    t(fn() => (string)$o);
    t(fn() => $o->foo = 1);
    t(fn() => $o->foo);
    t(fn() => isset($o->foo));
    t(function() use ($o) { unset($o->foo); return 1; });
    t(fn() => $o->method());
    t(fn() => $o == $o);
    t(fn() => $o === $o);
    t(fn() => $o != $o);
    t(fn() => $o <=> $o);
    t(fn() => $o < $o);
    t(fn() => $o == 1);
    t(fn() => $o + 1);
    t(fn() => count($o));
    t(fn() => iterator_to_array($o));
    t(function() use ($o) { $n = 0; foreach ($o as $k => $v) $n++; return $n; });
    t(fn() => intval($o));
    t(fn() => (int)$o);
    t(fn() => (float)$o);
    t(fn() => $o[0]);
    t(fn() => array_key_exists('x', (array)$o));
    t(fn() => spl_object_id($o) === spl_object_id($o));
    t(fn() => strlen(spl_object_hash($o)));
    t(fn() => method_exists($o, '__construct'));
    t(fn() => property_exists($o, 'x'));
    t(fn() => get_class_methods($o));
    t(fn() => var_export([$o], true));
    t(fn() => settype($o, 'array'));
}
var_dump($s == $s2, $s === $s2, $s != $s2);
t(fn() => $s == $a);
t(fn() => $s < $s2);
t(fn() => $s <=> $s2);
t(fn() => in_array($s, [$s2]));
t(fn() => in_array($s, [$s2, $s]));
t(fn() => in_array($s, [$s2, $s], true));
t(fn() => array_search($s, [$s2, $s]));
t(fn() => array_unique([$s, $s2, $s], SORT_REGULAR));
t(fn() => sort([$s, $s2]));
t(fn() => max($s, $s2));
$wm = new WeakMap; $wm[$s] = 1; $wm[$a] = 2; var_dump(count($wm), $wm[$s], $wm[$a]);
$id = spl_object_id($s); socket_close($s); var_dump($id === spl_object_id($s), count($wm));
var_dump($s); t(fn() => clone $s);
unset($s); var_dump(count($wm));
$wr = WeakReference::create($s2); var_dump($wr->get() === $s2); unset($s2); var_dump($wr->get());
$o = new SplObjectStorage; $x = socket_create(AF_UNIX, SOCK_STREAM, 0); $o[$x] = 5; var_dump(count($o), $o[$x]);
var_dump(array_map('gettype', $ai));
var_dump($ai);
