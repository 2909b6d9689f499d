/* sockbox PHP compat (wasm32-wasip2): grp.h, which wasi-libc does not have. WASI has no group
 * database: every lookup finds nothing (bodies in php_wasi_compat.c). */
#ifndef SOCKBOX_COMPAT_GRP_H
#define SOCKBOX_COMPAT_GRP_H

#include <sys/types.h>

struct group {
    char *gr_name;
    char *gr_passwd;
    gid_t gr_gid;
    char **gr_mem;
};

struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);

#endif
