/* sockbox PHP compat (wasm32-wasip2): wasi-libc's netdb.h, with getprotobyname(), getservbyname()
 * and getservbyport() taken over. wasi-libc defines them as stubs that find nothing (and has no
 * getprotobynumber()); the compat layer's versions read its protocol table and its copy of
 * /etc/services (php_wasi_compat.c). A rename, because the stubs share an object with
 * getaddrinfo(), so they cannot be left out of the link. */
#ifndef SOCKBOX_COMPAT_NETDB_H
#define SOCKBOX_COMPAT_NETDB_H

#include_next <netdb.h>

#define getprotobyname sockbox_getprotobyname
struct protoent *sockbox_getprotobyname(const char *name);
#define getservbyname sockbox_getservbyname
struct servent *sockbox_getservbyname(const char *name, const char *proto);
#define getservbyport sockbox_getservbyport
struct servent *sockbox_getservbyport(int port, const char *proto);

#endif
