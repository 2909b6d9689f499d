/*
 * php_sockets.h: sockbox's ext/sockets for php.wasm, written against php:sockets (the WIT
 * package in wit/sockets.wit) through wit-bindgen's C bindings (guest-sdk/c/gen/guest.h) and
 * the C SDK (guest-sdk/c/sockbox.h). The host does the socket work, PHP's argument checks on
 * values and PHP's errno bookkeeping (both last-error slots); this extension does what PHP's C
 * code does on the PHP side: parameter parsing, the Socket / AddressInfo objects, the warnings,
 * by-reference results, the arrays of options and messages, and the bridge to PHP streams.
 *
 * Constants are never taken from wasi-libc's headers (its AF_INET is 1): every value comes from
 * the host's `constants` interface, at MINIT, and the extension reads the ones it needs from
 * `sb_const` (lower-case names, so that libc's macros cannot stand in for them).
 *
 * The files are named as PHP's own ext/sockets names them, because the configure script PHP
 * ships compiles exactly these five for --enable-sockets (see config.m4):
 *   sockets.c       module, classes, constants, errors, the socket functions, streams
 *   multicast.c     socket_get_option / socket_set_option (and the aliases)
 *   sendrecvmsg.c   socket_sendmsg / socket_recvmsg / socket_cmsg_space
 *   conversions.c   PHP's message arrays to and from php:sockets records
 *   sockaddr_conv.c socket_addrinfo_* (the AddressInfo class)
 */
#ifndef PHP_SOCKETS_H
#define PHP_SOCKETS_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"

#define PHP_SOCKETS_VERSION PHP_VERSION

extern zend_module_entry sockets_module_entry;
#define phpext_sockets_ptr &sockets_module_entry

#ifdef SOCKBOX_EXT_INTERNAL

/* <errno.h> first: the generated bindings name a union member `errno`, which compiles only
 * because wasi-libc defines errno as itself. */
#include <errno.h>
#include "sockbox.h"
#include "gen/guest.h"

typedef php_sockets_types_error_t sb_error;

/* ---- constants (values from the host) ---------------------------------------------------- */

/* Every constant the extension itself needs, by PHP name (lower-cased as the field name). */
#define SB_CONSTANTS(X)                                                                      \
    X(AF_UNIX, af_unix) X(AF_INET, af_inet) X(AF_INET6, af_inet6)                            \
    X(SOCK_STREAM, sock_stream) X(SOCK_DGRAM, sock_dgram)                                    \
    X(SOCK_NONBLOCK, sock_nonblock) X(SOCK_CLOEXEC, sock_cloexec) X(MSG_DONTWAIT, msg_dontwait) \
    X(MSG_PEEK, msg_peek) X(MSG_OOB, msg_oob)                                                \
    X(PHP_NORMAL_READ, php_normal_read) X(PHP_BINARY_READ, php_binary_read)                  \
    X(SOL_SOCKET, sol_socket) X(SOL_TCP, sol_tcp) X(IPPROTO_IP, ipproto_ip)                  \
    X(IPPROTO_IPV6, ipproto_ipv6) X(SOMAXCONN, somaxconn)                                    \
    X(SO_LINGER, so_linger) X(SO_RCVTIMEO, so_rcvtimeo) X(SO_SNDTIMEO, so_sndtimeo)          \
    X(SO_BINDTODEVICE, so_bindtodevice) X(SO_TYPE, so_type)                                  \
    X(TCP_CONGESTION, tcp_congestion)                                                        \
    X(IP_MULTICAST_IF, ip_multicast_if) X(IP_MULTICAST_TTL, ip_multicast_ttl)                \
    X(IP_MULTICAST_LOOP, ip_multicast_loop) X(IPV6_MULTICAST_IF, ipv6_multicast_if)          \
    X(IPV6_MULTICAST_HOPS, ipv6_multicast_hops) X(IPV6_MULTICAST_LOOP, ipv6_multicast_loop)  \
    X(IPV6_PKTINFO, ipv6_pktinfo) X(IPV6_HOPLIMIT, ipv6_hoplimit) X(IPV6_TCLASS, ipv6_tclass) \
    X(MCAST_JOIN_GROUP, mcast_join_group) X(MCAST_LEAVE_GROUP, mcast_leave_group)            \
    X(MCAST_BLOCK_SOURCE, mcast_block_source) X(MCAST_UNBLOCK_SOURCE, mcast_unblock_source)  \
    X(MCAST_JOIN_SOURCE_GROUP, mcast_join_source_group)                                      \
    X(MCAST_LEAVE_SOURCE_GROUP, mcast_leave_source_group)                                    \
    X(SCM_RIGHTS, scm_rights) X(SCM_CREDENTIALS, scm_credentials)                            \
    X(SOCKET_EAGAIN, e_again) X(SOCKET_EWOULDBLOCK, e_wouldblock)                            \
    X(SOCKET_EINPROGRESS, e_inprogress) X(SOCKET_EMFILE, e_mfile) X(SOCKET_ENFILE, e_nfile)  \
    X(SOCKET_ENOBUFS, e_nobufs) X(SOCKET_ENOMEM, e_nomem)                                    \
    X(SOCKET_EAFNOSUPPORT, e_afnosupport) X(SOCKET_EPROTONOSUPPORT, e_protonosupport)        \
    X(SOCKET_ESOCKTNOSUPPORT, e_socktnosupport) X(SOCKET_EOPNOTSUPP, e_opnotsupp)            \
    X(SOCKET_ETIMEDOUT, e_timedout) X(SOCKET_EINVAL, e_inval) X(SOCKET_EMSGSIZE, e_msgsize)    \
    X(SO_ERROR, so_error) X(SO_REUSEADDR, so_reuseaddr) X(SO_REUSEPORT, so_reuseport)        \
    X(SO_BROADCAST, so_broadcast) X(IPV6_V6ONLY, ipv6_v6only) X(TCP_NODELAY, tcp_nodelay)

