<?php
// The select-echo example (examples/select-echo) written in PHP with ext/sockets: the
// `php` column of scripts/bench. Same loop: one socket_select() over the non-blocking
// listener and every client; a readable client costs one socket_read() and one
// socket_write(); a client whose echo was not written in full waits for writability.
//
// usage: php select-echo.php [ADDRESS] [PORT]   (prints "listening on ADDRESS:PORT")

$address = $argv[1] ?? '127.0.0.1';
$port = (int)($argv[2] ?? 10002);

$listener = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) or die("socket_create() failed\n");
socket_set_option($listener, SOL_SOCKET, SO_REUSEADDR, 1);
if (!socket_bind($listener, $address, $port) || !socket_listen($listener, SOMAXCONN)) {
    die("socket_bind/listen() failed: " . socket_strerror(socket_last_error()) . "\n");
}
socket_set_nonblock($listener);
socket_getsockname($listener, $boundAddress, $boundPort);
echo "listening on $boundAddress:$boundPort\n";

$clients = [];  // id => Socket
$pending = [];  // id => bytes of the echo not yet written

while (true) {
    $read = ['listener' => $listener];
    $write = [];
    foreach ($clients as $id => $socket) {
        if ($pending[$id] === '') {
            $read[$id] = $socket;
        } else {
            $write[$id] = $socket;
        }
    }
    $except = null;
    // Keys of the arrays are kept by socket_select(), so they still name the client.
    socket_clear_error();
    if (@socket_select($read, $write, $except, null) === false) {
        if (socket_last_error() === SOCKET_EINTR) {
            continue;
        }
        // Past FD_SETSIZE (1024) descriptors native PHP's select refuses every call: say so
        // and stop rather than spin.
        fwrite(STDERR, 'select-echo.php: ' . (error_get_last()['message'] ?? 'socket_select() failed') . "\n");
        exit(1);
    }

    foreach ($read as $id => $socket) {
        if ($socket === $listener) {
            while (($client = @socket_accept($listener)) !== false) {
                socket_set_nonblock($client);
                socket_set_option($client, SOL_TCP, TCP_NODELAY, 1);
                $key = spl_object_id($client);
                $clients[$key] = $client;
                $pending[$key] = '';
            }
            continue;
        }
        $data = @socket_read($socket, 65536, PHP_BINARY_READ);
        if ($data === '' || ($data === false && socket_last_error($socket) !== SOCKET_EAGAIN)) {
            close_client($id);
            continue;
        }
        if ($data !== false) {
            $pending[$id] = $data;
            flush_client($id);
        }
    }
    foreach ($write as $id => $socket) {
        flush_client($id);
    }
}

/** Writes as much of the client's pending echo as the socket takes; closes it on error. */
function flush_client(int $id): void
{
    global $clients, $pending;
    while ($pending[$id] !== '') {
        $n = @socket_write($clients[$id], $pending[$id]);
        if ($n === false) {
            if (socket_last_error($clients[$id]) !== SOCKET_EAGAIN) {
                close_client($id);
            }
            return;
        }
        $pending[$id] = (string)substr($pending[$id], $n);
    }
}

function close_client(int $id): void
{
    global $clients, $pending;
    socket_close($clients[$id]);
    unset($clients[$id], $pending[$id]);
}
