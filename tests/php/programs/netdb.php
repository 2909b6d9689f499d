<?php
// Name and number lookups a network tool makes: protocols, services (every name and alias
// the harness passes, from /etc/services, and ports 0-1100), localhost, address conversions,
// 64-bit integers (ip2long, pack('J')).
$names = array_slice($argv, 1);
foreach ($names as $n)
    foreach (['tcp', 'udp', 'sctp', 'ddp', ''] as $proto)
        if (($p = getservbyname($n, $proto)) !== false) echo "$n/$proto=$p ";
echo "\n";
for ($port = 0; $port <= 1100; $port++)
    foreach (['tcp', 'udp'] as $proto)
        if (($n = getservbyport($port, $proto)) !== false) echo "$port/$proto=$n ";
echo "\n";
var_dump(getservbyname('www', 'tcp'), getservbyname('WWW', 'tcp'), getservbyport(80, 'udp'), getservbyport(-1, 'tcp'), getservbyport(65536 + 80, 'tcp'));
var_dump(gethostbyname('localhost'), gethostbynamel('localhost'), gethostbyname('127.0.0.1'), gethostbyname('no-such-host.invalid'));
var_dump(getprotobyname('tcp'), getprotobyname('icmp'), getprotobyname('nope'), getprotobynumber(17), getprotobynumber(255));
var_dump(inet_ntop(inet_pton('::1')), inet_ntop(inet_pton('10.0.0.1')), bin2hex(inet_pton('fe80::1')), @inet_pton('1.2.3'));
var_dump(ip2long('192.168.1.1'), long2ip(3232235777), ip2long('300.1.1.1'), long2ip(-1), ip2long('255.255.255.255'));
var_dump(PHP_INT_SIZE, PHP_INT_MAX, 1 << 40, bin2hex(pack('J', 0x0102030405060708)), unpack('P', pack('P', PHP_INT_MAX))[1], crc32('sockbox'), intdiv(PHP_INT_MAX, 3));
var_dump(is_int(hrtime(true)), sprintf('%u', -1), 0x7fffffff + 1, 9007199254740993, (int)'9223372036854775807', PHP_INT_MAX + 1);
