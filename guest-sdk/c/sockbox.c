/*
 * sockbox.c: the C SDK over wit-bindgen's bindings of world `guest` (gen/guest.h).
 * See sockbox.h for the API and its ownership rules.
 *
 * Conventions of the generated bindings used here: a fallible import returns `bool` (true =
 * ok) with the ok value in *ret and the error in *err; lists and strings the host returns are
 * allocated with cabi_realloc (malloc) and released with the generated *_free helpers, which
 * skip empty lists (their pointer is not malloc'd).
 */
#include "sockbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/guest.h"

struct sockbox_socket {
    php_sockets_sockets_own_socket_t own;
    /* socket.id, which select takes in place of the socket: asked once, at wrap(). */
    uint32_t id;
};

struct sockbox_addrinfo {
    php_sockets_sockets_own_address_info_t own;
};

typedef php_sockets_sockets_error_t wit_error;

static php_sockets_sockets_borrow_socket_t borrow(const sockbox_socket *sock) {
    return php_sockets_sockets_borrow_socket(sock->own);
}

static guest_string_t str(const char *s) {
    guest_string_t out;
    guest_string_set(&out, s);
    return out;
}

/* A list handed to the host is only read: casting the const away is safe. */
static guest_list_u8_t bytes(const void *data, size_t length) {
    return (guest_list_u8_t){(uint8_t *)data, length};
}

/* A copy of a host string as a NUL-terminated C string (or NULL when out of memory). */
static char *cstring(const guest_string_t *s) {
    char *out = malloc(s->len + 1);
    if (out) {
        memcpy(out, s->ptr, s->len);
        out[s->len] = '\0';
    }
    return out;
}

/* ---- failures ------------------------------------------------------------------------- */

static sockbox_failure failure = {SOCKBOX_FAILURE_NONE, 0, ""};
/* The message of an invalid-argument failure: malloc'd, replaced by the next failure. */
static char *failure_text;

static void fail_with(sockbox_failure_kind kind, int code, const char *message, bool owned) {
    free(failure_text);
    failure_text = owned ? (char *)message : NULL;
    failure = (sockbox_failure){kind, code, message ? message : "out of memory"};
}

/*
 * Records a failed call and frees the error. The generated error union names its errno member
 * `errno`, which compiles only because wasi-libc defines `errno` as itself: read it through
 * the union's address instead, which holds whatever <errno.h> is.
 */
static void fail(wit_error *err) {
    switch (err->tag) {
    case PHP_SOCKETS_TYPES_ERROR_ERRNO: {
        int32_t code;
        memcpy(&code, &err->val, sizeof code);
        fail_with(SOCKBOX_FAILURE_ERRNO, code, sockbox_socket_strerror(code), false);
        break;
    }
    case PHP_SOCKETS_TYPES_ERROR_INVALID_ARGUMENT:
        fail_with(SOCKBOX_FAILURE_INVALID_ARGUMENT, 0, cstring(&err->val.invalid_argument), true);
        break;
    case PHP_SOCKETS_TYPES_ERROR_CLOSED:
        fail_with(SOCKBOX_FAILURE_CLOSED, 0, "Argument #1 ($socket) has already been closed",
                  false);
        break;
    case PHP_SOCKETS_TYPES_ERROR_WARNING:
        fail_with(SOCKBOX_FAILURE_WARNING, 0, cstring(&err->val.warning), true);
        break;
    default:
        fail_with(SOCKBOX_FAILURE_UNSPECIFIED, 0, "operation failed", false);
        break;
    }
    php_sockets_types_error_free(err);
}

const sockbox_failure *sockbox_last_failure(void) { return &failure; }

/* exit() and a return from main() end here, after the atexit handlers and stdio's flush; this
 * _Exit takes the place of wasi-libc's, which reports only success or failure (wasi:cli's
 * exit(result)), and gives the host the status itself, as a native process's. */
_Noreturn void _Exit(int status) {
    wasi_cli_exit_exit_with_code((uint8_t)status);
    __builtin_unreachable();
}

bool sockbox_would_block(void) {
    return failure.kind == SOCKBOX_FAILURE_ERRNO && failure.code == SOCKBOX_SOCKET_EAGAIN;
}

