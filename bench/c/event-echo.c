/*
 * An echo server for many clients at once, driven by sockbox_poller (sockbox's events.poller)
 * instead of socket_select: the C port, over sockbox.h, of examples/event-echo. Same arguments,
 * same output, same loop.
 *
 * `event-echo [ADDRESS] [PORT] [N]` listens on ADDRESS:PORT (default 127.0.0.1 10001; port 0
 * picks a free one) and prints `listening on ADDRESS:PORT` once it accepts connections. It runs
 * until killed, or, given N, until N client connections have been served and closed.
 *
 *   sockbox run --allow-bind 127.0.0.1:10001 event-echo.wasm 127.0.0.1 10001
 *
 * Each socket is added to the poller once, with its slot in `slots` as its token: a wait
 * answers with the ready sockets only. A client whose echo could not be written in full is
 * watched for writability instead of readability until its backlog is flushed.
 */
#define NAME "event-echo"
#include "echo-client.h"

/* The most events one wait returns. */
#define BATCH 256
/* The listener's token; a client's is its slot. */
#define LISTENER UINT64_MAX

/* Clients by slot (socket NULL: a free slot), and the free slots. */
static client *slots;
static size_t nslots, slots_cap;
static size_t *free_slots;
static size_t nfree, free_cap;

/* Frees a client's slot for the next connection. */
static void release_slot(size_t slot) {
    slots[slot] = (client){NULL, NULL, 0, 0};
    reserve((void **)&free_slots, &free_cap, nfree + 1, sizeof *free_slots);
    free_slots[nfree++] = slot;
}

/* Accepts every pending connection and adds each to the poller under its slot. */
static void accept_all(sockbox_socket *listener, sockbox_poller *poller) {
    sockbox_socket *socket;
    while ((socket = next_client(listener))) {
        size_t slot;
        if (nfree) {
            slot = free_slots[--nfree];
        } else {
            reserve((void **)&slots, &slots_cap, nslots + 1, sizeof *slots);
            slot = nslots++;
        }
        if (!sockbox_poller_add(poller, socket, slot, SOCKBOX_READABLE)) {
            printf("poller.add failed: reason: %s\n", sockbox_last_failure()->message);
            sockbox_socket_close(socket);
            release_slot(slot);
            continue;
        }
        slots[slot] = (client){socket, NULL, 0, 0};
    }
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

    sockbox_poller *poller = sockbox_poller_create();
    if (!poller)
        fail("poller.create");
    if (!sockbox_poller_add(poller, listener, LISTENER, SOCKBOX_READABLE))
        fail("poller.add");

    static sockbox_event events[BATCH];
    int64_t served = 0;
    while (limit < 0 || served < limit) {
        int n = sockbox_poller_wait(poller, events, BATCH, SOCKBOX_NONE);
        if (n < 0) {
            const sockbox_failure *f = sockbox_last_failure();
            if (f->kind == SOCKBOX_FAILURE_ERRNO && f->code == SOCKBOX_SOCKET_EINTR)
                continue;
            fail("poller.wait");
        }
        for (int i = 0; i < n; i++) {
            if (events[i].token == LISTENER) {
                accept_all(listener, poller);
                continue;
            }
            size_t slot = (size_t)events[i].token;
            client *c = &slots[slot];
            if (!c->socket)
                continue;
            bool had_pending = c->pending != NULL;
            bool alive = had_pending ? flush(c) : on_readable(c);
            if (!alive) {
                /* Closing the socket removes it from the poller. */
                sockbox_socket_close(c->socket);
                free(c->pending);
                release_slot(slot);
                served++;
            } else if (had_pending != (c->pending != NULL)) {
                uint8_t interest = c->pending ? SOCKBOX_WRITABLE : SOCKBOX_READABLE;
                if (!sockbox_poller_modify(poller, c->socket, slot, interest))
                    fail("poller.modify");
            }
        }
    }
    sockbox_poller_free(poller);
    return 0;
}
