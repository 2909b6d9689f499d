<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// stream_socket_get_name / recvfrom / sendto / peek / oob / shutdown / pair over v4, v6, unix, udg.
$dir = $argv[1];
set_error_handler(function ($no, $str) {
    echo "  [", $no, "] ", str_replace($GLOBALS['dir'], 'DIR', preg_replace('/:\d{4,5}\b/', ':PORT', $str)), "\n";
    return true;
});
function n($x) { return $x === false ? 'false' : var_export(str_replace($GLOBALS['dir'], 'DIR', preg_replace('/:\d{4,5}$/', ':PORT', $x)), true); }
foreach (['tcp://127.0.0.1:0', 'tcp://[::1]:0', "unix://$dir/n.sock"] as $url) {
    echo "== ", n($url), "\n";
    $srv = stream_socket_server($url, $errno, $errstr);
    $local = stream_socket_get_name($srv, false);
    echo "server local ", n($local), " remote ", n(stream_socket_get_name($srv, true)), "\n";
    $target = str_starts_with($url, 'unix') ? $url : "tcp://$local";
    $c = stream_socket_client($target, $errno, $errstr, 1);
    $s = stream_socket_accept($srv, 1, $peer);
    // native PHP reports an unnamed AF_UNIX peer from an uninitialised sockaddr: not compared
    if (!str_starts_with($url, 'unix')) echo "accept peer ", n($peer), "\n";
    echo "client local ", n(stream_socket_get_name($c, false)), " remote ", n(stream_socket_get_name($c, true)), "\n";
    echo "accepted local ", n(stream_socket_get_name($s, false)), " remote ", n(stream_socket_get_name($s, true)), "\n";
    fwrite($c, "hello world");
    usleep(50000);
    $from = 'unset';
    var_dump(stream_socket_recvfrom($s, 5, STREAM_PEEK, $from));
    echo "peek from ", n($from), "\n";
    $from = 'unset';
    var_dump(stream_socket_recvfrom($s, 5, 0, $from));
    echo "recv from ", n($from), "\n";
    var_dump(fread($s, 100));
    var_dump(stream_socket_sendto($s, "reply"));
    var_dump(stream_socket_sendto($s, "reply2", 0, ''));
    usleep(50000);
    var_dump(fread($c, 100));
    if (!str_starts_with($url, 'unix')) {
        var_dump(stream_socket_sendto($c, "U", STREAM_OOB));
        fwrite($c, "after");
        usleep(50000);
        var_dump(stream_socket_recvfrom($s, 10, STREAM_OOB));
        var_dump(fread($s, 100));
    } else {
        var_dump(@stream_socket_sendto($c, "U", STREAM_OOB));
        echo error_get_last()['message'] ?? '', "\n";
    }
    var_dump(stream_socket_recvfrom($s, 10, STREAM_OOB));
    var_dump(stream_socket_sendto($c, "x", 0, '127.0.0.1:1'));
    var_dump(stream_socket_sendto($c, "x", 0, 'nonsense'));
    var_dump(stream_socket_shutdown($c, STREAM_SHUT_WR));
    var_dump(fread($s, 10), feof($s));
    var_dump(stream_socket_shutdown($s, STREAM_SHUT_RD));
    var_dump(stream_socket_shutdown($s, STREAM_SHUT_RDWR));
    var_dump(fread($c, 10), feof($c));
    var_dump(fwrite($c, "z"));
    var_dump(stream_socket_shutdown($srv, STREAM_SHUT_RDWR));
    var_dump(stream_socket_recvfrom($srv, 10));
    fclose($c); fclose($s); fclose($srv);
}
echo "== udp v4/v6\n";
foreach (['udp://127.0.0.1:0', 'udp://[::1]:0'] as $url) {
    $u = stream_socket_server($url, $errno, $errstr, STREAM_SERVER_BIND);
    $un = stream_socket_get_name($u, false);
    echo "udp local ", n($un), " remote ", n(stream_socket_get_name($u, true)), "\n";
    $uc = stream_socket_client("udp://$un", $errno, $errstr);
    echo "udp client remote ", n(stream_socket_get_name($uc, true)), "\n";
    fwrite($uc, "dgram-one");
    fwrite($uc, "dgram-two");
    usleep(50000);
    $from = 'unset';
    var_dump(stream_socket_recvfrom($u, 4, STREAM_PEEK, $from));
    var_dump($from === stream_socket_get_name($uc, false));
    var_dump(stream_socket_recvfrom($u, 4, 0, $from));
    var_dump(stream_socket_recvfrom($u, 100, 0, $from));
    var_dump(stream_socket_sendto($u, "back", 0, $from));
    var_dump(stream_socket_sendto($u, "", 0, $from));
    usleep(50000);
    var_dump(fread($uc, 100));
    var_dump(fread($uc, 100));
    stream_set_blocking($u, false);
    var_dump(stream_socket_recvfrom($u, 100, 0, $from), $from);
    var_dump(fread($u, 100));
    var_dump(stream_socket_sendto($u, "nowhere"));
    fclose($u); fclose($uc);
}
echo "== udg\n";
$g = stream_socket_server("udg://$dir/g.sock", $errno, $errstr, STREAM_SERVER_BIND);
echo "udg local ", n(stream_socket_get_name($g, false)), " remote ", n(stream_socket_get_name($g, true)), "\n";
$gc = stream_socket_client("udg://$dir/g.sock", $errno, $errstr);
echo "udg client local ", n(stream_socket_get_name($gc, false)), " remote ", n(stream_socket_get_name($gc, true)), "\n";
fwrite($gc, "to-udg");
$from = 'unset';
var_dump(stream_socket_recvfrom($g, 100, 0, $from));
var_dump($from);
var_dump(stream_socket_sendto($g, "reply", 0, "$dir/g.sock"));
fclose($gc); fclose($g);
echo "== pair\n";
foreach ([STREAM_SOCK_STREAM, STREAM_SOCK_DGRAM] as $t) {
    [$a, $b] = stream_socket_pair(STREAM_PF_UNIX, $t, 0);
    echo "pair names ", n(stream_socket_get_name($a, false)), " ", n(stream_socket_get_name($a, true)), "\n";
    $m = stream_get_meta_data($a); unset($m['uri']); echo json_encode($m), "\n";
    fwrite($a, "one"); fwrite($a, "two");
    $from = 'unset';
    var_dump(stream_socket_recvfrom($b, 2, STREAM_PEEK, $from), $from);
    var_dump(fread($b, 100));
    var_dump(stream_socket_sendto($b, "back"), fread($a, 10));
    fclose($a);
    var_dump(fread($b, 10), feof($b));
    var_dump(fwrite($b, "x"));
}
var_dump(stream_socket_pair(STREAM_PF_INET, STREAM_SOCK_STREAM, 0));
var_dump(stream_socket_pair(STREAM_PF_UNIX, 99, 0));
var_dump(stream_socket_pair(99, STREAM_SOCK_STREAM, 0));
var_dump(stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 17));