int sockbox_socket_last_error(const sockbox_socket *sock) {
    if (!sock)
        return php_sockets_sockets_last_error(NULL);
    php_sockets_sockets_borrow_socket_t b = borrow(sock);
    return php_sockets_sockets_last_error(&b);
}

void sockbox_socket_clear_error(const sockbox_socket *sock) {
    if (!sock) {
        php_sockets_sockets_clear_error(NULL);
        return;
    }
    php_sockets_sockets_borrow_socket_t b = borrow(sock);
    php_sockets_sockets_clear_error(&b);
}

/* strerror texts by code: few distinct codes occur, so a list searched linearly will do. */
static struct strerror_entry {
    int code;
    char *text;
} *strerror_cache;
static size_t strerror_count;

const char *sockbox_socket_strerror(int code) {
    for (size_t i = 0; i < strerror_count; i++)
        if (strerror_cache[i].code == code)
            return strerror_cache[i].text;
    guest_string_t text;
    wit_error err;
    char *copy;
    if (php_sockets_sockets_strerror(code, &text, &err)) {
        copy = cstring(&text);
        guest_string_free(&text);
    } else {
        /* Any C int is a valid code, so this does not happen; keep glibc's wording anyway. */
        php_sockets_types_error_free(&err);
        char buf[32];
        snprintf(buf, sizeof buf, "Unknown error %d", code);
        copy = strdup(buf);
    }
    struct strerror_entry *grown =
        realloc(strerror_cache, (strerror_count + 1) * sizeof *strerror_cache);
    if (!copy || !grown) {
        free(copy);
        if (grown)
            strerror_cache = grown;
        return "Unknown error";
    }
    strerror_cache = grown;
    strerror_cache[strerror_count++] = (struct strerror_entry){code, copy};
    return copy;
}

/* ---- constants ------------------------------------------------------------------------ */

/* The host's list, kept for by-name look-ups (its strings are not NUL-terminated). */
static php_sockets_constants_list_constant_t all_constants;
static sockbox_constants_t common;
static bool constants_loaded;

static void load_constants(void) {
    if (constants_loaded)
        return;
    constants_loaded = true;
    php_sockets_constants_all(&all_constants);
#define SOCKBOX_LOAD_(php_name, field) common.field = sockbox_const(#php_name);
    SOCKBOX_COMMON_CONSTANTS(SOCKBOX_LOAD_)
#undef SOCKBOX_LOAD_
}

bool sockbox_const_lookup(const char *name, int64_t *value) {
    load_constants();
    size_t len = strlen(name);
    for (size_t i = 0; i < all_constants.len; i++) {
        const guest_string_t *n = &all_constants.ptr[i].name;
        if (n->len == len && memcmp(n->ptr, name, len) == 0) {
            *value = all_constants.ptr[i].value;
            return true;
        }
    }
    return false;
}

int64_t sockbox_const(const char *name) {
    int64_t value;
    if (!sockbox_const_lookup(name, &value)) {
        fprintf(stderr, "sockbox: undefined constant %s (this host does not define it)\n", name);
        abort();
    }
    return value;
}

const sockbox_constants_t *sockbox_constants(void) {
    load_constants();
    return &common;
}

/* ---- sockets -------------------------------------------------------------------------- */

/* Wraps a new handle; on out of memory the handle is dropped (closing it) and NULL returned. */
static sockbox_socket *wrap(php_sockets_sockets_own_socket_t own) {
    sockbox_socket *sock = malloc(sizeof *sock);
    if (!sock) {
        php_sockets_sockets_socket_drop_own(own);
        fail_with(SOCKBOX_FAILURE_UNSPECIFIED, 0, "out of memory", false);
        return NULL;
    }
    sock->own = own;
    sock->id = php_sockets_sockets_method_socket_id(php_sockets_sockets_borrow_socket(own));
    return sock;
}

sockbox_socket *sockbox_socket_create(int64_t domain, int64_t type, int64_t protocol) {
    php_sockets_sockets_own_socket_t own;
    wit_error err;
    if (!php_sockets_sockets_create(domain, type, protocol, &own, &err)) {
        fail(&err);
        return NULL;
    }
    return wrap(own);
}

