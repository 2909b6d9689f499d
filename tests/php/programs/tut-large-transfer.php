<?php
// Large transfers (several MB) with checksums; partial writes on non-blocking sockets.
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l); socket_getsockname($l, $x, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
mt_srand(42);
$data = '';
for ($i = 0; $i < 5 * 1024 * 1024 / 4; $i++) $data .= pack('N', mt_rand());
echo "sending ", strlen($data), " bytes, md5 ", md5($data), "\n";
socket_set_nonblock($c);
socket_set_nonblock($s);
$off = 0; $got = ''; $partial = 0; $eagain = 0; $rounds = 0;
$total = strlen($data);
$shut = false;
while (true) {
    $rounds++;
    $r = [$s]; $w = $off < $total ? [$c] : []; $e = null;
    if (!$w && !$r) break;
    $n = socket_select($r, $w, $e, 2);
    if ($n === 0) { echo "stalled\n"; break; }
    if ($w) {
        $chunk = substr($data, $off, 1 << 20);
        $wr = @socket_write($c, $chunk);
        if ($wr === false) {
            if (socket_last_error($c) == SOCKET_EAGAIN) $eagain++; else { echo "write error ", socket_last_error($c), "\n"; break; }
        } else {
            if ($wr < strlen($chunk)) $partial++;
            $off += $wr;
        }
        if ($off == $total && !$shut) { socket_shutdown($c, 1); $shut = true; }
    }
    if ($r) {
        $d = @socket_read($s, 65536);
        if ($d === '') break;
        if ($d === false) { if (socket_last_error($s) != SOCKET_EAGAIN) { echo "read error\n"; break; } }
        else $got .= $d;
    }
}
echo "received ", strlen($got), " bytes, md5 ", md5($got), " crc ", hash('crc32b', $got), "\n";
echo "partial writes happened: ", $partial > 0 ? "yes" : "no", "\n";
// blocking: one big socket_write writes all? socket_send with a blocking socket
socket_close($c); socket_close($s);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
socket_set_nonblock($c);
// fill the pipe without a reader: count how many writes until EAGAIN
$filled = 0; $writes = 0;
while (($wr = @socket_write($c, str_repeat('x', 65536))) !== false) { $filled += $wr; if (++$writes > 2000) break; }
echo "filled until EAGAIN: ", socket_last_error($c) == SOCKET_EAGAIN ? "yes" : "no", " (", socket_strerror(socket_last_error($c)), ")\n";
$w = [$c]; $r = $e = null;
echo "writable when full: ", socket_select($r, $w, $e, 0, 100000), "\n";
// drain
socket_set_nonblock($s);
$drained = 0;
while (true) { $d = @socket_read($s, 1 << 20); if ($d === false || $d === '') break; $drained += strlen($d); }
echo "drained all: ", $drained == $filled ? "yes" : "no ($drained vs $filled)", "\n";
// socket_send MSG_DONTWAIT on a blocking socket
socket_set_block($c);
$n = socket_send($c, str_repeat('y', 100), 100, MSG_DONTWAIT);
var_dump($n);
// blocking socket_write of 3 MB with a reader far behind: uses SO_SNDTIMEO to bound it
socket_set_option($c, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 0, 'usec' => 300000]);
$big = str_repeat('z', 30 * 1024 * 1024);
$wr = @socket_write($c, $big);
echo "blocking write with sndtimeo: ", $wr === false ? "false " . socket_last_error($c) : ($wr < strlen($big) ? "partial" : "all"), "\n";
// unix pair big transfer
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
$payload = str_repeat(md5('seed'), 65536); // 2 MB
socket_set_nonblock($p[0]);
$off = 0; $recv = '';
while (strlen($recv) < strlen($payload)) {
    if ($off < strlen($payload)) { $wr = @socket_write($p[0], substr($payload, $off, 300000)); if ($wr !== false) $off += $wr; }
    $r = [$p[1]]; $w = $e = null;
    if (socket_select($r, $w, $e, 1) && $r) $recv .= socket_read($p[1], 200000);
}
echo "unix pair ok: ", $recv === $payload ? "yes" : "no", "\n";
// MSG_WAITALL big read
socket_write($p[0], str_repeat('w', 1000000)) ;
