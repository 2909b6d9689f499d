/* sockbox PHP compat (wasm32-wasip2): popen/pclose, which wasi-libc's stdio.h hides (WASI has
 * no processes). popen fails with ENOSYS (bodies in php_wasi_compat.c). */
#ifndef SOCKBOX_COMPAT_STDIO_H
#define SOCKBOX_COMPAT_STDIO_H

#include_next <stdio.h>

FILE *popen(const char *command, const char *mode);
int pclose(FILE *stream);

#endif
