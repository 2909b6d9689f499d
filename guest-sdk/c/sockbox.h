/*
 * sockbox.h: PHP's ext/sockets for C guests of sockbox (wasm32-wasip2 components importing
 * php:sockets). Build with scripts/c-toolchain's wasm32-wasip2-cc, compiling sockbox.c,
 * gen/guest.c and linking gen/guest_component_type.o (see scripts/build-c-guests).
 *
 * Every function is PHP's under a sockbox_ prefix (socket_bind -> sockbox_socket_bind), with
 * PHP's arguments; PHP's by-reference outputs are out-parameters.
 *
 * Failures. A call fails the way it does in PHP, by returning `false` (bool functions), -1
 * (count functions) or NULL (functions returning a socket or an array). Then:
 *   - sockbox_socket_last_error(sock) / sockbox_socket_last_error(NULL) is PHP's socket_last_error(): the
 *     errno the host recorded, with Linux's numbering (compare with SOCKBOX_SOCKET_E*);
 *   - sockbox_socket_strerror(code) is PHP's socket_strerror(): glibc's text, from the host;
 *   - sockbox_last_failure() tells the failures PHP throws for (ValueError, closed socket)
 *     from errno failures, with the message PHP would show.
 *
 * Constants. Every value comes from the host's `constants` interface, looked up once by name
 * (sockbox_const("AF_INET")); SOCKBOX_AF_INET etc. are the common ones. Never use wasi-libc's
 * <sys/socket.h> macros with this API: wasi-libc numbers them its own way (AF_INET is 1 there,
 * 2 here, as on Linux).
 *
 * Ownership:
 *   - a sockbox_socket * returned by this API belongs to the caller, who ends it with
 *     sockbox_socket_close() (which also frees it: never use it afterwards);
 *   - strings returned in out-structs (sockbox_name.address, sockbox_addrinfo_explained's
 *     strings) and arrays returned by sockbox_socket_addrinfo_lookup() are malloc'd and belong to
 *     the caller: free them with sockbox_free() / sockbox_addrinfo_free();
 *   - `const char *` results (sockbox_socket_strerror, sockbox_last_failure()->message) belong to the
 *     SDK: never free them. sockbox_socket_strerror's texts live until the program ends; a failure's
 *     message until the next failure;
 *   - buffers passed in are only read (or written) during the call.
 *
 * Exit status: linking the SDK makes exit(N), and a return of N from main(), end the guest with
 * status N (wasi:cli's exit-with-code), where wasi-libc alone reports only success or failure.
 *
 * The guest is single-threaded (wasm32-wasip2), so the SDK keeps its state in globals.
 * What this header leaves out (sendmsg/recvmsg, export/import_stream, the multicast and text
 * options) is in the generated bindings, gen/guest.h; sockbox_socket_handle() bridges to them.
 * Beyond PHP, sockbox_poller is sockbox's events.poller (O(ready) waits on many sockets).
 */
#ifndef SOCKBOX_H
#define SOCKBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t */

