<?php
// socket_sendmsg / socket_recvmsg with SCM_RIGHTS and SCM_CREDENTIALS, as in the manual's notes.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair);
[$a, $b] = $pair;
echo "space rights 1: ", socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1), "\n";
echo "space rights 3: ", socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 3), "\n";
echo "space creds: ", socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS), "\n";
// a socket pair to pass over
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $passme);
$stream = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
$r = socket_sendmsg($a, [
    'iov' => ['hello ', 'fd'],
    'control' => [['level' => SOL_SOCKET, 'type' => SCM_RIGHTS, 'data' => [$stream]]],
], 0);
var_dump($r);
$msg = ['buffer_size' => 64, 'controllen' => socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1)];
$r = socket_recvmsg($b, $msg, 0);
var_dump($r);
echo "iov ", json_encode($msg['iov']), " flags ", $msg['flags'], "\n";
echo "cmsg count ", count($msg['control']), " level ", $msg['control'][0]['level'], " type ", $msg['control'][0]['type'], "\n";
$got = $msg['control'][0]['data'][0];
echo "got type ", is_resource($got) ? get_resource_type($got) : get_class($got), "\n";
if ($got instanceof Socket) {
    var_dump(socket_getsockname($got, $ga, $gp));
    var_dump($ga);
} else {
    $meta = stream_get_meta_data($got);
    echo "stream type ", $meta['stream_type'], "\n";
    $name = stream_socket_get_name($got, false);
    echo "same name ", $name === stream_socket_get_name($stream, false) ? "yes" : "no", "\n";
}

// SCM_CREDENTIALS
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $dp);
var_dump(socket_set_option($dp[1], SOL_SOCKET, SO_PASSCRED, 1));
$pid = getmypid();
$r = socket_sendmsg($dp[0], [
    'iov' => ['creds'],
    'control' => [['level' => SOL_SOCKET, 'type' => SCM_CREDENTIALS, 'data' => ['pid' => $pid, 'uid' => posix_getuid(), 'gid' => posix_getgid()]]],
], 0);
var_dump($r);
$msg = ['buffer_size' => 64, 'controllen' => socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS)];
var_dump(socket_recvmsg($dp[1], $msg, 0));
$c = $msg['control'][0];
echo "level $c[level] type $c[type] pid ", $c['data']['pid'] === $pid ? "mine" : "other", " uid ", $c['data']['uid'] === posix_getuid() ? "mine" : "other", "\n";
// without explicit creds: kernel adds them when SO_PASSCRED
socket_send($dp[0], "plain", 5, 0);
$msg = ['buffer_size' => 64, 'controllen' => socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS)];
var_dump(socket_recvmsg($dp[1], $msg, 0));
echo json_encode($msg['iov']), " ", count($msg['control']), " pid ", $msg['control'][0]['data']['pid'] === $pid ? "mine" : "other", "\n";
// control buffer too small: MSG_CTRUNC
socket_send($dp[0], "small", 5, 0);
$msg = ['buffer_size' => 64, 'controllen' => 4];
var_dump(socket_recvmsg($dp[1], $msg, 0));
echo "flags ", $msg['flags'], " ctrunc ", ($msg['flags'] & MSG_CTRUNC) ? 1 : 0, " control ", json_encode($msg['control']), "\n";
// recvmsg name for unix dgram
$msg = ['name' => [], 'buffer_size' => 8];
socket_send($dp[0], "toolongdatagram", 15, 0);
socket_set_option($dp[1], SOL_SOCKET, SO_PASSCRED, 0);
var_dump(socket_recvmsg($dp[1], $msg, 0));
echo json_encode($msg), "\n";
// missing keys
$msg = [];
try { var_dump(socket_recvmsg($dp[1], $msg, MSG_DONTWAIT)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
var_dump(socket_sendmsg($dp[0], ['iov' => []], 0));
socket_set_nonblock($dp[1]);
$msg = ['buffer_size' => 10];
var_dump(@socket_recvmsg($dp[1], $msg, 0), socket_last_error($dp[1]));
