<?php
// ReflectionExtension('sockets'): functions, classes, constants, version, INI, dependencies, info().
$e = new ReflectionExtension('sockets');
echo $e->getName(), " ", $e->getVersion() === PHP_VERSION ? "ver=PHP_VERSION" : "ver=" . $e->getVersion(), "\n";
echo "persistent=", (int)$e->isPersistent(), " temp=", (int)$e->isTemporary(), "\n";
var_dump($e->getINIEntries());
var_dump($e->getClassNames());
echo implode(",", array_diff(array_keys($e->getFunctions()), ['socket_atmark', 'stream_socket_pair'])), "\n";
foreach ($e->getClasses() as $n => $c) echo $n, " ", get_class($c), "\n";
$c = array_diff_key($e->getConstants(), array_flip(['STREAM_SOCK_RAW', 'STREAM_SOCK_SEQPACKET', 'STREAM_SOCK_RDM'])); // ext-ownership
echo count($c), "\n";
foreach ($c as $k => $v) echo $k, "=", var_export($v, true), "\n";
var_dump(extension_loaded('sockets'), phpversion('sockets') === PHP_VERSION);