/* A constant this host does not define: no PHP value can be equal to it. */
#define SB_UNDEF INT64_MIN

typedef struct {
#define SB_FIELD_(name, field) int64_t field;
    SB_CONSTANTS(SB_FIELD_)
#undef SB_FIELD_
} sb_consts_t;

extern sb_consts_t sb_const;

/* ---- the Socket object ---------------------------------------------------------------- */

typedef struct {
    /* The own<socket> handle; -1 once closed (PHP's bsd_socket of -1). */
    int32_t handle;
    /* socket.id: what socket_select() passes for it. */
    uint32_t id;
    /* PHP's `type`: the family given to socket_create(), or that of the accepting socket. */
    int family;
    /* PHP's own view of the blocking mode (the host keeps the real one). */
    bool blocking;
    /* The stream resource linked by socket_export_stream() / socket_import_stream(). */
    zval zstream;
    zend_object std;
} php_socket;

extern zend_class_entry *socket_ce;
extern zend_class_entry *address_info_ce;

static inline php_socket *socket_from_obj(zend_object *obj) {
    return (php_socket *)((char *)(obj)-XtOffsetOf(php_socket, std));
}
#define Z_SOCKET_P(zv) socket_from_obj(Z_OBJ_P(zv))
#define IS_INVALID_SOCKET(s) ((s)->handle < 0)

static inline php_sockets_sockets_borrow_socket_t sb_borrow(const php_socket *s) {
    return (php_sockets_sockets_borrow_socket_t){s->handle};
}

#define ENSURE_SOCKET_VALID(php_sock)                                                       \
    do {                                                                                    \
        if (IS_INVALID_SOCKET(php_sock)) {                                                  \
            zend_argument_error(NULL, 1, "has already been closed");                        \
            RETURN_THROWS();                                                                \
        }                                                                                   \
    } while (0)

/* A new Socket object in `zv` over a handle the host gave out. */
void sb_socket_object(zval *zv, php_sockets_sockets_own_socket_t own, int family);

/* The family of a socket the host made without saying which (received, imported). */
int sb_guess_family(php_sockets_sockets_own_socket_t own);

/* ---- failures --------------------------------------------------------------------------- */

/* How a failed call warns when it failed with an errno (PHP's two styles). */
typedef enum {
    /* PHP_SOCKET_ERROR: "<what> [errno]: text", none for EAGAIN / EWOULDBLOCK / EINPROGRESS. */
    SB_WARN_SOCKET,
    /* php_error_docref with "<what> [errno]: text" for every errno. */
    SB_WARN_ALWAYS,
    /* Like SB_WARN_SOCKET, and a resolver failure (below -10000) is "Host lookup failed". */
    SB_WARN_LOOKUP,
    /* No warning at all for EAGAIN (PHP_IS_TRANSIENT_ERROR); else like SB_WARN_SOCKET. */
    SB_WARN_TRANSIENT,
} sb_warn_style;

