<?php
// php://temp past its 2 MiB memory limit, where PHP moves the data to a temporary file: HTTP
// clients (Guzzle's bodies) buffer responses there. Under sockbox no temporary directory is
// preopened, and the data must stay whole (in memory) rather than be dropped with a warning.
foreach (['php://temp', 'php://temp/maxmemory:1024', 'php://memory'] as $uri) {
    $h = fopen($uri, 'w+');
    $chunk = str_repeat('sockbox!', 8192); // 64 KiB
    $written = 0;
    for ($i = 0; $i < 48; $i++) {
        $written += fwrite($h, $chunk . $i);
    }
    echo $uri, ': wrote ', $written, ', at ', ftell($h);
    rewind($h);
    $back = stream_get_contents($h);
    echo ', read ', strlen($back), ', ', md5($back) === md5(implode('', array_map(fn($i) => $chunk . $i, range(0, 47)))) ? 'same' : 'DIFFERENT';
    fseek($h, 100000);
    echo ', at 100000: ', json_encode(fread($h, 12));
    ftruncate($h, 10);
    rewind($h);
    echo ', truncated: ', json_encode(stream_get_contents($h)), "\n";
    fclose($h);
}
// Where temporary files go (glibc's P_tmpdir natively), and tempnam() in a given directory.
echo 'temp dir: ', sys_get_temp_dir(), "\n";
$name = tempnam($argv[1], 'sbx');
echo 'tempnam: ', dirname($name) === $argv[1] ? 'in the directory' : $name, ', ',
    strlen(basename($name)), ' bytes, exists: ', json_encode(file_exists($name)), "\n";
unlink($name);
