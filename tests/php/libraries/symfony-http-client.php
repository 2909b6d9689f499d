<?php
// Symfony's HttpClient (Debian's php-symfony-http-client 5.4, unmodified, from /usr/share/php)
// against the harness's HTTP server: argv[1] its loopback port, argv[2] a loopback port nothing
// listens on. Without ext/curl it is NativeHttpClient: PHP's http:// wrapper opened
// non-blocking, stream_context_set_params() notifications, stream_select() over the responses
// of concurrent requests.
require '/usr/share/php/Symfony/Component/HttpClient/autoload.php';

use Symfony\Component\HttpClient\HttpClient;

[, $port, $closed] = $argv;

function show(string $what, $value): void {
    global $port, $closed;
    $text = json_encode($value, JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_SLASHES);
    echo $what, ' => ', str_replace([$port, $closed], ['PORT', 'CLOSED'], $text), "\n";
}

$client = HttpClient::create(['timeout' => 5]);
show('class', get_class($client));
$base = "http://127.0.0.1:$port";

$r = $client->request('GET', "$base/hello", ['headers' => ['X-Test' => 'sf']]);
show('get', [$r->getStatusCode(), $r->getHeaders()['x-served'] ?? null, $r->getContent()]);
show('info', [$r->getInfo('http_code'), $r->getInfo('url'), $r->getInfo('redirect_count')]);

$r = $client->request('POST', "$base/echo", ['json' => ['k' => 'v']]);
show('post', $r->toArray());

$r = $client->request('GET', "$base/redirect");
show('redirect', [$r->getStatusCode(), $r->getContent(), $r->getInfo('redirect_count')]);

// Concurrent requests, their chunks streamed as they arrive.
$responses = [];
foreach (['big', 'chunked', 'hello?k=1', 'hello?k=2'] as $path) {
    $responses[$path] = $client->request('GET', "$base/$path");
}
$sizes = array_fill_keys(array_keys($responses), 0);
foreach ($client->stream($responses) as $response => $chunk) {
    $path = array_search($response, $responses, true);
    $sizes[$path] += strlen($chunk->getContent());
}
show('streamed', $sizes);
show('contents', array_map(fn($r) => [$r->getStatusCode(), strlen($r->getContent())], $responses));

$r = $client->request('GET', "$base/status/404");
show('404 status', $r->getStatusCode());
try {
    $r->getContent();
} catch (Symfony\Contracts\HttpClient\Exception\ClientExceptionInterface $e) {
    show('404', [get_class($e), $e->getMessage()]);
}

// The server answers /slow after 2 s; a 0.5 s timeout gives up first.
try {
    $client->request('GET', "$base/slow", ['timeout' => 0.5])->getContent();
} catch (Symfony\Contracts\HttpClient\Exception\TransportExceptionInterface $e) {
    show('timeout', [get_class($e), $e->getMessage()]);
}

try {
    $client->request('GET', "http://127.0.0.1:$closed/")->getStatusCode();
} catch (Symfony\Contracts\HttpClient\Exception\TransportExceptionInterface $e) {
    show('refused', [get_class($e), $e->getMessage()]);
}
show('done', true);