#ifdef __cplusplus
extern "C" {
#endif

/** PHP's `null` for an optional int argument (a port, a hint, select's timeout). */
#define SOCKBOX_NONE INT64_MIN

/** PHP's Socket object. Opaque; see the ownership rules above. */
typedef struct sockbox_socket sockbox_socket;

/* ---- failures ------------------------------------------------------------------------- */

/** How the last failed call of this SDK failed. */
typedef enum sockbox_failure_kind {
    /** Nothing has failed yet. */
    SOCKBOX_FAILURE_NONE = 0,
    /** PHP returns false and records `code` for socket_last_error(). */
    SOCKBOX_FAILURE_ERRNO,
    /** PHP throws ValueError / TypeError with `message`; no errno is recorded. */
    SOCKBOX_FAILURE_INVALID_ARGUMENT,
    /** PHP throws Error: the socket has already been closed. */
    SOCKBOX_FAILURE_CLOSED,
    /** PHP warns with `message` and returns false; no errno is recorded. */
    SOCKBOX_FAILURE_WARNING,
    /** PHP returns false without recording an error (e.g. a read length of 0). */
    SOCKBOX_FAILURE_UNSPECIFIED,
    /** socket_addrinfo_lookup() failed with getaddrinfo's EAI_* `code`. */
    SOCKBOX_FAILURE_EAI,
} sockbox_failure_kind;

/** The last failure: kept until the next one (successes do not clear it, as in PHP). */
typedef struct sockbox_failure {
    sockbox_failure_kind kind;
    /** The errno (SOCKBOX_FAILURE_ERRNO) or EAI_* code (SOCKBOX_FAILURE_EAI); else 0. */
    int code;
    /** The text PHP shows: socket_strerror(code), or the exception's message. Never NULL. */
    const char *message;
} sockbox_failure;

/** The last failure of any call of this SDK. Owned by the SDK. */
const sockbox_failure *sockbox_last_failure(void);

/** Whether the last failure was EAGAIN/EWOULDBLOCK: a non-blocking call that would block. */
bool sockbox_would_block(void);

/** `socket_last_error($socket)`; NULL for `socket_last_error()` (the last error of any socket). */
int sockbox_socket_last_error(const sockbox_socket *sock);

/** `socket_clear_error($socket)`; NULL clears the global one. */
void sockbox_socket_clear_error(const sockbox_socket *sock);

/**
 * `socket_strerror($code)`: glibc's text for a Linux errno, as the host gives it. Owned by the
 * SDK and cached (one host call per distinct code), so it can go straight into printf.
 */
const char *sockbox_socket_strerror(int code);

/* ---- constants ------------------------------------------------------------------------ */

/**
 * The value of the constant PHP calls `name` ("AF_INET", "SOCKET_EAGAIN", ...), from the host.
 * An unknown name is a programming error, like PHP's "Undefined constant": it prints the name
 * and aborts. Use sockbox_const_lookup() for constants a host may not define.
 */
int64_t sockbox_const(const char *name);

/** Looks `name` up: true and its value in *value if the host defines it, else false. */
bool sockbox_const_lookup(const char *name, int64_t *value);

/**
 * The common constants, by PHP name (lower case, so that libc's upper-case macros of the same
 * names cannot replace them). Use the SOCKBOX_* macros below.
 */
#define SOCKBOX_COMMON_CONSTANTS(X)                                                          \
    X(AF_UNIX, af_unix) X(AF_INET, af_inet) X(AF_INET6, af_inet6)                            \
    X(SOCK_STREAM, sock_stream) X(SOCK_DGRAM, sock_dgram) X(SOCK_RAW, sock_raw)              \
    X(SOCK_SEQPACKET, sock_seqpacket)                                                        \
    X(SOL_SOCKET, sol_socket) X(SOL_TCP, sol_tcp) X(SOL_UDP, sol_udp)                        \
    X(IPPROTO_IP, ipproto_ip) X(IPPROTO_IPV6, ipproto_ipv6) X(SOMAXCONN, somaxconn)          \
    X(SO_REUSEADDR, so_reuseaddr) X(SO_REUSEPORT, so_reuseport)                              \
    X(SO_KEEPALIVE, so_keepalive) X(SO_BROADCAST, so_broadcast) X(SO_LINGER, so_linger)      \
    X(SO_RCVBUF, so_rcvbuf) X(SO_SNDBUF, so_sndbuf) X(SO_RCVTIMEO, so_rcvtimeo)              \
    X(SO_SNDTIMEO, so_sndtimeo) X(SO_ERROR, so_error) X(SO_TYPE, so_type)                    \
    X(TCP_NODELAY, tcp_nodelay)                                                              \
    X(MSG_OOB, msg_oob) X(MSG_PEEK, msg_peek) X(MSG_WAITALL, msg_waitall)                    \
    X(MSG_DONTWAIT, msg_dontwait) X(MSG_TRUNC, msg_trunc)                                    \
    X(PHP_NORMAL_READ, php_normal_read) X(PHP_BINARY_READ, php_binary_read)                  \
    X(AI_PASSIVE, ai_passive)                                                                \
    X(SOCKET_EPERM, socket_eperm) X(SOCKET_EINTR, socket_eintr)                              \
    X(SOCKET_EAGAIN, socket_eagain) X(SOCKET_EWOULDBLOCK, socket_ewouldblock)                \
    X(SOCKET_EACCES, socket_eacces) X(SOCKET_EPIPE, socket_epipe)                            \
    X(SOCKET_EINPROGRESS, socket_einprogress) X(SOCKET_EADDRINUSE, socket_eaddrinuse)        \
    X(SOCKET_ECONNREFUSED, socket_econnrefused) X(SOCKET_ECONNRESET, socket_econnreset)      \
    X(SOCKET_ETIMEDOUT, socket_etimedout)

/** The common constants' values (every one is registered by PHP on Linux). */
typedef struct sockbox_constants_t {
#define SOCKBOX_FIELD_(php_name, field) int64_t field;
    SOCKBOX_COMMON_CONSTANTS(SOCKBOX_FIELD_)
#undef SOCKBOX_FIELD_
} sockbox_constants_t;

/** The common constants, loaded from the host on first use. Owned by the SDK. */
const sockbox_constants_t *sockbox_constants(void);

#define SOCKBOX_AF_UNIX (sockbox_constants()->af_unix)
#define SOCKBOX_AF_INET (sockbox_constants()->af_inet)
#define SOCKBOX_AF_INET6 (sockbox_constants()->af_inet6)
#define SOCKBOX_SOCK_STREAM (sockbox_constants()->sock_stream)
#define SOCKBOX_SOCK_DGRAM (sockbox_constants()->sock_dgram)
#define SOCKBOX_SOCK_RAW (sockbox_constants()->sock_raw)
#define SOCKBOX_SOCK_SEQPACKET (sockbox_constants()->sock_seqpacket)
#define SOCKBOX_SOL_SOCKET (sockbox_constants()->sol_socket)
#define SOCKBOX_SOL_TCP (sockbox_constants()->sol_tcp)
#define SOCKBOX_SOL_UDP (sockbox_constants()->sol_udp)
#define SOCKBOX_IPPROTO_IP (sockbox_constants()->ipproto_ip)
#define SOCKBOX_IPPROTO_IPV6 (sockbox_constants()->ipproto_ipv6)
#define SOCKBOX_SOMAXCONN (sockbox_constants()->somaxconn)
#define SOCKBOX_SO_REUSEADDR (sockbox_constants()->so_reuseaddr)
#define SOCKBOX_SO_REUSEPORT (sockbox_constants()->so_reuseport)
#define SOCKBOX_SO_KEEPALIVE (sockbox_constants()->so_keepalive)
#define SOCKBOX_SO_BROADCAST (sockbox_constants()->so_broadcast)
#define SOCKBOX_SO_LINGER (sockbox_constants()->so_linger)
#define SOCKBOX_SO_RCVBUF (sockbox_constants()->so_rcvbuf)
#define SOCKBOX_SO_SNDBUF (sockbox_constants()->so_sndbuf)
#define SOCKBOX_SO_RCVTIMEO (sockbox_constants()->so_rcvtimeo)
#define SOCKBOX_SO_SNDTIMEO (sockbox_constants()->so_sndtimeo)
#define SOCKBOX_SO_ERROR (sockbox_constants()->so_error)
#define SOCKBOX_SO_TYPE (sockbox_constants()->so_type)
#define SOCKBOX_TCP_NODELAY (sockbox_constants()->tcp_nodelay)
#define SOCKBOX_MSG_OOB (sockbox_constants()->msg_oob)
#define SOCKBOX_MSG_PEEK (sockbox_constants()->msg_peek)
#define SOCKBOX_MSG_WAITALL (sockbox_constants()->msg_waitall)
#define SOCKBOX_MSG_DONTWAIT (sockbox_constants()->msg_dontwait)
#define SOCKBOX_MSG_TRUNC (sockbox_constants()->msg_trunc)
#define SOCKBOX_PHP_NORMAL_READ (sockbox_constants()->php_normal_read)
#define SOCKBOX_PHP_BINARY_READ (sockbox_constants()->php_binary_read)
#define SOCKBOX_AI_PASSIVE (sockbox_constants()->ai_passive)
#define SOCKBOX_SOCKET_EPERM (sockbox_constants()->socket_eperm)
#define SOCKBOX_SOCKET_EINTR (sockbox_constants()->socket_eintr)
#define SOCKBOX_SOCKET_EAGAIN (sockbox_constants()->socket_eagain)
#define SOCKBOX_SOCKET_EWOULDBLOCK (sockbox_constants()->socket_ewouldblock)
#define SOCKBOX_SOCKET_EACCES (sockbox_constants()->socket_eacces)
#define SOCKBOX_SOCKET_EPIPE (sockbox_constants()->socket_epipe)
#define SOCKBOX_SOCKET_EINPROGRESS (sockbox_constants()->socket_einprogress)
#define SOCKBOX_SOCKET_EADDRINUSE (sockbox_constants()->socket_eaddrinuse)
#define SOCKBOX_SOCKET_ECONNREFUSED (sockbox_constants()->socket_econnrefused)
#define SOCKBOX_SOCKET_ECONNRESET (sockbox_constants()->socket_econnreset)
#define SOCKBOX_SOCKET_ETIMEDOUT (sockbox_constants()->socket_etimedout)

/* ---- sockets -------------------------------------------------------------------------- */

/** `socket_create($domain, $type, $protocol)`. NULL on failure (sockbox_socket_last_error(NULL)). */
sockbox_socket *sockbox_socket_create(int64_t domain, int64_t type, int64_t protocol);

/** `socket_create_listen($port, $backlog)`: a TCP socket listening on every IPv4 address. */
sockbox_socket *sockbox_socket_create_listen(int64_t port, int64_t backlog);

/** `socket_create_pair($domain, $type, $protocol, &$pair)`: both ends in pair[0], pair[1]. */
bool sockbox_socket_create_pair(int64_t domain, int64_t type, int64_t protocol,
                                sockbox_socket *pair[2]);

/** `socket_close($socket)`: closes the socket and frees `sock`, which must not be used again. */
bool sockbox_socket_close(sockbox_socket *sock);

/** `socket_bind($socket, $address, $port)`. */
bool sockbox_socket_bind(sockbox_socket *sock, const char *address, int64_t port);

/** `socket_listen($socket, $backlog)`. */
bool sockbox_socket_listen(sockbox_socket *sock, int64_t backlog);

/** `socket_accept($socket)`: the connection, or NULL (see sockbox_would_block()). */
sockbox_socket *sockbox_socket_accept(sockbox_socket *sock);

/** `socket_connect($socket, $address, $port)`; `port` SOCKBOX_NONE for AF_UNIX. */
bool sockbox_socket_connect(sockbox_socket *sock, const char *address, int64_t port);

/**
 * `socket_read($socket, $length, $mode)`: at most `length` bytes into `buf`. `mode` is
 * SOCKBOX_PHP_BINARY_READ (what one recv gives) or SOCKBOX_PHP_NORMAL_READ (stops after "\n"
 * or "\r"). Returns the byte count, 0 at end of stream, -1 on failure. No NUL is appended.
 */
ssize_t sockbox_socket_read(sockbox_socket *sock, void *buf, size_t length, int64_t mode);

/** `socket_write($socket, $data, $length)`: bytes written (maybe fewer than `length`), or -1. */
ssize_t sockbox_socket_write(sockbox_socket *sock, const void *data, size_t length);

/**
 * `socket_recv($socket, &$data, $length, $flags)`: data into `buf` (at most `length` bytes);
 * returns the kernel's count (larger than what was stored with MSG_TRUNC), or -1.
 */
ssize_t sockbox_socket_recv(sockbox_socket *sock, void *buf, size_t length, int64_t flags);

/** `socket_send($socket, $data, $length, $flags)`: bytes sent, or -1. */
ssize_t sockbox_socket_send(sockbox_socket *sock, const void *data, size_t length,
                            int64_t flags);

/** An address as PHP gives it through `&$address, &$port`. */
typedef struct sockbox_name {
    /** Dotted quad, IPv6 text or AF_UNIX path; malloc'd: the caller sockbox_free()s it. */
    char *address;
    /** The port; -1 for AF_UNIX (PHP leaves `$port` untouched). */
    int port;
} sockbox_name;

/**
 * `socket_recvfrom($socket, &$data, $length, $flags, &$address, &$port)`: like
 * sockbox_socket_recv(), and the sender in *from (NULL to ignore it).
 */
ssize_t sockbox_socket_recvfrom(sockbox_socket *sock, void *buf, size_t length, int64_t flags,
                                sockbox_name *from);

/** `socket_sendto($socket, $data, $length, $flags, $address, $port)`: bytes sent, or -1. */
ssize_t sockbox_socket_sendto(sockbox_socket *sock, const void *data, size_t length,
                              int64_t flags, const char *address, int64_t port);

/** `socket_getsockname($socket, &$address, &$port)`; free out->address with sockbox_free(). */
bool sockbox_socket_getsockname(sockbox_socket *sock, sockbox_name *out);

/** `socket_getpeername($socket, &$address, &$port)`; free out->address with sockbox_free(). */
bool sockbox_socket_getpeername(sockbox_socket *sock, sockbox_name *out);

/** `socket_shutdown($socket, $mode)`: 0 reading, 1 writing, 2 both. */
bool sockbox_socket_shutdown(sockbox_socket *sock, int64_t mode);

/** `socket_set_nonblock($socket)`. */
bool sockbox_socket_set_nonblock(sockbox_socket *sock);

/** `socket_set_block($socket)`. */
bool sockbox_socket_set_block(sockbox_socket *sock);

/** `socket_atmark($socket)`: 1 at the out-of-band mark, 0 not, -1 on failure. */
int sockbox_socket_atmark(sockbox_socket *sock);

/** `socket_set_option()` of an int option (SO_REUSEADDR, TCP_NODELAY, SO_RCVBUF, ...). */
bool sockbox_socket_set_option(sockbox_socket *sock, int64_t level, int64_t option,
                               int64_t value);

/**
 * `socket_get_option()` of an int option, into *value. An option whose PHP value is not an int
 * fails as SOCKBOX_FAILURE_INVALID_ARGUMENT (use the _timeval / _linger calls for those).
 */
bool sockbox_socket_get_option(sockbox_socket *sock, int64_t level, int64_t option,
                               int64_t *value);

/** `socket_set_option()` of SO_RCVTIMEO / SO_SNDTIMEO: `['sec' => ..., 'usec' => ...]`. */
bool sockbox_socket_set_option_timeval(sockbox_socket *sock, int64_t level, int64_t option,
                                       int64_t sec, int64_t usec);

/** `socket_get_option()` of SO_RCVTIMEO / SO_SNDTIMEO. */
bool sockbox_socket_get_option_timeval(sockbox_socket *sock, int64_t level, int64_t option,
                                       int64_t *sec, int64_t *usec);

/** `socket_set_option()` of SO_LINGER: `['l_onoff' => ..., 'l_linger' => ...]`. */
bool sockbox_socket_set_option_linger(sockbox_socket *sock, int64_t level, int64_t option,
                                      int64_t onoff, int64_t linger);

/** `socket_get_option()` of SO_LINGER. */
bool sockbox_socket_get_option_linger(sockbox_socket *sock, int64_t level, int64_t option,
                                      int64_t *onoff, int64_t *linger);

/**
 * `socket_select(&$read, &$write, &$except, $seconds, $microseconds)`. Each array holds
 * *nread / *nwrite / *nexcept sockets (an array may be NULL when its count is NULL or 0). As in
 * PHP, each array is filtered in place down to its ready sockets, in their original order, and
 * its count updated. `seconds` SOCKBOX_NONE waits forever. Returns the number of ready
 * sockets (0 on timeout) or -1; on failure the arrays are left as they were.
 */
int sockbox_socket_select(sockbox_socket **read, size_t *nread, sockbox_socket **write, size_t *nwrite,
                   sockbox_socket **except, size_t *nexcept, int64_t seconds,
                   int64_t microseconds);

/* ---- address info --------------------------------------------------------------------- */

/** PHP's AddressInfo object. Opaque; freed with the array sockbox_socket_addrinfo_lookup() returned. */
typedef struct sockbox_addrinfo sockbox_addrinfo;

/** `socket_addrinfo_lookup()`'s `$hints`: a field of SOCKBOX_NONE is a key not given. */
typedef struct sockbox_addrinfo_hints {
    int64_t ai_flags, ai_socktype, ai_protocol, ai_family;
} sockbox_addrinfo_hints;

/**
 * `socket_addrinfo_lookup($host, $service, $hints)`; `service` and `hints` may be NULL. Returns
 * a NULL-terminated array (empty when nothing matched) that the caller frees with
 * sockbox_addrinfo_free(), or NULL on failure (SOCKBOX_FAILURE_EAI with the EAI_* code).
 */
sockbox_addrinfo **sockbox_socket_addrinfo_lookup(const char *host, const char *service,
                                           const sockbox_addrinfo_hints *hints);

/** Frees an array from sockbox_socket_addrinfo_lookup() and every entry in it (NULL is a no-op). */
void sockbox_addrinfo_free(sockbox_addrinfo **list);

/** `socket_addrinfo_connect($address)`: a new connected socket, or NULL. */
sockbox_socket *sockbox_socket_addrinfo_connect(sockbox_addrinfo *ai);

/** `socket_addrinfo_bind($address)`: a new bound socket, or NULL. */
sockbox_socket *sockbox_socket_addrinfo_bind(sockbox_addrinfo *ai);

/** `socket_addrinfo_explain($address)`. */
typedef struct sockbox_addrinfo_explained {
    int64_t ai_flags, ai_family, ai_socktype, ai_protocol;
    /** NULL when the host gave none; else malloc'd: sockbox_free() it. */
    char *ai_canonname;
    /** `ai_addr['sin_addr']` / `['sin6_addr']`; malloc'd: sockbox_free() it. */
    char *addr;
    /** `ai_addr['sin_port']` / `['sin6_port']`. */
    int port;
} sockbox_addrinfo_explained;

/** Fills *out for `ai`; the caller frees out->ai_canonname and out->addr. Cannot fail. */
void sockbox_socket_addrinfo_explain(sockbox_addrinfo *ai, sockbox_addrinfo_explained *out);

/* ---- events.poller (beyond PHP) -------------------------------------------------------- */

/*
 * A level-triggered set of the guest's sockets (an epoll set in the host): unlike
 * sockbox_socket_select(), the sockets are given once, and a wait costs what is ready, not
 * what is watched. A socket closed is removed from every poller.
 */
typedef struct sockbox_poller sockbox_poller;

/** What a socket is watched for, and what a wait found it ready for (bits of `interest` and
 * sockbox_event.ready; HANGUP and ERROR are reported without being asked for). */
#define SOCKBOX_READABLE 0x01
#define SOCKBOX_WRITABLE 0x02
#define SOCKBOX_PRIORITY 0x04
#define SOCKBOX_HANGUP 0x08
#define SOCKBOX_ERROR 0x10

/** A ready socket: the token it was added with, and what it is ready for. */
typedef struct sockbox_event {
    uint64_t token;
    uint8_t ready;
} sockbox_event;

/** A new, empty poller (it counts as a socket in the guest's limit), or NULL. */
sockbox_poller *sockbox_poller_create(void);

/** Ends a poller (NULL is a no-op); its sockets stay open. */
void sockbox_poller_free(sockbox_poller *poller);

/** Watches `sock` for `interest`, reported with `token`; false if it is watched already (EEXIST). */
bool sockbox_poller_add(sockbox_poller *poller, sockbox_socket *sock, uint64_t token,
                        uint8_t interest);

/** Changes what `sock` is watched for and its token; false if it is not watched (ENOENT). */
bool sockbox_poller_modify(sockbox_poller *poller, sockbox_socket *sock, uint64_t token,
                           uint8_t interest);

/** Stops watching `sock`; false if it was not watched (ENOENT). */
bool sockbox_poller_remove(sockbox_poller *poller, sockbox_socket *sock);

/**
 * Waits until a watched socket is ready or `timeout_ms` passed (negative, SOCKBOX_NONE
 * included: no limit; 0: no wait), then fills `events` with at most `max` (>= 1) ready sockets. Returns how many
 * (0 on timeout) or -1.
 */
int sockbox_poller_wait(sockbox_poller *poller, sockbox_event *events, uint32_t max,
                        int64_t timeout_ms);

/* ---- the rest ------------------------------------------------------------------------- */

/** Frees memory this API handed to the caller (it is free(); NULL is a no-op). */
void sockbox_free(void *ptr);

/**
 * The socket's handle in the generated bindings: `(php_sockets_sockets_borrow_socket_t){h}`
 * borrows it for calls this header does not wrap. The socket keeps owning it.
 */
int32_t sockbox_socket_handle(const sockbox_socket *sock);

#ifdef __cplusplus
}
#endif
#endif