sockbox_socket *sockbox_socket_create_listen(int64_t port, int64_t backlog) {
    php_sockets_sockets_own_socket_t own;
    wit_error err;
    if (!php_sockets_sockets_create_listen(port, backlog, &own, &err)) {
        fail(&err);
        return NULL;
    }
    return wrap(own);
}

bool sockbox_socket_create_pair(int64_t domain, int64_t type, int64_t protocol,
                                sockbox_socket *pair[2]) {
    php_sockets_sockets_tuple2_own_socket_own_socket_t both;
    wit_error err;
    if (!php_sockets_sockets_create_pair(domain, type, protocol, &both, &err)) {
        fail(&err);
        return false;
    }
    pair[0] = wrap(both.f0);
    pair[1] = pair[0] ? wrap(both.f1) : NULL;
    if (!pair[1]) {
        if (pair[0])
            sockbox_socket_close(pair[0]);
        else
            php_sockets_sockets_socket_drop_own(both.f1);
        pair[0] = NULL;
        return false;
    }
    return true;
}

bool sockbox_socket_close(sockbox_socket *sock) {
    if (!sock)
        return false;
    wit_error err;
    bool ok = php_sockets_sockets_method_socket_close(borrow(sock), &err);
    if (!ok)
        fail(&err);
    php_sockets_sockets_socket_drop_own(sock->own);
    free(sock);
    return ok;
}

/* The calls that return nothing but success or failure. */
static bool done(bool ok, wit_error *err) {
    if (!ok)
        fail(err);
    return ok;
}

bool sockbox_socket_bind(sockbox_socket *sock, const char *address, int64_t port) {
    guest_string_t a = str(address);
    wit_error err;
    return done(php_sockets_sockets_method_socket_bind(borrow(sock), &a, port, &err), &err);
}

bool sockbox_socket_listen(sockbox_socket *sock, int64_t backlog) {
    wit_error err;
    return done(php_sockets_sockets_method_socket_listen(borrow(sock), backlog, &err), &err);
}

sockbox_socket *sockbox_socket_accept(sockbox_socket *sock) {
    php_sockets_sockets_own_socket_t own;
    wit_error err;
    if (!php_sockets_sockets_method_socket_accept(borrow(sock), &own, &err)) {
        fail(&err);
        return NULL;
    }
    return wrap(own);
}

bool sockbox_socket_connect(sockbox_socket *sock, const char *address, int64_t port) {
    guest_string_t a = str(address);
    wit_error err;
    return done(php_sockets_sockets_method_socket_connect(
                    borrow(sock), &a, port == SOCKBOX_NONE ? NULL : &port, &err),
                &err);
}

/* Copies what the host returned into the caller's buffer and frees it. */
static size_t take(guest_list_u8_t *data, void *buf, size_t length) {
    size_t n = data->len < length ? data->len : length;
    if (n)
        memcpy(buf, data->ptr, n);
    guest_list_u8_free(data);
    return n;
}

/* The host takes PHP's int (s64) lengths; every size_t fits (32 bits on wasm32). */
static int64_t len64(size_t length) { return (int64_t)length; }

ssize_t sockbox_socket_read(sockbox_socket *sock, void *buf, size_t length, int64_t mode) {
    guest_list_u8_t data;
    wit_error err;
    if (!php_sockets_sockets_method_socket_read(borrow(sock), len64(length), mode, &data, &err)) {
        fail(&err);
        return -1;
    }
    return (ssize_t)take(&data, buf, length);
}

ssize_t sockbox_socket_write(sockbox_socket *sock, const void *data, size_t length) {
    guest_list_u8_t d = bytes(data, length);
    uint64_t written;
    wit_error err;
    if (!php_sockets_sockets_method_socket_write(borrow(sock), &d, NULL, &written, &err)) {
        fail(&err);
        return -1;
    }
    return (ssize_t)written;
}

ssize_t sockbox_socket_recv(sockbox_socket *sock, void *buf, size_t length, int64_t flags) {
    php_sockets_sockets_received_t got;
    wit_error err;
    if (!php_sockets_sockets_method_socket_recv(borrow(sock), len64(length), flags, &got, &err)) {
        fail(&err);
        return -1;
    }
    take(&got.data, buf, length);
    return (ssize_t)got.count;
}

