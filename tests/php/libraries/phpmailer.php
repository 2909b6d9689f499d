<?php
// PHPMailer (Debian's libphp-phpmailer 6.6, unmodified, from /usr/share/php) sending mail
// through the harness's SMTP server: argv[1] its loopback port, argv[2] a port whose server
// accepts and never greets, argv[3] a loopback port nothing listens on. PHPMailer speaks SMTP
// over stream_socket_client(), fwrite(), and fgets() under stream_select() and
// stream_set_timeout(); its debug output is the whole conversation.
require '/usr/share/php/libphp-phpmailer/autoload.php';

use PHPMailer\PHPMailer\PHPMailer;
use PHPMailer\PHPMailer\SMTP;

[, $port, $silent, $closed] = $argv;

function mailer(int $port, array $set = []): PHPMailer {
    $m = new PHPMailer(true);
    $m->isSMTP();
    $m->Host = '127.0.0.1';
    $m->Port = $port;
    $m->SMTPAutoTLS = false;
    $m->Hostname = 'client.test';
    $m->Helo = 'client.test';
    $m->MessageID = '<fixed-id@client.test>';
    $m->MessageDate = 'Sun, 6 Dec 2026 12:00:00 +0000';
    $m->Timeout = 2;
    $m->XMailer = ' ';
    foreach ($set as $k => $v) {
        $m->$k = $v;
    }
    // How long get_lines() waits in stream_select() for a reply (PHPMailer's default: 300 s).
    $m->getSMTPInstance()->Timelimit = $m->Timeout;
    $m->setFrom('sender@client.test', 'Sender');
    $m->Subject = 'sockbox test';
    $m->Body = "Hello,\r\n.leading dot and a long line: " . str_repeat('x', 100) . "\r\nbye\r\n";
    return $m;
}

function send(string $what, PHPMailer $m): void {
    global $port, $silent, $closed;
    $log = [];
    $m->SMTPDebug = SMTP::DEBUG_SERVER;
    $m->Debugoutput = function ($line) use (&$log) { $log[] = rtrim($line); };
    try {
        $ok = $m->send();
    } catch (\PHPMailer\PHPMailer\Exception $e) {
        $ok = 'exception: ' . $e->getMessage();
    }
    echo "== $what: ", json_encode($ok), "\n";
    foreach ($log as $line) {
        echo '   ', str_replace([$port, $silent, $closed], ['PORT', 'SILENT', 'CLOSED'], $line), "\n";
    }
}

$m = mailer((int)$port);
$m->addAddress('one@server.test', 'One');
$m->addCC('two@server.test');
send('plain', $m);

$m = mailer((int)$port, ['SMTPAuth' => true, 'Username' => 'user', 'Password' => 'secret',
                         'AuthType' => 'PLAIN']);
$m->addAddress('one@server.test');
send('auth plain', $m);

$m = mailer((int)$port, ['SMTPAuth' => true, 'Username' => 'user', 'Password' => 'wrong',
                         'AuthType' => 'LOGIN']);
$m->addAddress('one@server.test');
send('auth login, wrong password', $m);

$m = mailer((int)$port);
$m->addAddress('nobody@server.test');
send('refused recipient', $m);

// A large message with an attachment: the DATA phase is many writes.
$m = mailer((int)$port);
$m->addAddress('one@server.test');
$m->addStringAttachment(str_repeat("attachment bytes\n", 40000), 'big.txt');
$m->SMTPDebug = 0;
try {
    echo '== big: ', json_encode($m->send()), ', ', strlen($m->getSentMIMEMessage()) > 800000 ? 'large' : 'small', "\n";
} catch (\PHPMailer\PHPMailer\Exception $e) {
    echo '== big: exception ', $e->getMessage(), "\n";
}

// Several messages over one connection.
$m = mailer((int)$port, ['SMTPKeepAlive' => true]);
foreach (['a', 'b', 'c'] as $who) {
    $m->clearAddresses();
    $m->addAddress("$who@server.test");
    $m->SMTPDebug = 0;
    echo "== keepalive $who: ", json_encode($m->send()), "\n";
}
$m->smtpClose();

$m = mailer((int)$silent, ['Timeout' => 1]);
$m->addAddress('one@server.test');
send('server that never greets', $m);

$m = mailer((int)$closed);
$m->addAddress('one@server.test');
send('refused connection', $m);
