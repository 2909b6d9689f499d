/* sockbox PHP compat (wasm32-wasip2): pwd.h, which wasi-libc does not have. WASI has no user
 * database: every lookup finds nobody (bodies in php_wasi_compat.c). */
#ifndef SOCKBOX_COMPAT_PWD_H
#define SOCKBOX_COMPAT_PWD_H

#include <sys/types.h>

struct passwd {
    char *pw_name;
    char *pw_passwd;
    uid_t pw_uid;
    gid_t pw_gid;
    char *pw_gecos;
    char *pw_dir;
    char *pw_shell;
};

struct passwd *getpwnam(const char *name);
struct passwd *getpwuid(uid_t uid);

#endif