ssize_t sockbox_socket_send(sockbox_socket *sock, const void *data, size_t length,
                            int64_t flags) {
    guest_list_u8_t d = bytes(data, length);
    uint64_t sent;
    wit_error err;
    if (!php_sockets_sockets_method_socket_send(borrow(sock), &d, len64(length), flags, &sent,
                                                &err)) {
        fail(&err);
        return -1;
    }
    return (ssize_t)sent;
}

/* Fills a sockbox_name from the host's address and port, taking ownership of `address`. */
static bool name_from(sockbox_name *out, guest_string_t *address, guest_option_u16_t port) {
    char *copy = cstring(address);
    guest_string_free(address);
    if (!copy) {
        fail_with(SOCKBOX_FAILURE_UNSPECIFIED, 0, "out of memory", false);
        return false;
    }
    out->address = copy;
    out->port = port.is_some ? port.val : -1;
    return true;
}

ssize_t sockbox_socket_recvfrom(sockbox_socket *sock, void *buf, size_t length, int64_t flags,
                                sockbox_name *from) {
    php_sockets_sockets_received_from_t got;
    wit_error err;
    if (!php_sockets_sockets_method_socket_recvfrom(borrow(sock), len64(length), flags, &got,
                                                    &err)) {
        fail(&err);
        return -1;
    }
    take(&got.data, buf, length);
    if (from) {
        if (!name_from(from, &got.address, got.port))
            return -1;
    } else {
        guest_string_free(&got.address);
    }
    return (ssize_t)got.count;
}

ssize_t sockbox_socket_sendto(sockbox_socket *sock, const void *data, size_t length,
                              int64_t flags, const char *address, int64_t port) {
    guest_list_u8_t d = bytes(data, length);
    guest_string_t a = str(address);
    uint64_t sent;
    wit_error err;
    if (!php_sockets_sockets_method_socket_sendto(borrow(sock), &d, len64(length), flags, &a,
                                                  port == SOCKBOX_NONE ? NULL : &port, &sent,
                                                  &err)) {
        fail(&err);
        return -1;
    }
    return (ssize_t)sent;
}

bool sockbox_socket_getsockname(sockbox_socket *sock, sockbox_name *out) {
    php_sockets_sockets_sock_name_t name;
    wit_error err;
    if (!php_sockets_sockets_method_socket_getsockname(borrow(sock), &name, &err)) {
        fail(&err);
        return false;
    }
    return name_from(out, &name.address, name.port);
}

bool sockbox_socket_getpeername(sockbox_socket *sock, sockbox_name *out) {
    php_sockets_sockets_sock_name_t name;
    wit_error err;
    if (!php_sockets_sockets_method_socket_getpeername(borrow(sock), &name, &err)) {
        fail(&err);
        return false;
    }
    return name_from(out, &name.address, name.port);
}

bool sockbox_socket_shutdown(sockbox_socket *sock, int64_t mode) {
    wit_error err;
    return done(php_sockets_sockets_method_socket_shutdown(borrow(sock), mode, &err), &err);
}

bool sockbox_socket_set_nonblock(sockbox_socket *sock) {
    wit_error err;
    return done(php_sockets_sockets_method_socket_set_nonblock(borrow(sock), &err), &err);
}

bool sockbox_socket_set_block(sockbox_socket *sock) {
    wit_error err;
    return done(php_sockets_sockets_method_socket_set_block(borrow(sock), &err), &err);
}

int sockbox_socket_atmark(sockbox_socket *sock) {
    bool at;
    wit_error err;
    if (!php_sockets_sockets_method_socket_atmark(borrow(sock), &at, &err)) {
        fail(&err);
        return -1;
    }
    return at;
}

/* ---- options -------------------------------------------------------------------------- */

typedef php_sockets_sockets_option_value_t option_value;

static bool set_option(sockbox_socket *sock, int64_t level, int64_t option, option_value *v) {
    wit_error err;
    return done(php_sockets_sockets_method_socket_set_option(borrow(sock), level, option, v, &err),
                &err);
}

