/* sockbox PHP compat (wasm32-wasip2): wasi-libc's netdb.h, with getprotobyname() taken over.
 * wasi-libc defines it as a stub that finds nothing (and has no getprotobynumber()); the
 * compat layer's version reads its protocol table (php_wasi_compat.c). A rename, because the
 * stub shares an object with getaddrinfo(), so it cannot be left out of the link. */
#ifndef SOCKBOX_COMPAT_NETDB_H
#define SOCKBOX_COMPAT_NETDB_H

#include_next <netdb.h>

#define getprotobyname sockbox_getprotobyname
struct protoent *sockbox_getprotobyname(const char *name);

#endif
