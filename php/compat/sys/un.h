/* sockbox PHP compat (wasm32-wasip2): wasi-libc's struct sockaddr_un has no sun_path, which
 * PHP's unix-socket code (main/network.c, main/streams/xp_socket.c) fills in. This one has
 * Linux's layout. wasi:sockets has no AF_UNIX, so such a socket is never created: the libc's
 * socket(AF_UNIX, ...) fails and PHP reports that. */
#ifndef SOCKBOX_COMPAT_SYS_UN_H
#define SOCKBOX_COMPAT_SYS_UN_H

#include <sys/socket.h>

#define __wasilibc___struct_sockaddr_un_h /* keep wasi-libc's own definition out */
struct sockaddr_un {
    sa_family_t sun_family;
    char sun_path[108];
};

#include_next <sys/un.h>

#endif
