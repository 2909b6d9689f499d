/* sockbox PHP compat (wasm32-wasip2): wasi-libc's poll.h has no POLLPRI (wasi:sockets has no
 * urgent data). 0 makes PHP's `events | POLLPRI` ask for nothing more, and `revents & POLLPRI`
 * never true. */
#ifndef SOCKBOX_COMPAT_POLL_H
#define SOCKBOX_COMPAT_POLL_H

#include_next <poll.h>

#ifndef POLLPRI
#define POLLPRI 0
#endif

#endif
