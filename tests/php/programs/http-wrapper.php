<?php
// PHP's http:// wrapper (file_get_contents, fopen, POST) against a server on loopback port
// argv[1] (the harness runs it).
$port = (int)$argv[1];
$ctx = stream_context_create(['http' => ['timeout' => 5, 'header' => "X-Test: 1\r\n", 'ignore_errors' => true]]);
$body = file_get_contents("http://127.0.0.1:$port/hello.txt", false, $ctx);
var_dump($body);
echo implode("|", array_filter($http_response_header, fn($h) => !str_starts_with($h, 'Date') && !str_starts_with($h, 'Server'))), "\n";
$body = @file_get_contents("http://127.0.0.1:$port/missing");
var_dump($body);
echo $http_response_header[0], "\n";
$f = fopen("http://127.0.0.1:$port/hello.txt", 'r');
$md = stream_get_meta_data($f);
echo $md['wrapper_type'], "\n"; // stream_type is tcp_socket/ssl where PHP has OpenSSL
echo stream_get_contents($f);
fclose($f);
$opts = ['http' => ['method' => 'POST', 'header' => "Content-Type: text/plain\r\n", 'content' => 'posted body', 'ignore_errors' => true]];
echo file_get_contents("http://127.0.0.1:$port/echo", false, stream_context_create($opts)), "\n";
var_dump(@file_get_contents("http://127.0.0.1:1/"));
echo error_get_last()['message'] ?? '', "\n";
