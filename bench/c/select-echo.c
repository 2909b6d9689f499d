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
#define NAME "select-echo"
#include "echo-client.h"

static client *clients;
static size_t nclients, clients_cap;

/* Accepts every pending connection. */
static void accept_all(sockbox_socket *listener) {
    sockbox_socket *socket;
    while ((socket = next_client(listener))) {
        reserve((void **)&clients, &clients_cap, nclients + 1, sizeof *clients);
        clients[nclients++] = (client){socket, NULL, 0, 0};
    }
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
