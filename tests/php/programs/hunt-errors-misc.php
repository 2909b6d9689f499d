<?php
// socket_create_listen, select argument edges, blocking toggles, and gc of sockets in arrays.
function t(string $label, callable $f) {
    socket_clear_error();
    try {
        $r = $f();
        if (is_object($r)) $r = get_class($r);
        echo "$label: ", str_replace("\n", ' ', var_export($r, true)), " last=", socket_last_error(), "\n";
        return $r;
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
t('create_listen no args', fn() => socket_create_listen());
t('create_listen string', fn() => socket_create_listen('x'));
t('create_listen backlog string', fn() => socket_create_listen(0, 'x'));
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
socket_write($a, 'x');
t('select keys kept', function () use ($a, $b) { $r = ['x' => $a, 7 => $b, 'y' => $b]; $w = null; $e = null; $n = socket_select($r, $w, $e, 0); return [$n, array_keys($r)]; });
t('select same array for r and w', function () use ($a, $b) { $r = [$a, $b]; $n = socket_select($r, $r, $null, 0); return [$n, count($r)]; });
t('select refs', function () use ($a, $b) { $x = $b; $r = [&$x]; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
t('select usec huge', function () use ($b) { $r = [$b]; $w = null; $e = null; return socket_select($r, $w, $e, 0, 5000000); });
t('select usec null sec', function () use ($b) { $r = [$b]; $w = null; $e = null; return socket_select($r, $w, $e, null, 10); });
t('select not by ref literal', fn() => socket_select([], null, null, 0));
t('select string arr', function () { $r = 'x'; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
t('select 4 args missing', function () { $r = []; return socket_select($r, $r, $r); });
t('select nested array', function () use ($b) { $r = [[$b]]; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
t('select AddressInfo', function () { $ai = socket_addrinfo_lookup('127.0.0.1')[0]; $r = [$ai]; $w = null; $e = null; return socket_select($r, $w, $e, 0); });
t('select write set', function () use ($a, $b) { $r = null; $w = [$a, $b]; $e = null; $n = socket_select($r, $w, $e, 0); return [$n, count($w)]; });
t('select except set', function () use ($a, $b) { $r = null; $w = null; $e = [$a, $b]; $n = socket_select($r, $w, $e, 0); return [$n, count($e)]; });
t('select 0 timeout none ready', function () use ($a) { $r = [$a]; $w = null; $e = null; $n = socket_select($r, $w, $e, 0); return [$n, $r]; });
t('nonblock twice', fn() => [socket_set_nonblock($a), socket_set_nonblock($a)]);
t('block twice', fn() => [socket_set_block($a), socket_set_block($a)]);
t('read after block w/ timeout', function () use ($a) { socket_set_option($a, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]); return socket_read($a, 10); });
t('err', fn() => socket_last_error($a));
t('recv after timeout', function () use ($a) { $r = socket_recv($a, $buf, 10, 0); return [$r, $buf]; });
t('SO_RCVTIMEO read back', fn() => socket_get_option($a, SOL_SOCKET, SO_RCVTIMEO));
$arr = [];
for ($i = 0; $i < 20; $i++) $arr[] = socket_create(AF_INET, SOCK_DGRAM, 0);
t('many sockets', fn() => count($arr));
$arr = null;
t('gc', fn() => gc_collect_cycles() >= 0);
t('socket in static', function () { static $s; $s = socket_create(AF_UNIX, SOCK_DGRAM, 0); return $s instanceof Socket; });
t('Socket::class', fn() => Socket::class);
t('reflection props', fn() => (new ReflectionClass('Socket'))->getProperties());
t('reflection ctor', fn() => (new ReflectionClass('Socket'))->getConstructor());
t('reflection instantiable', fn() => (new ReflectionClass('Socket'))->isInstantiable());
t('reflection cloneable', fn() => (new ReflectionClass('Socket'))->isCloneable());
t('AddressInfo instantiable', fn() => (new ReflectionClass('AddressInfo'))->isInstantiable());
t('AddressInfo cloneable', fn() => (new ReflectionClass('AddressInfo'))->isCloneable());
t('socket_create reflection', function () { $f = new ReflectionFunction('socket_create'); return [(string)$f->getReturnType(), array_map(fn($p) => $p->getName() . ':' . $p->getType(), $f->getParameters())]; });
foreach (['socket_select', 'socket_read', 'socket_write', 'socket_recvfrom', 'socket_sendto', 'socket_set_option', 'socket_get_option', 'socket_create_pair', 'socket_last_error', 'socket_getsockname', 'socket_addrinfo_lookup', 'socket_cmsg_space', 'socket_export_stream', 'socket_import_stream', 'socket_recvmsg', 'socket_shutdown', 'socket_listen', 'socket_create_listen', 'socket_connect', 'socket_bind', 'socket_recv', 'socket_send', 'socket_accept', 'socket_close', 'socket_strerror', 'socket_clear_error', 'socket_set_block', 'socket_setopt', 'socket_getopt', 'socket_addrinfo_bind', 'socket_addrinfo_explain', 'socket_sendmsg', 'socket_getpeername', 'socket_addrinfo_connect', 'socket_create', 'socket_set_nonblock'] as $fn) {
    $f = new ReflectionFunction($fn);
    echo $fn, '(', implode(', ', array_map(fn($p) => ($p->getType() ?? 'mixed') . ($p->isPassedByReference() ? ' &' : ' ') . '$' . $p->getName() . ($p->isOptional() ? ' = ' . var_export($p->isDefaultValueAvailable() ? $p->getDefaultValue() : '?', true) : ''), $f->getParameters())), '): ', $f->getReturnType(), $f->isDeprecated() ? ' deprecated' : '', "\n";
}
t('function list', function () { $f = array_diff(get_extension_funcs('sockets'), ['socket_atmark', 'stream_socket_pair']); sort($f); return $f; }); // socket_atmark: PHP 8.3 (docs); stream_socket_pair: php.wasm registers it here, not in ext/standard
t('ext version', fn() => phpversion('sockets') === PHP_VERSION);
// Constants PHP 8.2 does not define: a polyfill defines them itself.
if (!defined('SHUT_RDWR')) define('SHUT_RDWR', 2);
define('SOCK_NONBLOCK', 2048);
t('defined AF_UNSPEC / EAI_NONAME / TCP_USER_TIMEOUT', fn() => [defined('AF_UNSPEC'), defined('EAI_NONAME'), defined('TCP_USER_TIMEOUT')]);