/* Gets an option that must have the shape `tag`; any other shape is the caller's mistake. */
static bool get_option(sockbox_socket *sock, int64_t level, int64_t option, uint8_t tag,
                       option_value *v) {
    wit_error err;
    if (!php_sockets_sockets_method_socket_get_option(borrow(sock), level, option, v, &err)) {
        fail(&err);
        return false;
    }
    if (v->tag != tag) {
        php_sockets_types_option_value_free(v);
        fail_with(SOCKBOX_FAILURE_INVALID_ARGUMENT, 0,
                  "socket_get_option(): the option's value has another shape than asked for "
                  "(see gen/guest.h for the others)",
                  false);
        return false;
    }
    return true;
}

bool sockbox_socket_set_option(sockbox_socket *sock, int64_t level, int64_t option,
                               int64_t value) {
    option_value v = {.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_INT, .val.int_ = value};
    return set_option(sock, level, option, &v);
}

bool sockbox_socket_get_option(sockbox_socket *sock, int64_t level, int64_t option,
                               int64_t *value) {
    option_value v;
    if (!get_option(sock, level, option, PHP_SOCKETS_TYPES_OPTION_VALUE_INT, &v))
        return false;
    *value = v.val.int_;
    return true;
}

bool sockbox_socket_set_option_timeval(sockbox_socket *sock, int64_t level, int64_t option,
                                       int64_t sec, int64_t usec) {
    option_value v = {.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_TIMEVAL,
                      .val.timeval = {.sec = sec, .usec = usec}};
    return set_option(sock, level, option, &v);
}

bool sockbox_socket_get_option_timeval(sockbox_socket *sock, int64_t level, int64_t option,
                                       int64_t *sec, int64_t *usec) {
    option_value v;
    if (!get_option(sock, level, option, PHP_SOCKETS_TYPES_OPTION_VALUE_TIMEVAL, &v))
        return false;
    *sec = v.val.timeval.sec;
    *usec = v.val.timeval.usec;
    return true;
}

bool sockbox_socket_set_option_linger(sockbox_socket *sock, int64_t level, int64_t option,
                                      int64_t onoff, int64_t linger) {
    option_value v = {.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_LINGER,
                      .val.linger = {.l_onoff = onoff, .l_linger = linger}};
    return set_option(sock, level, option, &v);
}

bool sockbox_socket_get_option_linger(sockbox_socket *sock, int64_t level, int64_t option,
                                      int64_t *onoff, int64_t *linger) {
    option_value v;
    if (!get_option(sock, level, option, PHP_SOCKETS_TYPES_OPTION_VALUE_LINGER, &v))
        return false;
    *onoff = v.val.linger.l_onoff;
    *linger = v.val.linger.l_linger;
    return true;
}

/* ---- select --------------------------------------------------------------------------- */

/* The id lists, reused from call to call: a select loop then allocates nothing here. */
static uint32_t *ids;
static size_t ids_cap;

/* Keeps the sockets at the ready positions (ascending, as the host returns them). */
static void keep_ready(sockbox_socket **set, size_t *count, const guest_list_u32_t *ready) {
    if (!count)
        return;
    for (size_t i = 0; i < ready->len; i++)
        set[i] = set[ready->ptr[i]];
    *count = ready->len;
}

int sockbox_socket_select(sockbox_socket **read, size_t *nread, sockbox_socket **write, size_t *nwrite,
                   sockbox_socket **except, size_t *nexcept, int64_t seconds,
                   int64_t microseconds) {
    size_t nr = nread ? *nread : 0, nw = nwrite ? *nwrite : 0, ne = nexcept ? *nexcept : 0;
    size_t total = nr + nw + ne;
    if (total > ids_cap) {
        uint32_t *grown = realloc(ids, total * sizeof *ids);
        if (!grown) {
            fail_with(SOCKBOX_FAILURE_UNSPECIFIED, 0, "out of memory", false);
            return -1;
        }
        ids = grown;
        ids_cap = total;
    }
    for (size_t i = 0; i < nr; i++)
        ids[i] = read[i]->id;
    for (size_t i = 0; i < nw; i++)
        ids[nr + i] = write[i]->id;
    for (size_t i = 0; i < ne; i++)
        ids[nr + nw + i] = except[i]->id;
    guest_list_u32_t r = {ids, nr}, w = {ids + nr, nw}, e = {ids + nr + nw, ne};
    php_sockets_sockets_select_ready_t ready;
    wit_error err;
    if (!php_sockets_sockets_select(&r, &w, &e, seconds == SOCKBOX_NONE ? NULL : &seconds,
                                    microseconds, &ready, &err)) {
        fail(&err);
        return -1;
    }
    keep_ready(read, nread, &ready.read);
    keep_ready(write, nwrite, &ready.write);
    keep_ready(except, nexcept, &ready.except);
    int count = (int)ready.count;
    php_sockets_types_select_ready_free(&ready);
    return count;
}

