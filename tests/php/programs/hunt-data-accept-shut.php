<?php
// A blocking socket_accept() on a listener that was shut down (socket_shutdown), then a
// client connecting to it.
$dir = $argv[1];
foreach (['tcp', 'unix'] as $kind) {
    if ($kind === 'tcp') {
        $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
        socket_bind($l, '127.0.0.1', 0);
    } else {
        $l = socket_create(AF_UNIX, SOCK_STREAM, 0);
        socket_bind($l, "$dir/l.sock");
    }
    socket_listen($l, 4);
    socket_set_option($l, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
    var_dump(socket_shutdown($l, 2));
    $t = microtime(true);
    $r = socket_accept($l);
    echo "$kind accept: ", var_export($r, true), ' err ', socket_last_error(), ' quick ', var_export(microtime(true) - $t < 0.5, true), "\n";
}
