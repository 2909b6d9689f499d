<?php
// which extension owns what: php-cli registers stream_socket_pair and STREAM_SOCK_* in standard, and has no socket_atmark
echo (new ReflectionFunction('stream_socket_pair'))->getExtensionName(), "\n";
var_dump(in_array('stream_socket_pair', get_extension_funcs('standard')), in_array('stream_socket_pair', get_extension_funcs('sockets')));
var_dump(count(get_extension_funcs('sockets')));
var_dump(function_exists('socket_atmark'));
$c = get_defined_constants(true);
foreach (['STREAM_SOCK_RAW', 'STREAM_SOCK_SEQPACKET', 'STREAM_SOCK_RDM', 'STREAM_SOCK_STREAM', 'STREAM_PF_UNIX'] as $n)
    echo $n, ": standard=", (int)isset($c['standard'][$n]), " sockets=", (int)isset($c['sockets'][$n]), "\n";
var_dump(count($c['sockets']), count((new ReflectionExtension('sockets'))->getConstants()));
var_dump((new ReflectionExtension('sockets'))->getDependencies());
ob_start(); (new ReflectionExtension('sockets'))->info(); echo ob_get_clean();
