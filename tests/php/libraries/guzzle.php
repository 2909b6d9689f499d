<?php
// Guzzle (Debian's php-guzzlehttp-guzzle 7.4, unmodified, from /usr/share/php) against the
// harness's HTTP server: argv[1] its loopback port, argv[2] a loopback port nothing listens
// on. Without ext/curl (neither PHP has it) Guzzle's StreamHandler speaks HTTP through PHP's
// http:// wrapper: fopen() with a stream context, stream_get_meta_data(), fread() until feof().
require '/usr/share/php/GuzzleHttp/autoload.php';

[, $port, $closed] = $argv;
$base = "http://127.0.0.1:$port";

function show(string $what, $value): void {
    global $port, $closed;
    $text = json_encode($value, JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_SLASHES);
    echo $what, ' => ', str_replace([$port, $closed], ['PORT', 'CLOSED'], $text), "\n";
}

$client = new GuzzleHttp\Client(['base_uri' => $base, 'timeout' => 5]);

$r = $client->get('/hello', ['headers' => ['X-Test' => 'one']]);
show('get', [$r->getStatusCode(), $r->getReasonPhrase(), $r->getHeaderLine('X-Served'),
             (string)$r->getBody()]);

$r = $client->post('/echo', ['json' => ['a' => 1, 'b' => [true, null]]]);
show('post json', [$r->getStatusCode(), $r->getHeaderLine('Content-Type'), (string)$r->getBody()]);

$r = $client->post('/echo', ['form_params' => ['x' => 'y z', 'q' => '&']]);
show('post form', (string)$r->getBody());

$r = $client->get('/redirect');
show('redirect followed', [$r->getStatusCode(), (string)$r->getBody()]);
$r = $client->get('/redirect', ['allow_redirects' => false]);
show('redirect not followed', [$r->getStatusCode(), $r->getHeaderLine('Location')]);

$r = $client->get('/big');
$body = (string)$r->getBody();
show('big', [strlen($body), md5($body)]);

$r = $client->get('/chunked');
show('chunked', (string)$r->getBody());

// A streamed body, read in pieces as it arrives.
$r = $client->get('/big', ['stream' => true]);
$stream = $r->getBody();
$n = 0;
$pieces = 0;
while (!$stream->eof()) {
    $n += strlen($stream->read(65536));
    $pieces++;
}
show('streamed', [$n, $pieces > 1]);

try {
    $client->get('/status/404');
} catch (GuzzleHttp\Exception\ClientException $e) {
    show('404', [get_class($e), $e->getResponse()->getStatusCode(), $e->getMessage()]);
}
$r = $client->get('/status/500', ['http_errors' => false]);
show('500 without http_errors', [$r->getStatusCode(), (string)$r->getBody()]);

// Several requests at once (StreamHandler runs them one after the other).
$promises = [];
foreach (['a', 'b', 'c'] as $k) {
    $promises[$k] = $client->getAsync("/hello?k=$k");
}
$all = GuzzleHttp\Promise\Utils::unwrap($promises);
show('async', array_map(fn($r) => (string)$r->getBody(), $all));

// The server answers /slow after 2 s; a 0.5 s timeout gives up first.
try {
    $client->get('/slow', ['timeout' => 0.5]);
} catch (GuzzleHttp\Exception\TransferException $e) {
    show('timeout', [get_class($e), $e->getMessage()]);
}

try {
    (new GuzzleHttp\Client())->get("http://127.0.0.1:$closed/", ['connect_timeout' => 2]);
} catch (GuzzleHttp\Exception\ConnectException $e) {
    show('refused', [get_class($e), $e->getMessage()]);
}
show('done', true);
