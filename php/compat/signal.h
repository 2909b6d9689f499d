/* sockbox PHP compat (wasm32-wasip2): wasi-libc's signal.h (emulated signals) and kill(), which
 * it does not declare (body in php_wasi_compat.c). */
#ifndef SOCKBOX_COMPAT_SIGNAL_H
#define SOCKBOX_COMPAT_SIGNAL_H

#include_next <signal.h>
#include <sys/types.h>

int kill(pid_t pid, int sig); /* signal 0 to the guest itself; ESRCH for any other process */

#endif
