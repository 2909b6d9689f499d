<?php
// get_resources() around socket_export_stream() / fclose() / unset.
function res() { $o = []; foreach (get_resources() as $id => $r) $o[] = $id . ':' . get_resource_type($r); return implode(' ', $o); }
echo "start: ", res(), "\n";
$s = socket_create(AF_INET, SOCK_DGRAM, 0);
echo "socket: ", res(), "\n";
$st = socket_export_stream($s);
echo "export: ", res(), "\n";
unset($st);
echo "unset stream: ", res(), "\n";
$st = socket_export_stream($s);
echo "export again: ", res(), "\n";
// socket_close() here: closed-export-resource
unset($st);
echo "unset st: ", res(), "\n";
unset($s);
echo "unset s: ", res(), "\n";
$s = socket_create(AF_INET, SOCK_DGRAM, 0);
$st = socket_export_stream($s);
unset($s);
echo "unset socket keep stream: ", res(), "\n";
fclose($st);
echo "fclose: ", res(), "\n";
$srv = stream_socket_server('tcp://127.0.0.1:0', $e, $es);
echo "server: ", res(), "\n";
$i = socket_import_stream($srv);
echo "import: ", res(), "\n";
unset($srv);
echo "unset srv: ", res(), "\n";
unset($i);
echo "unset i: ", res(), "\n";
$p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
echo "pair: ", res(), "\n";
$c = stream_socket_client('tcp://' . stream_socket_get_name($srv2 = stream_socket_server('tcp://127.0.0.1:0'), false));
echo "client: ", res(), "\n";
$a = stream_socket_accept($srv2, 1);
echo "accept: ", res(), "\n";
$ctx = stream_context_create();
echo "ctx: ", res(), "\n";
$ai = socket_addrinfo_lookup('127.0.0.1', '80', ['ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM]);
$cs = socket_addrinfo_connect($ai[0]);
echo "ai connect: ", res(), "\n";
