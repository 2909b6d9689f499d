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
#include <signal.h>
#include <stdalign.h>
#include <stdarg.h>
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

/* No system log: messages are dropped, except that LOG_PERROR copies them to stderr as glibc
 * does ("ident: message", "ident[pid]: message" with LOG_PID). */
static const char *log_ident;
static int log_option;
void openlog(const char *ident, int option, int facility) {
    (void)facility;
    log_ident = ident;
    log_option = option;
}
void syslog(int priority, const char *format, ...) {
    (void)priority;
    if (!(log_option & LOG_PERROR))
        return;
    const char *ident = log_ident ? log_ident : "php";
    if (log_option & LOG_PID)
        fprintf(stderr, "%s[%d]: ", ident, (int)getpid());
    else
        fprintf(stderr, "%s: ", ident);
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
}
void closelog(void) {
    log_ident = NULL;
    log_option = 0;
}

/* Debian netbase 6.4's /etc/protocols (IANA's numbers), which glibc reads and the sandbox does
 * not have: name, number, aliases. tests/tests/php_wasm.rs compares it with the host's file. */
static const struct { const char *name; int number; const char *aliases[3]; } protocols[] = {
    {"ip", 0, {"IP"}},
    {"hopopt", 0, {"HOPOPT"}},
    {"icmp", 1, {"ICMP"}},
    {"igmp", 2, {"IGMP"}},
    {"ggp", 3, {"GGP"}},
    {"ipencap", 4, {"IP-ENCAP"}},
    {"st", 5, {"ST"}},
    {"tcp", 6, {"TCP"}},
    {"egp", 8, {"EGP"}},
    {"igp", 9, {"IGP"}},
    {"pup", 12, {"PUP"}},
    {"udp", 17, {"UDP"}},
    {"hmp", 20, {"HMP"}},
    {"xns-idp", 22, {"XNS-IDP"}},
    {"rdp", 27, {"RDP"}},
    {"iso-tp4", 29, {"ISO-TP4"}},
    {"dccp", 33, {"DCCP"}},
    {"xtp", 36, {"XTP"}},
    {"ddp", 37, {"DDP"}},
    {"idpr-cmtp", 38, {"IDPR-CMTP"}},
    {"ipv6", 41, {"IPv6"}},
    {"ipv6-route", 43, {"IPv6-Route"}},
    {"ipv6-frag", 44, {"IPv6-Frag"}},
    {"idrp", 45, {"IDRP"}},
    {"rsvp", 46, {"RSVP"}},
    {"gre", 47, {"GRE"}},
    {"esp", 50, {"IPSEC-ESP"}},
    {"ah", 51, {"IPSEC-AH"}},
    {"skip", 57, {"SKIP"}},
    {"ipv6-icmp", 58, {"IPv6-ICMP"}},
    {"ipv6-nonxt", 59, {"IPv6-NoNxt"}},
    {"ipv6-opts", 60, {"IPv6-Opts"}},
    {"rspf", 73, {"RSPF", "CPHB"}},
    {"vmtp", 81, {"VMTP"}},
    {"eigrp", 88, {"EIGRP"}},
    {"ospf", 89, {"OSPFIGP"}},
    {"ax.25", 93, {"AX.25"}},
    {"ipip", 94, {"IPIP"}},
    {"etherip", 97, {"ETHERIP"}},
    {"encap", 98, {"ENCAP"}},
    {"pim", 103, {"PIM"}},
    {"ipcomp", 108, {"IPCOMP"}},
    {"vrrp", 112, {"VRRP"}},
    {"l2tp", 115, {"L2TP"}},
    {"isis", 124, {"ISIS"}},
    {"sctp", 132, {"SCTP"}},
    {"fc", 133, {"FC"}},
    {"mobility-header", 135, {"Mobility-Header"}},
    {"udplite", 136, {"UDPLite"}},
    {"mpls-in-ip", 137, {"MPLS-in-IP"}},
    {"manet", 138, {NULL}},
    {"hip", 139, {"HIP"}},
    {"shim6", 140, {"Shim6"}},
    {"wesp", 141, {"WESP"}},
    {"rohc", 142, {"ROHC"}},
    {"ethernet", 143, {"Ethernet"}},
    {"mptcp", 262, {"MPTCP"}},
};

/* getprotobyname() / getprotobynumber() over that table: the first entry that matches, as
 * glibc's scan of the file finds it (names and aliases compared exactly). */
static struct protoent *protocol_at(size_t i) {
    static struct protoent found;
    static char *aliases[3];
    size_t n = 0;
    for (; n < 2 && protocols[i].aliases[n]; n++)
        aliases[n] = (char *)protocols[i].aliases[n];
    aliases[n] = NULL;
    found.p_name = (char *)protocols[i].name;
    found.p_aliases = aliases;
    found.p_proto = protocols[i].number;
    return &found;
}

