/* sockbox PHP compat (wasm32-wasip2): names wasi-libc's sys/socket.h leaves out. */
#ifndef SOCKBOX_COMPAT_SYS_SOCKET_H
#define SOCKBOX_COMPAT_SYS_SOCKET_H

#include_next <sys/socket.h>

#ifndef PF_UNIX
#define PF_UNIX AF_UNIX
#endif
#ifndef MSG_OOB /* Linux's value, free among wasi-libc's MSG_* bits; a recv with it fails */
#define MSG_OOB 0x0001
#endif

#endif
