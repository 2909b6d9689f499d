<?php
// fgets() on a blocking socket stream holding a partial line: php-cli waits default_socket_timeout
// and then returns the partial line (timed_out set).
ini_set('default_socket_timeout', '1');
$server = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
$name = stream_socket_get_name($server, false);
$c = stream_socket_client("tcp://$name", $errno, $errstr, 2);
$s = stream_socket_accept($server);
fwrite($c, "full line\npartial ");
usleep(50000);
$t = microtime(true);
var_dump(fgets($s));
var_dump(fgets($s));
echo "waited about ", round(microtime(true) - $t), " s\n";
var_dump(stream_get_meta_data($s)['timed_out']);
var_dump(fgets($s));
var_dump(stream_get_meta_data($s)['timed_out']);
fwrite($c, "rest\n");
var_dump(fgets($s));
var_dump(stream_get_meta_data($s)['timed_out']);
// fread of more than available waits? (no: returns what is there)
fwrite($c, "abc");
usleep(50000);
$t = microtime(true);
var_dump(fread($s, 100));
echo "fread waited about ", round(microtime(true) - $t), " s\n";
$t = microtime(true);
var_dump(fread($s, 100));
echo "fread waited about ", round(microtime(true) - $t), " s\n";
var_dump(stream_get_meta_data($s)['timed_out']);
