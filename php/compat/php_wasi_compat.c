/* sockbox PHP compat (wasm32-wasip2): bodies for what php/compat's headers declare and
 * wasi-libc does not define. Linked into php.wasm: scripts/php-build passes the object in LIBS,
 * so configure's link tests see the same functions as the final link. */
#define _GNU_SOURCE /* gethostbyname_r's declaration */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

/* No user or group database: every lookup finds nothing. */
struct passwd *getpwnam(const char *name) { (void)name; return NULL; }
struct passwd *getpwuid(uid_t uid) { (void)uid; return NULL; }
struct group *getgrnam(const char *name) { (void)name; return NULL; }
struct group *getgrgid(gid_t gid) { (void)gid; return NULL; }

/* WASI has no owners: files stat as uid/gid 0, and the process is the same 0. */
uid_t getuid(void) { return 0; }
uid_t geteuid(void) { return 0; }
gid_t getgid(void) { return 0; }
gid_t getegid(void) { return 0; }
int getgroups(int size, gid_t list[]) { (void)size; (void)list; return 0; }
int chown(const char *path, uid_t uid, gid_t gid) { (void)path; (void)uid; (void)gid; errno = ENOSYS; return -1; }

static mode_t current_umask = 022;
mode_t umask(mode_t mask) {
    mode_t old = current_umask;
    current_umask = mask & 0777;
    return old;
}

/* The libc's descriptor limit (php://fd/N checks N against it). */
int getdtablesize(void) {
    long n = sysconf(_SC_OPEN_MAX);
    return n > 0 && n < INT_MAX ? (int)n : 1024;
}

/* No processes. */
FILE *popen(const char *command, const char *mode) { (void)command; (void)mode; errno = ENOSYS; return NULL; }
int pclose(FILE *stream) { (void)stream; errno = ECHILD; return -1; }

/* mkstemp over open(O_CREAT | O_EXCL): works in any directory the host preopened. */
int mkstemp(char *template) {
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t len = strlen(template);
    if (len < 6 || memcmp(template + len - 6, "XXXXXX", 6) != 0) {
        errno = EINVAL;
        return -1;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
        for (size_t i = len - 6; i < len; i++) {
            template[i] = chars[arc4random_uniform(sizeof chars - 1)];
        }
        int fd = open(template, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd >= 0 || errno != EEXIST) {
            return fd;
        }
    }
    memcpy(template + len - 6, "XXXXXX", 6);
    errno = EEXIST;
    return -1;
}

/* wasi-libc declares gethostbyname_r (PHP's configure finds the glibc form and
 * php_network_gethostbyname uses it) but does not define it, and its gethostbyname always fails.
 * This one asks getaddrinfo (wasi:sockets' name lookup, under the host's policy) for IPv4
 * addresses. glibc's contract: 0 and *result set on success; an error number otherwise (ERANGE,
 * also left in errno, when buf is too small: the caller retries with a bigger one). */
int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t buflen,
                    struct hostent **result, int *h_errnop) {
    struct addrinfo hints, *res, *ai;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    *result = NULL;
    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc != 0) {
        *h_errnop = rc == EAI_AGAIN ? TRY_AGAIN : HOST_NOT_FOUND;
        errno = ENOENT;
        return ENOENT;
    }
    size_t count = 0;
    for (ai = res; ai; ai = ai->ai_next) {
        count++;
    }
    /* buf: h_aliases (one NULL), h_addr_list (count + NULL), the addresses, then the name */
    size_t pad = (alignof(char *) - (uintptr_t)buf % alignof(char *)) % alignof(char *);
    size_t name_len = strlen(name) + 1;
    size_t need = pad + (1 + count + 1) * sizeof(char *) + count * sizeof(struct in_addr) + name_len;
    if (need > buflen) {
        freeaddrinfo(res);
        *h_errnop = NO_RECOVERY;
        errno = ERANGE;
        return ERANGE;
    }
    char **aliases = (char **)(void *)(buf + pad);
    char **addrs = aliases + 1;
    char *data = (char *)(addrs + count + 1);
    aliases[0] = NULL;
    size_t i = 0;
    for (ai = res; ai; ai = ai->ai_next, i++) {
        memcpy(data, &((struct sockaddr_in *)(void *)ai->ai_addr)->sin_addr, sizeof(struct in_addr));
        addrs[i] = data;
        data += sizeof(struct in_addr);
    }
    addrs[count] = NULL;
    memcpy(data, name, name_len);
    freeaddrinfo(res);
    ret->h_name = data;
    ret->h_aliases = aliases;
    ret->h_addrtype = AF_INET;
    ret->h_length = sizeof(struct in_addr);
    ret->h_addr_list = addrs;
    *result = ret;
    *h_errnop = 0;
    return 0;
}

/* No system log: messages are dropped. */
void openlog(const char *ident, int option, int facility) { (void)ident; (void)option; (void)facility; }
void syslog(int priority, const char *format, ...) { (void)priority; (void)format; }
void closelog(void) {}
