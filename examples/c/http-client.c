/*
 * PHP manual, Sockets, "Examples", Example #2: a simple TCP/IP client that sends an HTTP
 * `HEAD /` request and prints the reply, in C over sockbox.h. The C twin of examples/http-head
 * (Rust) and tests/php/http-head.php: same output, same request.
 *
 * `http-client [HOST] [PORT]` (default 127.0.0.1 80). The script looks the address up with
 * gethostbyname(); a guest gets no DNS here, so HOST must be an IP literal or `localhost`.
 *
 *   sockbox run --allow-connect 127.0.0.1:8080 http-client.wasm 127.0.0.1 8080
 */
#include <arpa/inet.h> /* inet_pton/inet_ntop: text <-> address only, no socket calls */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockbox.h"

static void usage(void) {
    fprintf(stderr, "usage: http-client [HOST] [PORT]  (HOST: an IP address or localhost)\n");
    exit(2);
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
    const char *host = argc > 1 ? argv[1] : "127.0.0.1";
    int64_t service_port = 80;
    if (argc > 2 && !parse_i64(argv[2], &service_port))
        usage();

    /* Instead of gethostbyname(): an IP literal, or localhost. The address is printed in its
     * canonical form, as the Rust example prints its parsed IpAddr. */
    unsigned char raw[16];
    char address[INET6_ADDRSTRLEN];
    bool v6 = false;
    if (strcmp(host, "localhost") == 0) {
        strcpy(address, "127.0.0.1");
    } else if (inet_pton(AF_INET, host, raw) == 1) {
        inet_ntop(AF_INET, raw, address, sizeof address);
    } else if (inet_pton(AF_INET6, host, raw) == 1) {
        inet_ntop(AF_INET6, raw, address, sizeof address);
        v6 = true;
    } else {
        usage();
    }
    int64_t domain = v6 ? SOCKBOX_AF_INET6 : SOCKBOX_AF_INET;

    printf("<h2>TCP/IP Connection</h2>\n");

    /* Create a TCP/IP socket. */
    sockbox_socket *socket = sockbox_socket_create(domain, SOCKBOX_SOCK_STREAM, SOCKBOX_SOL_TCP);
    if (!socket) {
        printf("socket_create() failed: reason: %s\n", sockbox_socket_strerror(sockbox_socket_last_error(NULL)));
        return 1;
    }
    printf("OK.\n");

    printf("Attempting to connect to '%s' on port '%" PRId64 "'...", address, service_port);
    if (!sockbox_socket_connect(socket, address, service_port)) {
        /* `($result)` is `false`, which PHP prints as nothing. */
        printf("socket_connect() failed.\nReason: () %s\n",
               sockbox_socket_strerror(sockbox_socket_last_error(socket)));
        return 1;
    }
    printf("OK.\n");

    char request[512];
    int len = snprintf(request, sizeof request,
                       "HEAD / HTTP/1.1\r\nHost: %s%s%s\r\nConnection: Close\r\n\r\n",
                       v6 ? "[" : "", host, v6 ? "]" : "");
    if (len < 0 || (size_t)len >= sizeof request)
        usage();

    printf("Sending HTTP HEAD request...");
    sockbox_socket_write(socket, request, (size_t)len);
    printf("OK.\n");

    printf("Reading response:\n\n");
    /* `while ($out = socket_read($socket, 2048))`: until "" (end of stream), false or "0". */
    char out[2048];
    ssize_t n;
    while ((n = sockbox_socket_read(socket, out, sizeof out, SOCKBOX_PHP_BINARY_READ)) > 0) {
        if (n == 1 && out[0] == '0')
            break;
        fwrite(out, 1, (size_t)n, stdout);
    }

    printf("Closing socket...");
    sockbox_socket_close(socket);
    printf("OK.\n\n");
    return 0;
}
