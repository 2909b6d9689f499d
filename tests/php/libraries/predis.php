<?php
// Predis (Debian's php-nrk-predis 1.1, unmodified, from /usr/share/php) against a real
// redis-server the harness started: argv[1] its loopback port, argv[2] its unix socket,
// argv[3] a loopback port nothing listens on. Predis speaks RESP over stream_socket_client()
// (tcp:// and unix://), fwrite/fgets/fread and stream_set_timeout(), and sets TCP_NODELAY
// through socket_import_stream() + socket_set_option().
require '/usr/share/php/Predis/autoload.php';

[, $port, $unix, $closed] = $argv;

function show(string $what, $value): void {
    echo $what, ' => ', json_encode($value, JSON_INVALID_UTF8_SUBSTITUTE), "\n";
}

$tcp = new Predis\Client(['scheme' => 'tcp', 'host' => '127.0.0.1', 'port' => (int)$port,
                          'tcp_nodelay' => true, 'read_write_timeout' => 5]);
$tcp->flushall();
show('ping', (string)$tcp->ping());
show('set', (string)$tcp->set('greeting', 'hello'));
show('get', $tcp->get('greeting'));
show('missing', $tcp->get('no-such-key'));
show('incr', [$tcp->incr('n'), $tcp->incrby('n', 41), $tcp->decr('n')]);
$binary = "a\r\nb\0c" . str_repeat("\xff", 3);
$tcp->set('binary', $binary);
show('binary round trip', $tcp->get('binary') === $binary);
$big = str_repeat('0123456789abcdef', 1 << 16); // 1 MiB: many fread()s
$tcp->set('big', $big);
show('big', [strlen($tcp->get('big')), md5($tcp->get('big')) === md5($big)]);
$tcp->rpush('list', ['a', 'b', 'c']);
show('lrange', $tcp->lrange('list', 0, -1));
$tcp->hmset('hash', ['f1' => 'v1', 'f2' => 'v2']);
$h = $tcp->hgetall('hash');
ksort($h);
show('hgetall', $h);
show('pipeline', $tcp->pipeline(function ($p) {
    $p->set('p1', 'x');
    $p->append('p1', 'y');
    $p->get('p1');
    $p->strlen('p1');
}));
show('transaction', $tcp->transaction(function ($t) {
    $t->incr('tx');
    $t->incr('tx');
}));
try {
    $tcp->lpush('greeting', 'x');
} catch (Predis\Response\ServerException $e) {
    show('wrong type', [get_class($e), $e->getMessage()]);
}
// A blocking pop that times out server-side: the client waits in fgets() for 1 s.
show('blpop timeout', $tcp->blpop(['empty-list'], 1));

// Publish/subscribe between two connections.
$sub = new Predis\Client(['scheme' => 'tcp', 'host' => '127.0.0.1', 'port' => (int)$port]);
$loop = $sub->pubSubLoop();
$loop->subscribe('news');
$got = [];
foreach ($loop as $message) {
    if ($message->kind === 'subscribe') {
        $tcp->publish('news', 'first');
        $tcp->publish('news', 'second');
        continue;
    }
    $got[] = [$message->kind, $message->channel, $message->payload];
    if (count($got) === 2) {
        $loop->unsubscribe();
    }
}
show('pubsub', $got);

// The same server over its unix socket.
$local = new Predis\Client(['scheme' => 'unix', 'path' => $unix]);
show('unix get', $local->get('greeting'));
show('unix dbsize', $local->dbsize());

// A read timeout: BLPOP for 3 s on a connection whose read_write_timeout is 0.5 s.
$impatient = new Predis\Client(['scheme' => 'tcp', 'host' => '127.0.0.1', 'port' => (int)$port,
                                'read_write_timeout' => 0.5]);
try {
    $impatient->blpop(['empty-list'], 3);
} catch (Predis\Connection\ConnectionException $e) {
    show('read timeout', [get_class($e), str_replace($port, 'PORT', $e->getMessage())]);
}

// Refused, and a name that is no address.
foreach (["tcp://127.0.0.1:$closed", 'unix:' . $unix . '.missing'] as $uri) {
    try {
        (new Predis\Client($uri))->ping();
    } catch (Predis\Connection\ConnectionException $e) {
        show('connect', [get_class($e), $e->getCode(),
                         str_replace([$closed, $unix], ['CLOSED', 'UNIX'], $e->getMessage())]);
    }
}
$tcp->quit();
show('done', true);