/*
 * Reports a failed host call as PHP does and frees the error: a warning for an errno (the host
 * has recorded it already), an exception for an invalid argument or a closed socket, nothing
 * for an unspecified failure. `what` is the warning's text before " [errno]".
 */
void sb_fail(sb_error *err, sb_warn_style style, const char *what);

/* The errno of an error (0 unless it is one). */
static inline int sb_errno_of(const sb_error *err) {
    int32_t code = 0;
    if (err->tag == PHP_SOCKETS_TYPES_ERROR_ERRNO)
        memcpy(&code, &err->val, sizeof code);
    return code;
}

/* Throws PHP's exception for a host's invalid-argument text (ValueError, TypeError, ...). */
void sb_throw_invalid(const char *msg, size_t len);

/* glibc's text for an errno, as the host gives it (cached by the SDK). */
const char *sb_strerror(int code);

/* ---- strings to the host ------------------------------------------------------------------ */

/* A WIT string over PHP bytes (no copy). WIT strings must be UTF-8: see sb_utf8_arg(). */
static inline guest_string_t sb_str(const char *s, size_t len) {
    return (guest_string_t){(uint8_t *)s, len};
}

/* Whether `s` is valid UTF-8 (what a WIT string must be). */
bool sb_is_utf8(const char *s, size_t len);

/* Throws a ValueError for argument `arg` when it is not UTF-8; false then. */
bool sb_utf8_arg(uint32_t arg, const char *s, size_t len);

/* Before a call that carries `addr` as an AF_UNIX path name: if it is relative, tells the host
 * the working directory (wasi-libc keeps it here, in the guest) when it changed since it last
 * did. (Callers ask only for AF_UNIX sockets: IP calls need no getcwd().) */
void sb_tell_cwd(const char *addr, size_t len);

/* ---- streams -------------------------------------------------------------------------- */

/* The socket behind one of the extension's streams (socket_export_stream()'s, the unix:// and
 * udg:// transports'); false for any other stream, or one whose socket is gone. */
bool sb_stream_socket(php_stream *stream, php_sockets_sockets_borrow_socket_t *sock);

/* ---- messages (conversions.c) ------------------------------------------------------------ */

/* What a converted message points into: PHP strings and arrays, released after the call. */
typedef struct {
    zend_string **strs;
    size_t nstrs, cap_strs;
    void **mem;
    size_t nmem, cap_mem;
    /* The sockets SCM_RIGHTS data names, by position (sendmsg's `rights`). */
    php_sockets_sockets_borrow_socket_t *rights;
    size_t nrights, cap_rights;
} sb_msg_buf;

/* socket_sendmsg()'s $message as a php:sockets message, checked as PHP converts it; false
 * after PHP's conversion warning (or an exception). */
bool sb_msg_from_zval(zval *zmsg, php_socket *sock, php_sockets_types_message_t *msg,
                      sb_msg_buf *buf);

/* socket_recvmsg()'s $message as a request, checked as PHP converts it. */
bool sb_recv_request_from_zval(zval *zmsg, php_socket *sock,
                               php_sockets_types_recvmsg_request_t *req);

/* The received message as PHP's array (name, control, iov, flags) in `out`; the sockets
 * SCM_RIGHTS brought become Socket objects (taken from `socks`). */
void sb_received_to_zval(const php_sockets_types_received_message_t *m,
                         php_sockets_sockets_list_own_socket_t *socks, zval *out);

void sb_msg_buf_free(sb_msg_buf *buf);

/* ---- the other files' functions --------------------------------------------------------- */

PHP_FUNCTION(socket_get_option);
PHP_FUNCTION(socket_set_option);
PHP_FUNCTION(socket_sendmsg);
PHP_FUNCTION(socket_recvmsg);
PHP_FUNCTION(socket_cmsg_space);
PHP_FUNCTION(socket_addrinfo_lookup);
PHP_FUNCTION(socket_addrinfo_connect);
PHP_FUNCTION(socket_addrinfo_bind);
PHP_FUNCTION(socket_addrinfo_explain);

/* sockaddr_conv.c: the AddressInfo class. */
void sb_address_info_minit(void);

#endif /* SOCKBOX_EXT_INTERNAL */

#endif /* PHP_SOCKETS_H */
