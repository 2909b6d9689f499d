/*
 * A guest that uses wasi-libc's own BSD socket API (<sys/socket.h>, <netdb.h>), which goes
 * over wasi:sockets, not php:sockets: the tests use it to check that this path is held to
 * sockbox's policy as well. Everything here is libc's, constants included (wasi-libc's
 * numbering, which is right for libc calls). It uses send/recv, not read/write: this
 * wasi-libc (trixie's, 2024-12) answers EBADF to read/write on a socket descriptor.
 *
 *   libc-sockets connect HOST PORT   connect over TCP, send "ping\n", print the reply (one recv)
 *   libc-sockets bind HOST PORT      bind + listen, print "listening on ADDR:PORT", accept one
 *                                    client, echo what one recv gives, print "echoed N bytes"
 *   libc-sockets udp-send HOST PORT  send "ping\n" in one UDP datagram, print "sent N bytes"
 *   libc-sockets lookup NAME         getaddrinfo(NAME), print each address on its own line
 *
 * HOST is an IP literal (v4 or v6) or, failing that, a name resolved with getaddrinfo.
 * Everything goes to stdout. A failing call prints `CALL: strerror text (errno N)` (N is
 * wasi-libc's errno value, e.g. `connect: Permission denied (errno 2)`) or, for getaddrinfo,
 * `getaddrinfo: gai_strerror text (EAI N)`, and the exit code is 1; usage errors exit 2.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void fail(const char *call) {
    int code = errno;
    printf("%s: %s (errno %d)\n", call, strerror(code), code);
    exit(1);
}

static void usage(void) {
    fprintf(stderr, "usage: libc-sockets connect|bind|udp-send HOST PORT | lookup NAME\n");
    exit(2);
}

/* HOST PORT as a socket address: an IP literal as is, else the first getaddrinfo answer. */
static socklen_t address(const char *host, const char *port_text, int socktype,
                         struct sockaddr_storage *out) {
    char *end;
    long port = strtol(port_text, &end, 10);
    if (!*port_text || *end || port < 0 || port > 65535)
        usage();
    memset(out, 0, sizeof *out);
    struct sockaddr_in *v4 = (struct sockaddr_in *)out;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((unsigned short)port);
        return sizeof *v4;
    }
    if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((unsigned short)port);
        return sizeof *v6;
    }
    struct addrinfo hints = {.ai_socktype = socktype}, *found;
    int rc = getaddrinfo(host, port_text, &hints, &found);
    if (rc != 0) {
        printf("getaddrinfo: %s (EAI %d)\n", gai_strerror(rc), rc);
        exit(1);
    }
    socklen_t len = found->ai_addrlen;
    memcpy(out, found->ai_addr, len);
    freeaddrinfo(found);
    return len;
}

/* "ADDR:PORT" of a socket address ("[ADDR]:PORT" for IPv6). */
static const char *show(const struct sockaddr_storage *sa) {
    static char text[INET6_ADDRSTRLEN + 16];
    char ip[INET6_ADDRSTRLEN];
    if (sa->ss_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &v6->sin6_addr, ip, sizeof ip);
        snprintf(text, sizeof text, "[%s]:%u", ip, ntohs(v6->sin6_port));
    } else {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &v4->sin_addr, ip, sizeof ip);
        snprintf(text, sizeof text, "%s:%u", ip, ntohs(v4->sin_port));
    }
    return text;
}

static int do_connect(const char *host, const char *port) {
    struct sockaddr_storage sa;
    socklen_t len = address(host, port, SOCK_STREAM, &sa);
    int fd = socket(sa.ss_family, SOCK_STREAM, 0);
    if (fd < 0)
        fail("socket");
    if (connect(fd, (struct sockaddr *)&sa, len) < 0)
        fail("connect");
    if (send(fd, "ping\n", 5, 0) != 5)
        fail("send");
    char buf[1024];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0)
        fail("recv");
    fwrite(buf, 1, (size_t)n, stdout);
    close(fd);
    return 0;
}

static int do_bind(const char *host, const char *port) {
    struct sockaddr_storage sa;
    socklen_t len = address(host, port, SOCK_STREAM, &sa);
    int fd = socket(sa.ss_family, SOCK_STREAM, 0);
    if (fd < 0)
        fail("socket");
    if (bind(fd, (struct sockaddr *)&sa, len) < 0)
        fail("bind");
    if (listen(fd, 5) < 0)
        fail("listen");
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    if (getsockname(fd, (struct sockaddr *)&bound, &blen) < 0)
        fail("getsockname");
    printf("listening on %s\n", show(&bound));
    fflush(stdout); /* the test waits for this line before connecting */
    int client = accept(fd, NULL, NULL);
    if (client < 0)
        fail("accept");
    char buf[1024];
    ssize_t n = recv(client, buf, sizeof buf, 0);
    if (n < 0)
        fail("recv");
    if (n > 0 && send(client, buf, (size_t)n, 0) != n)
        fail("send");
    printf("echoed %zd bytes\n", n);
    close(client);
    close(fd);
    return 0;
}

static int do_udp_send(const char *host, const char *port) {
    struct sockaddr_storage sa;
    socklen_t len = address(host, port, SOCK_DGRAM, &sa);
    int fd = socket(sa.ss_family, SOCK_DGRAM, 0);
    if (fd < 0)
        fail("socket");
    ssize_t n = sendto(fd, "ping\n", 5, 0, (struct sockaddr *)&sa, len);
    if (n < 0)
        fail("sendto");
    printf("sent %zd bytes\n", n);
    close(fd);
    return 0;
}

static int do_lookup(const char *name) {
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *found;
    int rc = getaddrinfo(name, NULL, &hints, &found);
    if (rc != 0) {
        printf("getaddrinfo: %s (EAI %d)\n", gai_strerror(rc), rc);
        return 1;
    }
    for (struct addrinfo *ai = found; ai; ai = ai->ai_next) {
        char ip[INET6_ADDRSTRLEN];
        const void *addr = ai->ai_family == AF_INET6
                               ? (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr
                               : (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr;
        inet_ntop(ai->ai_family, addr, ip, sizeof ip);
        printf("%s\n", ip);
    }
    freeaddrinfo(found);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "connect") == 0)
        return do_connect(argv[2], argv[3]);
    if (argc == 4 && strcmp(argv[1], "bind") == 0)
        return do_bind(argv[2], argv[3]);
    if (argc == 4 && strcmp(argv[1], "udp-send") == 0)
        return do_udp_send(argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "lookup") == 0)
        return do_lookup(argv[2]);
    usage();
}