struct protoent *getprotobyname(const char *name) {
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++) {
        if (strcmp(name, protocols[i].name) == 0)
            return protocol_at(i);
        for (size_t a = 0; a < 2 && protocols[i].aliases[a]; a++)
            if (strcmp(name, protocols[i].aliases[a]) == 0)
                return protocol_at(i);
    }
    return NULL;
}

struct protoent *getprotobynumber(int number) {
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (protocols[i].number == number)
            return protocol_at(i);
    return NULL;
}

/* getservbyname() / getservbyport() scan a copy of netbase's /etc/services (php/compat/services,
 * embedded by scripts/php-build as services.inc) as glibc scans the file: line by line, `#`
 * starts a comment, the first entry whose name or alias (or port) and protocol match wins; a
 * NULL protocol matches any. Names are compared exactly. */
static const char services_text[] =
#include "services.inc"
    ;

#define SERVICE_ALIASES 16
static struct servent *service_scan(const char *name, int port, const char *proto) {
    static char line[512];
    static char *aliases[SERVICE_ALIASES + 1];
    static struct servent found;
    for (const char *at = services_text; *at;) {
        const char *end = strchr(at, '\n');
        size_t len = end ? (size_t)(end - at) : strlen(at);
        const char *next = end ? end + 1 : at + len;
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, at, len);
        line[len] = 0;
        at = next;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *save = NULL;
        char *s_name = strtok_r(line, " \t", &save);
        char *where = s_name ? strtok_r(NULL, " \t", &save) : NULL;
        char *slash = where ? strchr(where, '/') : NULL;
        if (!slash)
            continue;
        *slash = 0;
        char *s_proto = slash + 1;
        int s_port = htons((uint16_t)atoi(where));
        size_t n = 0;
        for (char *a; n < SERVICE_ALIASES && (a = strtok_r(NULL, " \t", &save));)
            aliases[n++] = a;
        aliases[n] = NULL;
        if (proto && strcmp(proto, s_proto) != 0)
            continue;
        if (name) {
            int hit = strcmp(name, s_name) == 0;
            for (size_t i = 0; !hit && i < n; i++)
                hit = strcmp(name, aliases[i]) == 0;
            if (!hit)
                continue;
        } else if (s_port != port) {
            continue;
        }
        found.s_name = s_name;
        found.s_aliases = aliases;
        found.s_port = s_port;
        found.s_proto = s_proto;
        return &found;
    }
    return NULL;
}

struct servent *getservbyname(const char *name, const char *proto) {
    return service_scan(name, 0, proto);
}

struct servent *getservbyport(int port, const char *proto) {
    return service_scan(NULL, port, proto);
}

/* Processes (ext/posix). The guest is the only process it can see, as in a pid namespace of its
 * own: its pid is the host process's (php:sockets process-id, as getmypid() says), its parent
 * is outside (0), it leads its own process group, and it may signal only itself, with signal 0
 * (the "is it alive" probe); a real signal is refused, since WASI cannot deliver one. The
 * extension's pid is a weak reference: configure's link tests have no extension. */
int php_sockets_process_id(void) __attribute__((weak));
static pid_t own_pid(void) { return php_sockets_process_id ? php_sockets_process_id() : getpid(); }

pid_t getppid(void) { return 0; }
pid_t getpgrp(void) { return own_pid(); }

int setpgid(pid_t pid, pid_t pgid) {
    if (pid < 0 || pgid < 0) {
        errno = EINVAL;
        return -1;
    }
    if ((pid == 0 || pid == own_pid()) && (pgid == 0 || pgid == own_pid()))
        return 0;
    errno = pid == 0 || pid == own_pid() ? EPERM : ESRCH;
    return -1;
}

int setuid(uid_t uid) {
    if (uid == 0)
        return 0;
    errno = EPERM;
    return -1;
}

int setgid(gid_t gid) {
    if (gid == 0)
        return 0;
    errno = EPERM;
    return -1;
}

char *ttyname(int fd) {
    static char tty[] = "/dev/tty";
    return isatty(fd) ? tty : NULL; /* isatty() sets EBADF or ENOTTY */
}

int kill(pid_t pid, int sig) {
    if (sig < 0 || sig > 64) {
        errno = EINVAL;
        return -1;
    }
    if (pid != 0 && pid != -1 && pid != own_pid() && pid != -own_pid()) {
        errno = ESRCH;
        return -1;
    }
    if (sig == 0)
        return 0;
    errno = EPERM;
    return -1;
}

/* The sandbox does not lend the host's name: HOSTNAME if the operator passes it (`--env
 * HOSTNAME=...`), else "localhost". Too long a name is ENAMETOOLONG, as glibc says. */
int gethostname(char *name, size_t len) {
    const char *host = getenv("HOSTNAME");
    if (!host || !*host)
        host = "localhost";
    if (strlen(host) >= len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(name, host);
    return 0;
}
