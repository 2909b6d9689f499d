<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// A Redis RESP-like server over unix:// and an SMTP-like dialogue over tcp://, both served by
// one select loop in the same process; clients use fgets / stream_get_line / fread(len).
$dir = $argv[1];
$db = [];
$rs = stream_socket_server("unix://$dir/resp.sock", $errno, $errstr);
$ms = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
$listeners = ['resp' => $rs, 'smtp' => $ms];
$peers = [];
function resp_encode($v) {
    if ($v === null) return "\$-1\r\n";
    if (is_int($v)) return ":$v\r\n";
    if (is_array($v)) { $o = "*" . count($v) . "\r\n"; foreach ($v as $x) $o .= resp_encode($x); return $o; }
    if ($v instanceof Exception) return "-ERR " . $v->getMessage() . "\r\n";
    if ($v === 'OK') return "+OK\r\n";
    return "\$" . strlen($v) . "\r\n$v\r\n";
}
function resp_read($s) {
    $line = stream_get_line($s, 65536, "\r\n");
    if ($line === false) return false;
    switch ($line[0]) {
        case '+': return substr($line, 1);
        case '-': return new Exception(substr($line, 5));
        case ':': return (int)substr($line, 1);
        case '$': $n = (int)substr($line, 1); if ($n < 0) return null;
                  $d = ''; while (strlen($d) < $n + 2) { $x = fread($s, $n + 2 - strlen($d)); if ($x === false || $x === '') return false; $d .= $x; } return substr($d, 0, $n);
        case '*': $n = (int)substr($line, 1); $a = []; for ($i = 0; $i < $n; $i++) $a[] = resp_read($s); return $a;
    }
    return false;
}
function serve_once(&$peers, $listeners, &$db) {
    $r = $listeners; foreach ($peers as $k => $p) $r[$k] = $p['s'];
    $w = null; $e = null;
    if (!stream_select($r, $w, $e, 0, 200000)) return;
    foreach ($r as $k => $s) {
        if (isset($listeners[$k])) {
            $c = stream_socket_accept($s, 0);
            $id = "$k#" . count($peers);
            $peers[$id] = ['s' => $c, 'kind' => $k, 'state' => 'greet'];
            if ($k === 'smtp') fwrite($c, "220 hunt.test ESMTP ready\r\n");
            continue;
        }
        $p = &$peers[$k];
        if ($p['kind'] === 'resp') {
            $cmd = resp_read($s);
            if ($cmd === false) { fclose($s); unset($peers[$k]); echo "resp peer closed\n"; continue; }
            $op = strtoupper($cmd[0]);
            $reply = match ($op) {
                'PING' => 'PONG',
                'SET' => (function () use (&$db, $cmd) { $db[$cmd[1]] = $cmd[2]; return 'OK'; })(),
                'GET' => $db[$cmd[1]] ?? null,
                'INCR' => ($db[$cmd[1]] = (int)($db[$cmd[1]] ?? 0) + 1),
                'KEYS' => array_keys($db),
                default => new Exception("unknown command '$cmd[0]'"),
            };
            fwrite($s, resp_encode($reply));
        } else {
            $line = fgets($s);
            if ($line === false) { fclose($s); unset($peers[$k]); echo "smtp peer closed\n"; continue; }
            $line = rtrim($line, "\r\n");
            if ($p['state'] === 'data') {
                if ($line === '.') { $p['state'] = 'cmd'; fwrite($s, "250 OK queued as " . strlen($p['body']) . "\r\n"); }
                else $p['body'] .= $line . "\n";
                continue;
            }
            [$verb] = explode(' ', $line);
            switch (strtoupper($verb)) {
                case 'EHLO': fwrite($s, "250-hunt.test\r\n250-SIZE 1000\r\n250 8BITMIME\r\n"); break;
                case 'MAIL': case 'RCPT': fwrite($s, "250 OK\r\n"); break;
                case 'DATA': $p['state'] = 'data'; $p['body'] = ''; fwrite($s, "354 End data with <CR><LF>.<CR><LF>\r\n"); break;
                case 'QUIT': fwrite($s, "221 Bye\r\n"); fclose($s); unset($peers[$k]); break;
                default: fwrite($s, "502 Command not implemented\r\n");
            }
        }
        unset($p);
    }
}
function call($c, array $cmd, &$peers, $listeners, &$db) {
    fwrite($c, resp_encode($cmd));
    serve_once($peers, $listeners, $db);
    $v = resp_read($c);
    return $v instanceof Exception ? "(error) " . $v->getMessage() : $v;
}
$rc = stream_socket_client("unix://$dir/resp.sock", $errno, $errstr, 1);
serve_once($peers, $listeners, $db);
foreach ([['PING'], ['SET', 'greeting', "hello\r\nworld"], ['GET', 'greeting'], ['GET', 'missing'],
          ['INCR', 'n'], ['INCR', 'n'], ['SET', 'bin', "\0\1\2"], ['KEYS'], ['FLY']] as $cmd) {
    echo "> ", implode(' ', array_map('json_encode', $cmd)), "\n";
    echo "< ", json_encode(call($rc, $cmd, $peers, $listeners, $db)), "\n";
}
fclose($rc);
serve_once($peers, $listeners, $db);
$mc = stream_socket_client("tcp://" . stream_socket_get_name($ms, false), $errno, $errstr, 1);
serve_once($peers, $listeners, $db);
function smtp($mc, $line, &$peers, $listeners, &$db) {
    if ($line !== null) { echo "C: $line\n"; fwrite($mc, "$line\r\n"); serve_once($peers, $listeners, $db); }
    do { $l = fgets($mc); if ($l === false) { echo "S: <closed>\n"; return; } echo "S: ", rtrim($l), "\n"; } while ($l[3] === '-');
}
smtp($mc, null, $peers, $listeners, $db);
smtp($mc, "EHLO me", $peers, $listeners, $db);
smtp($mc, "MAIL FROM:<a@b>", $peers, $listeners, $db);
smtp($mc, "RCPT TO:<c@d>", $peers, $listeners, $db);
smtp($mc, "DATA", $peers, $listeners, $db);
foreach (["Subject: hi", "", "line one", "line two"] as $l) { fwrite($mc, "$l\r\n"); serve_once($peers, $listeners, $db); }
smtp($mc, ".", $peers, $listeners, $db);
smtp($mc, "VRFY x", $peers, $listeners, $db);
smtp($mc, "QUIT", $peers, $listeners, $db);
var_dump(fgets($mc), feof($mc));
echo "peers left: ", count($peers), "\n";
