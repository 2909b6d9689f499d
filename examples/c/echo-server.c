/*
 * PHP manual, Sockets, "Examples", Example #1: a simple TCP/IP server, in C over sockbox.h.
 * The C twin of examples/echo-server (Rust) and tests/php/echo-server.php: same output, same
 * transcript.
 *
 * Listens on ADDRESS PORT (default 127.0.0.1 10000) and serves one client at a time. Whatever
 * a client types is printed here and echoed back; `quit` disconnects the client, `shutdown`
 * also stops the server.
 *
 *   sockbox run --allow-bind 127.0.0.1:10000 echo-server.wasm 127.0.0.1 10000
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockbox.h"

/* The script prints socket_strerror(socket_last_error(...)) and goes on with `false`; like
 * the Rust example, stop at the first failure instead. */
static void fail(const char *function, const sockbox_socket *sock) {
    printf("%s() failed: reason: %s\n", function, sockbox_socket_strerror(sockbox_socket_last_error(sock)));
    exit(1);
}

/* The bytes PHP's trim() strips: " \t\n\r\0\x0B". */
static bool trimmed(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\v';
}

/* PHP's trim(): moves *start past leading bytes and returns the length without trailing ones. */
static size_t php_trim(const char **start, size_t len) {
    const char *s = *start;
    while (len && trimmed(s[0]))
        s++, len--;
    while (len && trimmed(s[len - 1]))
        len--;
    *start = s;
    return len;
}

static bool is(const char *s, size_t len, const char *word) {
    return len == strlen(word) && memcmp(s, word, len) == 0;
}

/* A decimal int64 like Rust's str::parse::<i64>() (optional sign, digits only). */
static bool parse_i64(const char *text, int64_t *out) {
    char *end;
    if (!*text || (*text != '-' && *text != '+' && (*text < '0' || *text > '9')))
        return false;
    *out = strtoll(text, &end, 10);
    return *end == '\0';
}

int main(int argc, char **argv) {
    const char *address = argc > 1 ? argv[1] : "127.0.0.1";
    int64_t port = 10000;
    if (argc > 2 && !parse_i64(argv[2], &port)) {
        fprintf(stderr, "usage: echo-server [ADDRESS] [PORT]\n");
        return 2;
    }

    sockbox_socket *sock =
        sockbox_socket_create(SOCKBOX_AF_INET, SOCKBOX_SOCK_STREAM, SOCKBOX_SOL_TCP);
    if (!sock)
        fail("socket_create", NULL);
    if (!sockbox_socket_bind(sock, address, port))
        fail("socket_bind", sock);
    if (!sockbox_socket_listen(sock, 5))
        fail("socket_listen", sock);

    for (;;) {
        sockbox_socket *msgsock = sockbox_socket_accept(sock);
        if (!msgsock) {
            printf("socket_accept() failed: reason: %s\n",
                   sockbox_socket_strerror(sockbox_socket_last_error(sock)));
            break;
        }
        /* Send instructions. */
        static const char msg[] = "\nWelcome to the PHP Test Server. \n"
                                  "To quit, type 'quit'. To shut down the server type "
                                  "'shutdown'.\n";
        sockbox_socket_write(msgsock, msg, sizeof msg - 1);

        bool shutdown = false;
        for (;;) {
            char buf[2048];
            ssize_t n = sockbox_socket_read(msgsock, buf, sizeof buf, SOCKBOX_PHP_NORMAL_READ);
            if (n < 0) {
                printf("socket_read() failed: reason: %s\n",
                       sockbox_socket_strerror(sockbox_socket_last_error(msgsock)));
                shutdown = true;
                break;
            }
            if (n == 0)
                break; /* end of stream: a host that returns "" must not make this loop spin */
            /* `if (!$buf = trim($buf)) continue;`: PHP also treats "0" as false. */
            const char *line = buf;
            size_t len = php_trim(&line, (size_t)n);
            if (len == 0 || is(line, len, "0"))
                continue;
            if (is(line, len, "quit"))
                break;
            if (is(line, len, "shutdown")) {
                sockbox_socket_close(msgsock);
                msgsock = NULL;
                shutdown = true;
                break;
            }
            /* Built with memcpy, not printf: the line may hold NUL bytes, which PHP keeps. */
            static const char before[] = "PHP: You said '", after[] = "'.\n";
            char talkback[sizeof before + sizeof buf + sizeof after];
            size_t tlen = 0;
            memcpy(talkback, before, sizeof before - 1), tlen += sizeof before - 1;
            memcpy(talkback + tlen, line, len), tlen += len;
            memcpy(talkback + tlen, after, sizeof after - 1), tlen += sizeof after - 1;
            sockbox_socket_write(msgsock, talkback, tlen);
            fwrite(line, 1, len, stdout);
            fputc('\n', stdout);
            fflush(stdout);
        }
        if (msgsock)
            sockbox_socket_close(msgsock);
        if (shutdown)
            break;
    }

    sockbox_socket_close(sock);
    return 0;
}