/* ---- events.poller ---------------------------------------------------------------------- */

struct sockbox_poller {
    php_sockets_events_own_poller_t own;
};

/* sockbox.h's readiness bits are the WIT flags'. */
_Static_assert(SOCKBOX_READABLE == PHP_SOCKETS_TYPES_READINESS_READABLE, "readable");
_Static_assert(SOCKBOX_WRITABLE == PHP_SOCKETS_TYPES_READINESS_WRITABLE, "writable");
_Static_assert(SOCKBOX_PRIORITY == PHP_SOCKETS_TYPES_READINESS_PRIORITY, "priority");
_Static_assert(SOCKBOX_HANGUP == PHP_SOCKETS_TYPES_READINESS_HANGUP, "hangup");
_Static_assert(SOCKBOX_ERROR == PHP_SOCKETS_TYPES_READINESS_ERROR, "error");

static php_sockets_events_borrow_poller_t borrow_poller(const sockbox_poller *poller) {
    return php_sockets_events_borrow_poller(poller->own);
}

sockbox_poller *sockbox_poller_create(void) {
    php_sockets_events_own_poller_t own;
    wit_error err;
    if (!php_sockets_events_static_poller_create(&own, &err)) {
        fail(&err);
        return NULL;
    }
    sockbox_poller *poller = malloc(sizeof *poller);
    if (!poller) {
        php_sockets_events_poller_drop_own(own);
        fail_with(SOCKBOX_FAILURE_UNSPECIFIED, 0, "out of memory", false);
        return NULL;
    }
    poller->own = own;
    return poller;
}

void sockbox_poller_free(sockbox_poller *poller) {
    if (!poller)
        return;
    php_sockets_events_poller_drop_own(poller->own);
    free(poller);
}

bool sockbox_poller_add(sockbox_poller *poller, sockbox_socket *sock, uint64_t token,
                        uint8_t interest) {
    wit_error err;
    return done(php_sockets_events_method_poller_add(borrow_poller(poller), borrow(sock), token,
                                                     interest, &err),
                &err);
}

bool sockbox_poller_modify(sockbox_poller *poller, sockbox_socket *sock, uint64_t token,
                           uint8_t interest) {
    wit_error err;
    return done(php_sockets_events_method_poller_modify(borrow_poller(poller), borrow(sock),
                                                        token, interest, &err),
                &err);
}

bool sockbox_poller_remove(sockbox_poller *poller, sockbox_socket *sock) {
    wit_error err;
    return done(
        php_sockets_events_method_poller_remove(borrow_poller(poller), borrow(sock), &err), &err);
}

int sockbox_poller_wait(sockbox_poller *poller, sockbox_event *events, uint32_t max,
                        int64_t timeout_ms) {
    uint64_t timeout = timeout_ms < 0 ? 0 : (uint64_t)timeout_ms;
    php_sockets_events_list_event_t got;
    wit_error err;
    if (!php_sockets_events_method_poller_wait(borrow_poller(poller), max,
                                               timeout_ms < 0 ? NULL : &timeout, &got, &err)) {
        fail(&err);
        return -1;
    }
    /* The host gives at most `max`; a count beyond an int is impossible for a C array. */
    size_t n = got.len < max ? got.len : max;
    for (size_t i = 0; i < n; i++)
        events[i] = (sockbox_event){got.ptr[i].token, got.ptr[i].ready};
    php_sockets_events_list_event_free(&got);
    return (int)n;
}

/* ---- address info --------------------------------------------------------------------- */

static guest_option_s64_t hint(int64_t value) {
    return (guest_option_s64_t){value != SOCKBOX_NONE, value};
}

