/*
 * An echo server for many clients at once, driven by socket_select: the C port, over
 * sockbox.h, of examples/select-echo (the Rust guest the benchmark runs). Same arguments, same
 * output, same loop.
 *
 * `select-echo [ADDRESS] [PORT] [N]` listens on ADDRESS:PORT (default 127.0.0.1 10001; port 0
 * picks a free one) and prints `listening on ADDRESS:PORT` once it accepts connections. It runs
 * until killed, or, given N, until N client connections have been served and closed.
 *
 *   sockbox run --allow-bind 127.0.0.1:10001 select-echo.wasm 127.0.0.1 10001
 *
 * All sockets are non-blocking: one socket_select waits for the listener and every client, and
 * no call after it can block the others. A client whose echo could not be written in full is
 * watched for writability instead of readability until its backlog is flushed.
 *
 * The loop is benchmarked, so it avoids work per iteration: the select arrays are reused, a
 * readable socket costs one socket_read and one socket_write, and data is read into one shared
 * buffer, copied aside only when the socket did not take all of its echo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockbox.h"

/* The most one socket_read asks for. */
#define CHUNK (64 * 1024)

/* A connected client and the part of its echo not yet written (malloc'd; NULL when none). */
typedef struct client {
    sockbox_socket *socket;
    char *pending;
    size_t pending_len, written;
} client;

static client *clients;
static size_t nclients, clients_cap;
static char chunk[CHUNK];

static void fail(const char *function) {
    printf("%s() failed: reason: %s\n", function, sockbox_last_failure()->message);
    exit(1);
}

static void usage(void) {
    fprintf(stderr, "usage: select-echo [ADDRESS] [PORT] [N]\n");
    exit(2);
}

/* A decimal int64 like Rust's str::parse (optional sign, digits only). */
static bool parse_i64(const char *text, int64_t *out) {
    char *end;
    if (!*text || (*text != '-' && *text != '+' && (*text < '0' || *text > '9')))
        return false;
    *out = strtoll(text, &end, 10);
    return *end == '\0';
}

/* Grows an array of `size`-byte items to hold `need`; exits when out of memory. */
static void reserve(void **array, size_t *cap, size_t need, size_t size) {
    if (need <= *cap)
        return;
    size_t grown = *cap ? *cap * 2 : 16;
    while (grown < need)
        grown *= 2;
    void *p = realloc(*array, grown * size);
    if (!p) {
        fprintf(stderr, "select-echo: out of memory\n");
        exit(1);
    }
    *array = p;
    *cap = grown;
}

/* Accepts every pending connection (the listener is non-blocking: until EAGAIN). */
static void accept_all(sockbox_socket *listener) {
    for (;;) {
        sockbox_socket *socket = sockbox_socket_accept(listener);
        if (!socket) {
            if (!sockbox_would_block())
                printf("socket_accept() failed: reason: %s\n", sockbox_last_failure()->message);
            return;
        }
        if (!sockbox_socket_set_nonblock(socket)) {
            printf("socket_set_nonblock() failed: reason: %s\n",
                   sockbox_last_failure()->message);
            sockbox_socket_close(socket);
            continue;
        }
        /* Echo small messages at once rather than waiting to coalesce them. */
        sockbox_socket_set_option(socket, SOCKBOX_SOL_TCP, SOCKBOX_TCP_NODELAY, 1);
        reserve((void **)&clients, &clients_cap, nclients + 1, sizeof *clients);
        clients[nclients++] = (client){socket, NULL, 0, 0};
    }
}

/* Writes data[*written..len] while the socket takes it. false on error; *written < len when
 * the socket would block. */
static bool write_some(client *c, const char *data, size_t len, size_t *written) {
    while (*written < len) {
        ssize_t n = sockbox_socket_write(c->socket, data + *written, len - *written);
        if (n < 0)
            return sockbox_would_block();
        if (n == 0)
            return true; /* wait for writability */
        *written += (size_t)n;
    }
    return true;
}

/* Writes as much of the client's pending echo as the socket takes. false on error. */
static bool flush(client *c) {
    if (!write_some(c, c->pending, c->pending_len, &c->written))
        return false;
    if (c->written == c->pending_len) {
        free(c->pending);
        c->pending = NULL, c->pending_len = c->written = 0;
    }
    return true;
}

/* Reads what the client sent and echoes it, keeping what the socket did not take. false when
 * the client is done (end of stream or error). */
