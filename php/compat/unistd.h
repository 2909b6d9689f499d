/* sockbox PHP compat (wasm32-wasip2): declarations wasi-libc's unistd.h hides because WASI has
 * no such thing (bodies in php_wasi_compat.c). */
#ifndef SOCKBOX_COMPAT_UNISTD_H
#define SOCKBOX_COMPAT_UNISTD_H

#include_next <unistd.h>

int chown(const char *path, uid_t uid, gid_t gid); /* ENOSYS: no file owners */
uid_t getuid(void);                               /* 0: WASI reports every file as uid 0 */
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int getgroups(int size, gid_t list[]);            /* no supplementary groups */
int getdtablesize(void);                          /* the libc's descriptor limit */
/* Processes: the guest is alone in its sandbox, like a process in a pid namespace of its own. */
pid_t getppid(void);                              /* 0: the parent is outside */
pid_t getpgrp(void);                              /* the guest leads its own group */
int setpgid(pid_t pid, pid_t pgid);               /* EPERM unless it changes nothing */
int setuid(uid_t uid);                            /* EPERM unless to 0, the id it has */
int setgid(gid_t gid);
char *ttyname(int fd);                            /* "/dev/tty" for a terminal, else ENOTTY */

#endif
