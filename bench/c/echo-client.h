/*
 * The client handling the C echo servers share (select-echo.c on socket_select, event-echo.c
 * on sockbox_poller), as examples/select-echo/src/client.rs is for the Rust ones: reading a
 * client's data into one shared buffer, echoing it, and keeping what the socket did not take.
 * Included by one source file each; NAME is the program's name in messages.
 */
#ifndef ECHO_CLIENT_H
#define ECHO_CLIENT_H

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

static char chunk[CHUNK];

static void fail(const char *function) {
    printf("%s() failed: reason: %s\n", function, sockbox_last_failure()->message);
    exit(1);
}

static void usage(void) {
    fprintf(stderr, "usage: " NAME " [ADDRESS] [PORT] [N]\n");
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
        fprintf(stderr, NAME ": out of memory\n");
        exit(1);
    }
    *array = p;
    *cap = grown;
}

/* The next pending connection, non-blocking and with TCP_NODELAY; NULL when none is left (the
 * listener is non-blocking: EAGAIN). A connection that cannot be set up is reported and closed. */
static sockbox_socket *next_client(sockbox_socket *listener) {
    for (;;) {
        sockbox_socket *socket = sockbox_socket_accept(listener);
        if (!socket) {
            if (!sockbox_would_block())
                printf("socket_accept() failed: reason: %s\n", sockbox_last_failure()->message);
            return NULL;
        }
        if (!sockbox_socket_set_nonblock(socket)) {
            printf("socket_set_nonblock() failed: reason: %s\n",
                   sockbox_last_failure()->message);
            sockbox_socket_close(socket);
            continue;
        }
        /* Echo small messages at once rather than waiting to coalesce them. */
        sockbox_socket_set_option(socket, SOCKBOX_SOL_TCP, SOCKBOX_TCP_NODELAY, 1);
        return socket;
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

#endif