sockbox_addrinfo **sockbox_socket_addrinfo_lookup(const char *host, const char *service,
                                           const sockbox_addrinfo_hints *hints) {
    guest_string_t h = str(host), s;
    if (service)
        s = str(service);
    php_sockets_sockets_addrinfo_hints_t wh = {{false, 0}, {false, 0}, {false, 0}, {false, 0}};
    if (hints) {
        wh.ai_flags = hint(hints->ai_flags);
        wh.ai_socktype = hint(hints->ai_socktype);
        wh.ai_protocol = hint(hints->ai_protocol);
        wh.ai_family = hint(hints->ai_family);
    }
    php_sockets_sockets_list_own_address_info_t found;
    php_sockets_sockets_lookup_error_t err;
    if (!php_sockets_sockets_addrinfo_lookup(&h, service ? &s : NULL, &wh, &found, &err)) {
        if (err.tag == PHP_SOCKETS_TYPES_LOOKUP_ERROR_EAI) {
            char buf[64];
            snprintf(buf, sizeof buf, "address lookup failed (EAI error %d)", (int)err.val.eai);
            fail_with(SOCKBOX_FAILURE_EAI, err.val.eai, strdup(buf), true);
        } else {
            fail_with(SOCKBOX_FAILURE_INVALID_ARGUMENT, 0, cstring(&err.val.invalid_argument),
                      true);
        }
        php_sockets_types_lookup_error_free(&err);
        return NULL;
    }
    sockbox_addrinfo **list = calloc(found.len + 1, sizeof *list);
    size_t made = 0;
    for (; list && made < found.len; made++) {
        if (!(list[made] = malloc(sizeof **list)))
            break;
        list[made]->own = found.ptr[made];
    }
    if (!list || made < found.len) {
        for (size_t i = made; i < found.len; i++)
            php_sockets_sockets_address_info_drop_own(found.ptr[i]);
        sockbox_addrinfo_free(list);
        list = NULL;
        fail_with(SOCKBOX_FAILURE_UNSPECIFIED, 0, "out of memory", false);
    }
    if (found.len)
        free(found.ptr);
    return list;
}

void sockbox_addrinfo_free(sockbox_addrinfo **list) {
    if (!list)
        return;
    for (sockbox_addrinfo **p = list; *p; p++) {
        php_sockets_sockets_address_info_drop_own((*p)->own);
        free(*p);
    }
    free(list);
}

sockbox_socket *sockbox_socket_addrinfo_connect(sockbox_addrinfo *ai) {
    php_sockets_sockets_own_socket_t own;
    wit_error err;
    if (!php_sockets_sockets_method_address_info_connect(
            php_sockets_sockets_borrow_address_info(ai->own), &own, &err)) {
        fail(&err);
        return NULL;
    }
    return wrap(own);
}

sockbox_socket *sockbox_socket_addrinfo_bind(sockbox_addrinfo *ai) {
    php_sockets_sockets_own_socket_t own;
    wit_error err;
    if (!php_sockets_sockets_method_address_info_bind(
            php_sockets_sockets_borrow_address_info(ai->own), &own, &err)) {
        fail(&err);
        return NULL;
    }
    return wrap(own);
}

void sockbox_socket_addrinfo_explain(sockbox_addrinfo *ai, sockbox_addrinfo_explained *out) {
    php_sockets_sockets_addrinfo_explained_t e;
    php_sockets_sockets_method_address_info_explain(
        php_sockets_sockets_borrow_address_info(ai->own), &e);
    out->ai_flags = e.ai_flags;
    out->ai_family = e.ai_family;
    out->ai_socktype = e.ai_socktype;
    out->ai_protocol = e.ai_protocol;
    out->ai_canonname = e.ai_canonname.is_some ? cstring(&e.ai_canonname.val) : NULL;
    out->addr = cstring(&e.ai_addr.addr);
    out->port = e.ai_addr.port;
    php_sockets_types_addrinfo_explained_free(&e);
}

/* ---- the rest ------------------------------------------------------------------------- */

void sockbox_free(void *ptr) { free(ptr); }

int32_t sockbox_socket_handle(const sockbox_socket *sock) { return sock->own.__handle; }
