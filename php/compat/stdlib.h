/* sockbox PHP compat (wasm32-wasip2): mkstemp, which wasi-libc's stdlib.h hides. WASI has no
 * temporary directory of its own, but a preopened one works: php_wasi_compat.c implements it
 * over open(O_CREAT | O_EXCL), so tempnam(), tmpfile() and php://temp spilling to disk work in
 * directories the host gave (sys_temp_dir / TMPDIR). */
#ifndef SOCKBOX_COMPAT_STDLIB_H
#define SOCKBOX_COMPAT_STDLIB_H

#include_next <stdlib.h>

int mkstemp(char *template);

#endif
