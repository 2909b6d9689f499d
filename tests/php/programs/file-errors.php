<?php
// The errno numbers and texts of PHP's file warnings (glibc's texts, Linux's numbers), as
// error_get_last() reports them to a script.
$dir = $argv[1];
function last(string $what): void {
    global $dir;
    $e = error_get_last();
    echo $what, ': ', $e ? str_replace($GLOBALS['dir'], 'DIR', $e['message']) : '-', "\n";
    error_clear_last();
}
$w = fopen("$dir/w", 'w');
@fread($w, 10);
last('read a write-only file');
$r = fopen("$dir/w", 'r');
@fwrite($r, 'x');
last('write a read-only file');
@file_get_contents($dir);
last('read a directory');
@opendir("$dir/missing");
last('opendir missing');
@mkdir("$dir/a/b/c");
last('mkdir without parents');
mkdir("$dir/full");
touch("$dir/full/f");
@rmdir("$dir/full");
last('rmdir non-empty');
@fopen("$dir/" . str_repeat('n', 300), 'w');
last('name too long');
@unlink("$dir/missing");
last('unlink missing');
@rename("$dir/missing", "$dir/other");
last('rename missing');
@fopen("$dir/w/inside", 'r');
last('a file as a directory');
@chdir("$dir/missing");
last('chdir missing');
@file_put_contents("$dir/full", 'x');
last('write a directory');
