<?php
// stream_set_timeout($fp, 0): a poll-style read on a blocking stream.
$server = stream_socket_server("tcp://127.0.0.1:0");
$addr = stream_socket_get_name($server, false);
$c = stream_socket_client("tcp://$addr");
$s = stream_socket_accept($server);
var_dump(stream_set_timeout($c, 0));
$t = microtime(true);
var_dump(fread($c, 10));
var_dump(stream_get_meta_data($c)['timed_out'], feof($c));
var_dump(fgets($c));
var_dump(stream_get_meta_data($c)['timed_out']);
fwrite($s, "abc\ndef");
usleep(50000);
var_dump(fgets($c), fgets($c), fgets($c));
var_dump(stream_get_meta_data($c)['timed_out']);
var_dump(stream_get_contents($c));
var_dump(stream_get_meta_data($c)['timed_out']);
echo "fast: ", microtime(true) - $t < 1 ? "yes" : "no", "\n";
stream_set_timeout($c, 0, 1);
var_dump(fread($c, 10), stream_get_meta_data($c)['timed_out']);
// stream_set_timeout with usec only
stream_set_timeout($c, 0, 100000);
var_dump(fread($c, 10), stream_get_meta_data($c)['timed_out']);
fwrite($s, "x");
usleep(20000);
var_dump(fread($c, 10), stream_get_meta_data($c)['timed_out']);
// negative timeout
var_dump(@stream_set_timeout($c, -1));
fwrite($s, "y");
var_dump(fread($c, 10));
