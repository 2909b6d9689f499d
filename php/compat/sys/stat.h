/* sockbox PHP compat (wasm32-wasip2): umask, which wasi-libc's sys/stat.h hides (WASI has no
 * permission bits). It keeps and returns a mask that nothing applies (body in
 * php_wasi_compat.c). */
#ifndef SOCKBOX_COMPAT_SYS_STAT_H
#define SOCKBOX_COMPAT_SYS_STAT_H

#include_next <sys/stat.h>

mode_t umask(mode_t mask);

#endif