static bool on_readable(client *c) {
    ssize_t n = sockbox_socket_read(c->socket, chunk, sizeof chunk, SOCKBOX_PHP_BINARY_READ);
    if (n == 0)
        return false;
    if (n < 0)
        return sockbox_would_block();
    size_t written = 0;
    if (!write_some(c, chunk, (size_t)n, &written))
        return false;
    if (written < (size_t)n) {
        c->pending_len = (size_t)n - written;
        if (!(c->pending = malloc(c->pending_len)))
            return false;
        memcpy(c->pending, chunk + written, c->pending_len);
        c->written = 0;
    }
    return true;
}

static int by_index(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    const char *address = argc > 1 ? argv[1] : "127.0.0.1";
    int64_t port = 10001, limit = -1;
    if (argc > 2 && !parse_i64(argv[2], &port))
        usage();
    if (argc > 3 && (!parse_i64(argv[3], &limit) || limit < 0))
        usage();

    sockbox_socket *listener =
        sockbox_socket_create(SOCKBOX_AF_INET, SOCKBOX_SOCK_STREAM, SOCKBOX_SOL_TCP);
    if (!listener)
        fail("socket_create");
    sockbox_socket_set_option(listener, SOCKBOX_SOL_SOCKET, SOCKBOX_SO_REUSEADDR, 1);
    if (!sockbox_socket_bind(listener, address, port))
        fail("socket_bind");
    if (!sockbox_socket_listen(listener, SOCKBOX_SOMAXCONN))
        fail("socket_listen");
    if (!sockbox_socket_set_nonblock(listener))
        fail("socket_set_nonblock");
    sockbox_name bound;
    if (!sockbox_socket_getsockname(listener, &bound))
        fail("socket_getsockname");
    printf("listening on %s:%d\n", bound.address, bound.port < 0 ? 0 : bound.port);
    fflush(stdout);
    sockbox_free(bound.address);

    /* Reused every iteration: the select arrays, and the client index of each entry of them
     * (the read array starts with the listener, which has none). */
    sockbox_socket **reads = NULL, **writes = NULL;
    size_t *readers = NULL, *writers = NULL, *finished = NULL;
    size_t reads_cap = 0, writes_cap = 0, readers_cap = 0, writers_cap = 0, finished_cap = 0;
    int64_t served = 0;

    while (limit < 0 || served < limit) {
        reserve((void **)&reads, &reads_cap, nclients + 1, sizeof *reads);
        reserve((void **)&writes, &writes_cap, nclients + 1, sizeof *writes);
        reserve((void **)&readers, &readers_cap, nclients + 1, sizeof *readers);
        reserve((void **)&writers, &writers_cap, nclients + 1, sizeof *writers);
        reserve((void **)&finished, &finished_cap, nclients + 1, sizeof *finished);
        size_t nreads = 0, nwrites = 0, nreaders = 0, nwriters = 0, nfinished = 0;
        reads[nreads++] = listener;
        for (size_t i = 0; i < nclients; i++) {
            if (clients[i].pending == NULL) {
                reads[nreads++] = clients[i].socket;
                readers[nreaders++] = i;
            } else {
                writes[nwrites++] = clients[i].socket;
                writers[nwriters++] = i;
            }
        }

        if (sockbox_socket_select(reads, &nreads, writes, &nwrites, NULL, NULL, SOCKBOX_NONE, 0) < 0) {
            const sockbox_failure *f = sockbox_last_failure();
            if (f->kind == SOCKBOX_FAILURE_ERRNO && f->code == SOCKBOX_SOCKET_EINTR)
                continue;
            fail("socket_select");
        }

        /* select keeps the ready sockets in their original order, so one walk over the
         * candidates in that order finds each ready one. The listener was first. */
        size_t r = 0;
        if (r < nreads && reads[r] == listener) {
            accept_all(listener);
            r++;
        }
        for (size_t k = 0; k < nreaders && r < nreads; k++) {
            client *c = &clients[readers[k]];
            if (c->socket != reads[r])
                continue;
            r++;
            if (!on_readable(c))
                finished[nfinished++] = readers[k];
        }
        size_t w = 0;
        for (size_t k = 0; k < nwriters && w < nwrites; k++) {
            client *c = &clients[writers[k]];
            if (c->socket != writes[w])
                continue;
            w++;
            if (!flush(c))
                finished[nfinished++] = writers[k];
        }

        /* Highest index first, so that moving the last client into the gap only moves
         * clients that stay. */
        qsort(finished, nfinished, sizeof *finished, by_index);
        for (size_t k = nfinished; k-- > 0;) {
            size_t i = finished[k];
            sockbox_socket_close(clients[i].socket);
            free(clients[i].pending);
            clients[i] = clients[--nclients];
            served++;
        }
    }
    return 0;
}
