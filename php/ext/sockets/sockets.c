/*
 * sockets.c: the module (constants from the host, the Socket class, failures as PHP reports
 * them), the socket functions of PHP 8.2's ext/sockets, and the bridge from
 * socket_export_stream() / socket_import_stream() to PHP streams.
 *
 * Each function parses its parameters as PHP 8.2 does (same ZPP types and optionals), checks
 * for a closed socket first, then lets the host do the call; a failure becomes PHP's warning
 * (the host has already recorded the errno in the slots PHP records it in), PHP's exception
 * (the host's invalid-argument text is PHP's message), or a plain false.
 */
#define SOCKBOX_EXT_INTERNAL
#include "php_sockets.h"

#include "ext/standard/info.h"
#include "ext/standard/file.h"
#include "php_network.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include <netdb.h>

sb_consts_t sb_const;
php_socket *sb_current_sock;

zend_class_entry *socket_ce;
static zend_object_handlers socket_object_handlers;

/* ---- failures ------------------------------------------------------------------------- */

const char *sb_strerror(int code) { return sockbox_socket_strerror(code); }

/* ---- PHP's own stream sockets, as on Linux ---------------------------------------------
 * fsockopen(), stream_socket_*() and their warnings run on wasi-libc, whose errno numbers are
 * WASI's and whose texts are musl's. Patch 0007 has PHP report them through these, so a
 * script sees the numbers and texts php-cli shows on Linux: the host's, by PHP's name. */

/* The errno names wasi-libc and PHP's SOCKET_E* constants share (EWOULDBLOCK is EAGAIN and
 * ENOTSUP EOPNOTSUPP in wasi-libc: one case each). */
#define SB_SHARED_ERRNOS(X)                                                                    \
    X(E2BIG) X(EACCES) X(EADDRINUSE) X(EADDRNOTAVAIL) X(EAFNOSUPPORT) X(EAGAIN) X(EALREADY)    \
    X(EBADF) X(EBADMSG) X(EBUSY) X(ECONNABORTED) X(ECONNREFUSED) X(ECONNRESET)                 \
    X(EDESTADDRREQ) X(EDQUOT) X(EEXIST) X(EFAULT) X(EHOSTUNREACH) X(EIDRM) X(EINPROGRESS)      \
    X(EINTR) X(EINVAL) X(EIO) X(EISCONN) X(EISDIR) X(ELOOP) X(EMFILE) X(EMLINK) X(EMSGSIZE)    \
    X(EMULTIHOP) X(ENAMETOOLONG) X(ENETDOWN) X(ENETRESET) X(ENETUNREACH) X(ENFILE) X(ENOBUFS)  \
    X(ENODEV) X(ENOENT) X(ENOLCK) X(ENOLINK) X(ENOMEM) X(ENOMSG) X(ENOPROTOOPT) X(ENOSPC)      \
    X(ENOSYS) X(ENOTCONN) X(ENOTDIR) X(ENOTEMPTY) X(ENOTSOCK) X(ENOTTY) X(ENXIO) X(EOPNOTSUPP) \
    X(EPERM) X(EPIPE) X(EPROTO) X(EPROTONOSUPPORT) X(EPROTOTYPE) X(EROFS) X(ESPIPE) X(ESTALE)  \
    X(ETIMEDOUT) X(EXDEV)

int php_sockets_linux_errno(int wasi_errno) {
    const char *name = NULL;
    switch (wasi_errno) {
#define SB_ERRNO_CASE(e)                                                                       \
    case e:                                                                                    \
        name = "SOCKET_" #e;                                                                   \
        break;
        SB_SHARED_ERRNOS(SB_ERRNO_CASE)
#undef SB_ERRNO_CASE
    default:
        break;
    }
    int64_t value;
    /* An errno PHP has no constant for (ECANCELED, ERANGE, ...) keeps WASI's number. */
    return name && sockbox_const_lookup(name, &value) ? (int)value : wasi_errno;
}

const char *php_sockets_linux_strerror(int wasi_errno) {
    int linux_errno = php_sockets_linux_errno(wasi_errno);
    return linux_errno == wasi_errno ? strerror(wasi_errno) : sb_strerror(linux_errno);
}

/* glibc's gai_strerror() texts (Debian bookworm's glibc 2.36, what php-cli prints): wasi-libc
 * has the same EAI_* numbers and musl's texts. */
const char *php_sockets_gai_strerror(int code) {
    switch (code) {
    case EAI_BADFLAGS: return "Bad value for ai_flags";
    case EAI_NONAME: return "Name or service not known";
    case EAI_AGAIN: return "Temporary failure in name resolution";
    case EAI_FAIL: return "Non-recoverable failure in name resolution";
#ifdef EAI_NODATA
    case EAI_NODATA: return "No address associated with hostname";
#endif
    case EAI_FAMILY: return "ai_family not supported";
    case EAI_SOCKTYPE: return "ai_socktype not supported";
    case EAI_SERVICE: return "Servname not supported for ai_socktype";
#ifdef EAI_ADDRFAMILY
    case EAI_ADDRFAMILY: return "Address family for hostname not supported";
#endif
    case EAI_MEMORY: return "Memory allocation failure";
    case EAI_SYSTEM: return "System error";
    default: return "Unknown error";
    }
}

static bool sb_contains(const char *msg, size_t len, const char *needle) {
    return zend_memnstr(msg, needle, strlen(needle), msg + len) != NULL;
}

void sb_throw_invalid(const char *msg, size_t len) {
    if (sb_contains(msg, len, " must be of type ") ||
        sb_contains(msg, len, " must only have elements of type ") ||
        sb_contains(msg, len, " contains a closed socket")) {
        zend_type_error("%.*s", (int)len, msg);
    } else if (sb_contains(msg, len, "Wrong parameter count") ||
               sb_contains(msg, len, " expects exactly ")) {
        zend_argument_count_error("%.*s", (int)len, msg);
    } else {
        zend_value_error("%.*s", (int)len, msg);
    }
}

/* PHP 8.2's checks of socket_create() / socket_create_pair(): the domain, then the type (the
 * SOCK_NONBLOCK / SOCK_CLOEXEC flags the host registers are accepted, as PHP 8.4 does). */
static bool sb_check_domain_type(zend_long domain, zend_long type) {
    if (domain != sb_const.af_unix && domain != sb_const.af_inet6 && domain != sb_const.af_inet) {
        zend_argument_value_error(1, "must be one of AF_UNIX, AF_INET6, or AF_INET");
        return false;
    }
    int64_t flags = (sb_const.sock_nonblock == SB_UNDEF ? 0 : sb_const.sock_nonblock) |
                    (sb_const.sock_cloexec == SB_UNDEF ? 0 : sb_const.sock_cloexec);
    if ((type & ~flags) > 10) {
        zend_argument_value_error(2, "must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET,"
                                     " SOCK_RAW, or SOCK_RDM");
        return false;
    }
    return true;
}

static bool sb_is_transient(int code) {
    return code == sb_const.e_again || code == sb_const.e_wouldblock ||
           code == sb_const.e_inprogress;
}

void sb_fail(sb_error *err, sb_warn_style style, const char *what) {
    switch (err->tag) {
    case PHP_SOCKETS_TYPES_ERROR_ERRNO: {
        int code = sb_errno_of(err);
        if (style == SB_WARN_LOOKUP && code < -10000) {
            what = "Host lookup failed";
        } else if (style != SB_WARN_ALWAYS && sb_is_transient(code)) {
            break;
        }
        php_error_docref(NULL, E_WARNING, "%s [%d]: %s", what, code, sb_strerror(code));
        break;
    }
    case PHP_SOCKETS_TYPES_ERROR_INVALID_ARGUMENT: {
        const char *msg = (const char *)err->val.invalid_argument.ptr;
        size_t len = err->val.invalid_argument.len;
        /* PHP warns about its message conversions; php_error_docref adds "fn(): " itself. */
        if (sb_contains(msg, len, "error converting ")) {
            const char *body = zend_memnstr(msg, "(): ", 4, msg + len);
            if (body) {
                len -= (size_t)(body + 4 - msg);
                msg = body + 4;
            }
            php_error_docref(NULL, E_WARNING, "%.*s", (int)len, msg);
        } else {
            sb_throw_invalid(msg, len);
        }
        break;
    }
    case PHP_SOCKETS_TYPES_ERROR_CLOSED:
        if (sb_current_sock && sb_current_sock->fd_gone) {
            /* PHP still holds the descriptor number fclose() closed: EBADF. */
            int code = (int)sb_const.e_badf;
            php_error_docref(NULL, E_WARNING, "%s [%d]: %s", what, code, sb_strerror(code));
            break;
        }
        zend_argument_error(NULL, 1, "has already been closed");
        break;
    default: /* unspecified: false, nothing recorded */
        break;
    }
    php_sockets_types_error_free(err);
}

/* RETURN_FALSE after a failure, or RETURN_THROWS() when it threw. */
#define SB_RETURN_FAILED()                                                                   \
    do {                                                                                     \
        if (EG(exception))                                                                   \
            RETURN_THROWS();                                                                 \
        RETURN_FALSE;                                                                        \
    } while (0)

/* ---- UTF-8 (WIT strings) -------------------------------------------------------------- */

bool sb_is_utf8(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned char c = *p;
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07;
        } else {
            return false;
        }
        if ((size_t)(end - p) <= n)
            return false;
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}

bool sb_utf8_arg(uint32_t arg, const char *s, size_t len) {
    if (sb_is_utf8(s, len))
        return true;
    /* php:sockets carries addresses as WIT strings, which are UTF-8 by definition. */
    zend_argument_value_error(arg, "must be valid UTF-8 (php:sockets addresses are UTF-8)");
    return false;
}

/* ---- the Socket class ----------------------------------------------------------------- */

static zend_object *socket_create_object(zend_class_entry *class_type) {
    php_socket *intern = zend_object_alloc(sizeof(php_socket), class_type);
    zend_object_std_init(&intern->std, class_type);
    object_properties_init(&intern->std, class_type);
    intern->std.handlers = &socket_object_handlers;
    intern->handle = -1;
    intern->family = 0;
    intern->blocking = true;
    intern->fd_gone = false;
    ZVAL_UNDEF(&intern->zstream);
    return &intern->std;
}

static zend_function *socket_get_constructor(zend_object *object) {
    zend_throw_error(NULL, "Cannot directly construct Socket, use socket_create() instead");
    return NULL;
}

static void sb_unlink_stream(php_socket *sock);

static void socket_free_obj(zend_object *object) {
    php_socket *sock = socket_from_obj(object);
    if (sb_current_sock == sock)
        sb_current_sock = NULL;
    if (!Z_ISUNDEF(sock->zstream)) {
        sb_unlink_stream(sock);
        zval_ptr_dtor(&sock->zstream);
        ZVAL_UNDEF(&sock->zstream);
    }
    if (!IS_INVALID_SOCKET(sock)) {
        /* The host closes the descriptor (unless exported streams still share it). */
        php_sockets_sockets_socket_drop_own((php_sockets_sockets_own_socket_t){sock->handle});
        sock->handle = -1;
    }
    zend_object_std_dtor(&sock->std);
}

static HashTable *socket_get_gc(zend_object *object, zval **table, int *n) {
    php_socket *sock = socket_from_obj(object);
    *table = &sock->zstream;
    *n = 1;
    return zend_std_get_properties(object);
}

void sb_socket_object(zval *zv, php_sockets_sockets_own_socket_t own, int family) {
    object_init_ex(zv, socket_ce);
    php_socket *sock = Z_SOCKET_P(zv);
    sock->handle = own.__handle;
    sock->family = family;
    sock->blocking = true;
}

int sb_guess_family(php_sockets_sockets_own_socket_t own) {
    php_sockets_sockets_sock_name_t name;
    sb_error err;
    int family = (int)sb_const.af_unix;
    if (php_sockets_sockets_method_socket_getsockname(php_sockets_sockets_borrow_socket(own),
                                                      &name, &err)) {
        if (name.port.is_some) {
            family = memchr(name.address.ptr, ':', name.address.len) ? (int)sb_const.af_inet6
                                                                     : (int)sb_const.af_inet;
        }
        php_sockets_types_sock_name_free(&name);
    } else {
        php_sockets_types_error_free(&err);
    }
    return family;
}

/* ---- constants ------------------------------------------------------------------------ */

static void sb_register_constants(int module_number) {
    for (size_t i = 0; i < sizeof sb_const / sizeof(int64_t); i++)
        ((int64_t *)&sb_const)[i] = SB_UNDEF;
    php_sockets_constants_list_constant_t all;
    php_sockets_constants_all(&all);
    for (size_t i = 0; i < all.len; i++) {
        const char *name = (const char *)all.ptr[i].name.ptr;
        size_t len = all.ptr[i].name.len;
        int64_t value = all.ptr[i].value;
        zend_register_long_constant(name, len, (zend_long)value, CONST_CS | CONST_PERSISTENT,
                                    module_number);
#define SB_PICK_(php_name, field)                                                            \
    if (len == sizeof(#php_name) - 1 && memcmp(name, #php_name, len) == 0)                   \
        sb_const.field = value;
        SB_CONSTANTS(SB_PICK_)
#undef SB_PICK_
    }
    php_sockets_constants_list_constant_free(&all);
}

/* ---- socket functions ------------------------------------------------------------------- */

#define SB_PARSE_SOCKET(zv, sock)                                                            \
    php_socket *sock = Z_SOCKET_P(zv);                                                       \
    ENSURE_SOCKET_VALID(sock)

/* {{{ socket_create(int $domain, int $type, int $protocol): Socket|false */
PHP_FUNCTION(socket_create) {
    zend_long domain, type, protocol;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "lll", &domain, &type, &protocol) == FAILURE)
        RETURN_THROWS();
    if (!sb_check_domain_type(domain, type))
        RETURN_THROWS();
    php_sockets_sockets_own_socket_t own;
    sb_error err;
    if (!php_sockets_sockets_create(domain, type, protocol, &own, &err)) {
        sb_fail(&err, SB_WARN_ALWAYS, "Unable to create socket");
        SB_RETURN_FAILED();
    }
    sb_socket_object(return_value, own, (int)domain);
}
/* }}} */

/* The stage of socket_create_listen() (or an addrinfo bind/connect) an errno comes from: the
 * host makes, binds and listens in one call, and PHP names each stage in its warning. */
static bool sb_creation_errno(int code) {
    return code == sb_const.e_mfile || code == sb_const.e_nfile || code == sb_const.e_nobufs ||
           code == sb_const.e_nomem || code == sb_const.e_afnosupport ||
           code == sb_const.e_protonosupport || code == sb_const.e_socktnosupport;
}

/* {{{ socket_create_listen(int $port, int $backlog = 128): Socket|false */
PHP_FUNCTION(socket_create_listen) {
    zend_long port, backlog = 128;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "l|l", &port, &backlog) == FAILURE)
        RETURN_THROWS();
    php_sockets_sockets_own_socket_t own;
    sb_error err;
    if (!php_sockets_sockets_create_listen(port, backlog, &own, &err)) {
        int code = sb_errno_of(&err);
        const char *what = "unable to bind to given address";
        if (sb_creation_errno(code))
            what = "unable to create listening socket";
        else if (code == sb_const.e_opnotsupp)
            what = "unable to listen on socket";
        sb_fail(&err, SB_WARN_SOCKET, what);
        SB_RETURN_FAILED();
    }
    sb_socket_object(return_value, own, (int)sb_const.af_inet);
}
/* }}} */

/* {{{ socket_accept(Socket $socket): Socket|false */
PHP_FUNCTION(socket_accept) {
    zval *arg1;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "O", &arg1, socket_ce) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    php_sockets_sockets_own_socket_t own;
    sb_error err;
    if (!php_sockets_sockets_method_socket_accept(sb_borrow(sock), &own, &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "unable to accept incoming connection");
        SB_RETURN_FAILED();
    }
    /* PHP takes the peer address's family: that of the listening socket. */
    sb_socket_object(return_value, own, sock->family);
}
/* }}} */

static void sb_stream_set_blocking(php_socket *sock, bool blocking);

static void sb_set_blocking(INTERNAL_FUNCTION_PARAMETERS, bool blocking) {
    zval *arg1;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "O", &arg1, socket_ce) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    sb_error err;
    bool ok = blocking ? php_sockets_sockets_method_socket_set_block(sb_borrow(sock), &err)
                       : php_sockets_sockets_method_socket_set_nonblock(sb_borrow(sock), &err);
    if (!ok) {
        sb_fail(&err, SB_WARN_SOCKET,
                blocking ? "unable to set blocking mode" : "unable to set nonblocking mode");
        SB_RETURN_FAILED();
    }
    sock->blocking = blocking;
    sb_stream_set_blocking(sock, blocking);
    RETURN_TRUE;
}

/* {{{ socket_set_nonblock(Socket $socket): bool */
PHP_FUNCTION(socket_set_nonblock) { sb_set_blocking(INTERNAL_FUNCTION_PARAM_PASSTHRU, false); }
/* }}} */

/* {{{ socket_set_block(Socket $socket): bool */
PHP_FUNCTION(socket_set_block) { sb_set_blocking(INTERNAL_FUNCTION_PARAM_PASSTHRU, true); }
/* }}} */

/* {{{ socket_listen(Socket $socket, int $backlog = 0): bool */
PHP_FUNCTION(socket_listen) {
    zval *arg1;
    zend_long backlog = 0;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "O|l", &arg1, socket_ce, &backlog) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    sb_error err;
    if (!php_sockets_sockets_method_socket_listen(sb_borrow(sock), backlog, &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "unable to listen on socket");
        SB_RETURN_FAILED();
    }
    RETURN_TRUE;
}
/* }}} */

static void sb_free_linked_stream(php_socket *sock);

/* {{{ socket_close(Socket $socket): void */
PHP_FUNCTION(socket_close) {
    zval *arg1;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "O", &arg1, socket_ce) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    if (!Z_ISUNDEF(sock->zstream))
        sb_free_linked_stream(sock);
    sb_error err;
    if (!php_sockets_sockets_method_socket_close(sb_borrow(sock), &err))
        php_sockets_types_error_free(&err);
    php_sockets_sockets_socket_drop_own((php_sockets_sockets_own_socket_t){sock->handle});
    sock->handle = -1;
}
/* }}} */

/* {{{ socket_write(Socket $socket, string $data, ?int $length = null): int|false */
PHP_FUNCTION(socket_write) {
    zval *arg1;
    char *str;
    size_t str_len;
    zend_long length = 0;
    bool length_is_null = 1;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Os|l!", &arg1, socket_ce, &str, &str_len,
                              &length, &length_is_null) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    if (length < 0) {
        zend_argument_value_error(3, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    size_t n = length_is_null ? str_len : MIN((size_t)length, str_len);
    guest_list_u8_t data = {(uint8_t *)str, n};
    uint64_t written;
    sb_error err;
    if (!php_sockets_sockets_method_socket_write(sb_borrow(sock), &data, NULL, &written, &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "unable to write to socket");
        SB_RETURN_FAILED();
    }
    RETURN_LONG((zend_long)written);
}
/* }}} */

/* {{{ socket_read(Socket $socket, int $length, int $mode = PHP_BINARY_READ): string|false */
PHP_FUNCTION(socket_read) {
    zval *arg1;
    zend_long length, type = (zend_long)sb_const.php_binary_read;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Ol|l", &arg1, socket_ce, &length, &type) ==
        FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    /* PHP's overflow check, (length + 1) < 2: no read, no error. */
    if (length <= 0 || length == ZEND_LONG_MAX)
        RETURN_FALSE;
    guest_list_u8_t data;
    sb_error err;
    if (!php_sockets_sockets_method_socket_read(sb_borrow(sock), length, type, &data, &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "unable to read from socket");
        SB_RETURN_FAILED();
    }
    if (data.len == 0)
        RETVAL_EMPTY_STRING();
    else
        RETVAL_STRINGL((const char *)data.ptr, data.len);
    guest_list_u8_free(&data);
}
/* }}} */

static void sb_name(INTERNAL_FUNCTION_PARAMETERS, bool peer) {
    zval *arg1, *addr, *port = NULL;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Oz|z", &arg1, socket_ce, &addr, &port) ==
        FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    php_sockets_sockets_sock_name_t name;
    sb_error err;
    bool ok = peer ? php_sockets_sockets_method_socket_getpeername(sb_borrow(sock), &name, &err)
                   : php_sockets_sockets_method_socket_getsockname(sb_borrow(sock), &name, &err);
    if (!ok) {
        sb_fail(&err, SB_WARN_SOCKET,
                peer ? "unable to retrieve peer name" : "unable to retrieve socket name");
        SB_RETURN_FAILED();
    }
    ZEND_TRY_ASSIGN_REF_STRINGL(addr, (const char *)name.address.ptr, name.address.len);
    if (port != NULL && name.port.is_some)
        ZEND_TRY_ASSIGN_REF_LONG(port, name.port.val);
    php_sockets_types_sock_name_free(&name);
    RETURN_TRUE;
}

/* {{{ socket_getsockname(Socket $socket, &$address, &$port = null): bool */
PHP_FUNCTION(socket_getsockname) { sb_name(INTERNAL_FUNCTION_PARAM_PASSTHRU, false); }
/* }}} */

/* {{{ socket_getpeername(Socket $socket, &$address, &$port = null): bool */
PHP_FUNCTION(socket_getpeername) { sb_name(INTERNAL_FUNCTION_PARAM_PASSTHRU, true); }
/* }}} */

/* {{{ socket_connect(Socket $socket, string $address, ?int $port = null): bool */
PHP_FUNCTION(socket_connect) {
    zval *arg1;
    char *addr;
    size_t addr_len;
    zend_long port = 0;
    bool port_is_null = 1;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Os|l!", &arg1, socket_ce, &addr, &addr_len,
                              &port, &port_is_null) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    if (!sb_utf8_arg(2, addr, addr_len))
        RETURN_THROWS();
    guest_string_t a = sb_str(addr, addr_len);
    int64_t p = port;
    sb_error err;
    if (!php_sockets_sockets_method_socket_connect(sb_borrow(sock), &a, port_is_null ? NULL : &p,
                                                   &err)) {
        sb_fail(&err, SB_WARN_LOOKUP, "unable to connect");
        SB_RETURN_FAILED();
    }
    RETURN_TRUE;
}
/* }}} */

/* {{{ socket_strerror(int $error_code): string */
PHP_FUNCTION(socket_strerror) {
    zend_long code;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "l", &code) == FAILURE)
        RETURN_THROWS();
    if (ZEND_LONG_EXCEEDS_INT(code)) {
        zend_argument_value_error(1, "must be between %d and %d", INT_MIN, INT_MAX);
        RETURN_THROWS();
    }
    RETURN_STRING(sb_strerror((int)code));
}
/* }}} */

/* {{{ socket_bind(Socket $socket, string $address, int $port = 0): bool */
PHP_FUNCTION(socket_bind) {
    zval *arg1;
    char *addr;
    size_t addr_len;
    zend_long port = 0;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Os|l", &arg1, socket_ce, &addr, &addr_len,
                              &port) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    if (!sb_utf8_arg(2, addr, addr_len))
        RETURN_THROWS();
    guest_string_t a = sb_str(addr, addr_len);
    sb_error err;
    if (!php_sockets_sockets_method_socket_bind(sb_borrow(sock), &a, port, &err)) {
        sb_fail(&err, SB_WARN_LOOKUP, "Unable to bind address");
        SB_RETURN_FAILED();
    }
    RETURN_TRUE;
}
/* }}} */

/* {{{ socket_recv(Socket $socket, &$data, int $length, int $flags): int|false */
PHP_FUNCTION(socket_recv) {
    zval *arg1, *buf;
    zend_long len, flags;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Ozll", &arg1, socket_ce, &buf, &len, &flags) ==
        FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    if (len <= 0 || len == ZEND_LONG_MAX)
        RETURN_FALSE;
    php_sockets_sockets_received_t got;
    sb_error err;
    if (!php_sockets_sockets_method_socket_recv(sb_borrow(sock), len, flags, &got, &err)) {
        /* PHP sets $data to null for every result below 1, failures included. */
        if (err.tag == PHP_SOCKETS_TYPES_ERROR_ERRNO)
            ZEND_TRY_ASSIGN_REF_NULL(buf);
        sb_fail(&err, SB_WARN_SOCKET, "Unable to read from socket");
        SB_RETURN_FAILED();
    }
    zend_long count = (zend_long)got.count;
    if (count < 1)
        ZEND_TRY_ASSIGN_REF_NULL(buf);
    else
        ZEND_TRY_ASSIGN_REF_STRINGL(buf, (const char *)got.data.ptr, got.data.len);
    php_sockets_types_received_free(&got);
    RETURN_LONG(count);
}
/* }}} */

/* {{{ socket_send(Socket $socket, string $data, int $length, int $flags): int|false */
PHP_FUNCTION(socket_send) {
    zval *arg1;
    char *buf;
    size_t buf_len;
    zend_long len, flags;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Osll", &arg1, socket_ce, &buf, &buf_len, &len,
                              &flags) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    if (len < 0) {
        zend_argument_value_error(3, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    size_t n = MIN((size_t)len, buf_len);
    guest_list_u8_t data = {(uint8_t *)buf, n};
    uint64_t sent;
    sb_error err;
    if (!php_sockets_sockets_method_socket_send(sb_borrow(sock), &data, (int64_t)n, flags, &sent,
                                                &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "Unable to write to socket");
        SB_RETURN_FAILED();
    }
    RETURN_LONG((zend_long)sent);
}
/* }}} */

/* {{{ socket_recvfrom(Socket $socket, &$data, int $length, int $flags, &$address, &$port = null): int|false */
PHP_FUNCTION(socket_recvfrom) {
    zval *arg1, *arg2, *arg5, *arg6 = NULL;
    zend_long arg3, arg4;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Ozllz|z", &arg1, socket_ce, &arg2, &arg3, &arg4,
                              &arg5, &arg6) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    if (arg3 <= 0 || arg3 > ZEND_LONG_MAX - 1)
        RETURN_FALSE;
    const char *what = "Unable to recvfrom";
    if (sock->family == sb_const.af_inet || sock->family == sb_const.af_inet6) {
        if (arg6 == NULL)
            ZEND_WRONG_PARAM_COUNT();
        if (sock->family == sb_const.af_inet6)
            what = "unable to recvfrom"; /* sic: PHP 8.2 spells it so for AF_INET6 */
    } else if (sock->family != sb_const.af_unix) {
        zend_argument_value_error(1, "must be one of AF_UNIX, AF_INET, or AF_INET6");
        RETURN_THROWS();
    }
    php_sockets_sockets_received_from_t got;
    sb_error err;
    if (!php_sockets_sockets_method_socket_recvfrom(sb_borrow(sock), arg3, arg4, &got, &err)) {
        sb_fail(&err, SB_WARN_SOCKET, what);
        SB_RETURN_FAILED();
    }
    ZEND_TRY_ASSIGN_REF_STRINGL(arg2, (const char *)got.data.ptr, got.data.len);
    ZEND_TRY_ASSIGN_REF_STRINGL(arg5, (const char *)got.address.ptr, got.address.len);
    if (sock->family != sb_const.af_unix)
        ZEND_TRY_ASSIGN_REF_LONG(arg6, got.port.is_some ? got.port.val : 0);
    zend_long count = (zend_long)got.count;
    php_sockets_types_received_from_free(&got);
    RETURN_LONG(count);
}
/* }}} */

/* {{{ socket_sendto(Socket $socket, string $data, int $length, int $flags, string $address, ?int $port = null): int|false */
PHP_FUNCTION(socket_sendto) {
    zval *arg1;
    char *buf, *addr;
    size_t buf_len, addr_len;
    zend_long len, flags, port = 0;
    bool port_is_null = 1;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Oslls|l!", &arg1, socket_ce, &buf, &buf_len,
                              &len, &flags, &addr, &addr_len, &port, &port_is_null) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    if (len < 0) {
        zend_argument_value_error(3, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (!sb_utf8_arg(5, addr, addr_len))
        RETURN_THROWS();
    size_t n = MIN((size_t)len, buf_len);
    guest_list_u8_t data = {(uint8_t *)buf, n};
    guest_string_t a = sb_str(addr, addr_len);
    int64_t p = port;
    uint64_t sent;
    sb_error err;
    if (!php_sockets_sockets_method_socket_sendto(sb_borrow(sock), &data, (int64_t)n, flags, &a,
                                                  port_is_null ? NULL : &p, &sent, &err)) {
        sb_fail(&err, SB_WARN_LOOKUP, "Unable to write to socket");
        SB_RETURN_FAILED();
    }
    RETURN_LONG((zend_long)sent);
}
/* }}} */

/* {{{ socket_create_pair(int $domain, int $type, int $protocol, &$pair): bool */
PHP_FUNCTION(socket_create_pair) {
    zend_long domain, type, protocol;
    zval *fds_array_zval;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "lllz", &domain, &type, &protocol,
                              &fds_array_zval) == FAILURE)
        RETURN_THROWS();
    if (!sb_check_domain_type(domain, type))
        RETURN_THROWS();
    php_sockets_sockets_tuple2_own_socket_own_socket_t pair;
    sb_error err;
    if (!php_sockets_sockets_create_pair(domain, type, protocol, &pair, &err)) {
        sb_fail(&err, SB_WARN_ALWAYS, "Unable to create socket pair");
        SB_RETURN_FAILED();
    }
    fds_array_zval = zend_try_array_init(fds_array_zval);
    if (!fds_array_zval) {
        php_sockets_sockets_socket_drop_own(pair.f0);
        php_sockets_sockets_socket_drop_own(pair.f1);
        RETURN_THROWS();
    }
    zval a, b;
    sb_socket_object(&a, pair.f0, (int)domain);
    sb_socket_object(&b, pair.f1, (int)domain);
    add_index_zval(fds_array_zval, 0, &a);
    add_index_zval(fds_array_zval, 1, &b);
    RETURN_TRUE;
}
/* }}} */

/* {{{ socket_shutdown(Socket $socket, int $mode = 2): bool */
PHP_FUNCTION(socket_shutdown) {
    zval *arg1;
    zend_long how = 2;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "O|l", &arg1, socket_ce, &how) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    sb_error err;
    if (!php_sockets_sockets_method_socket_shutdown(sb_borrow(sock), how, &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "Unable to shutdown socket");
        SB_RETURN_FAILED();
    }
    RETURN_TRUE;
}
/* }}} */

/* {{{ socket_atmark(Socket $socket): bool (PHP 8.3) */
PHP_FUNCTION(socket_atmark) {
    zval *arg1;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "O", &arg1, socket_ce) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(arg1, sock);
    bool at;
    sb_error err;
    if (!php_sockets_sockets_method_socket_atmark(sb_borrow(sock), &at, &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "Unable to apply sockmark");
        SB_RETURN_FAILED();
    }
    RETURN_BOOL(at);
}
/* }}} */

/* {{{ socket_last_error(?Socket $socket = null): int */
PHP_FUNCTION(socket_last_error) {
    zval *arg1 = NULL;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "|O!", &arg1, socket_ce) == FAILURE)
        RETURN_THROWS();
    if (arg1) {
        SB_PARSE_SOCKET(arg1, sock);
        php_sockets_sockets_borrow_socket_t b = sb_borrow(sock);
        RETURN_LONG(php_sockets_sockets_last_error(&b));
    }
    RETURN_LONG(php_sockets_sockets_last_error(NULL));
}
/* }}} */

/* {{{ socket_clear_error(?Socket $socket = null): void */
PHP_FUNCTION(socket_clear_error) {
    zval *arg1 = NULL;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "|O!", &arg1, socket_ce) == FAILURE)
        RETURN_THROWS();
    if (arg1) {
        SB_PARSE_SOCKET(arg1, sock);
        php_sockets_sockets_borrow_socket_t b = sb_borrow(sock);
        php_sockets_sockets_clear_error(&b);
        return;
    }
    php_sockets_sockets_clear_error(NULL);
}
/* }}} */

/* ---- socket_select ------------------------------------------------------------------------ */

/* Checks one array as PHP does; the number of sockets in it, or -1 after a TypeError. */
static int sb_select_count(uint32_t arg_num, zval *arr) {
    zval *element;
    int num = 0;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(arr), element) {
        ZVAL_DEREF(element);
        if (Z_TYPE_P(element) != IS_OBJECT || Z_OBJCE_P(element) != socket_ce) {
            zend_argument_type_error(arg_num, "must only have elements of type Socket, %s given",
                                     zend_zval_type_name(element));
            return -1;
        }
        if (IS_INVALID_SOCKET(Z_SOCKET_P(element))) {
            zend_argument_type_error(arg_num, "contains a closed socket");
            return -1;
        }
        num++;
    }
    ZEND_HASH_FOREACH_END();
    return num;
}

/* Replaces `arr` by the array of the ready sockets of `orig` (what `arr` held before the
 * call, which positions refer to), keys kept, in their order. */
static void sb_select_keep(zval *arr, HashTable *orig, const guest_list_u32_t *ready,
                           uint32_t count) {
    bool *is_ready = ecalloc(count ? count : 1, sizeof(bool));
    for (size_t i = 0; i < ready->len; i++)
        if (ready->ptr[i] < count)
            is_ready[ready->ptr[i]] = true;
    zval new_hash, *element;
    zend_ulong num_key;
    zend_string *key;
    uint32_t pos = 0;
    array_init(&new_hash);
    ZEND_HASH_FOREACH_KEY_VAL(orig, num_key, key, element) {
        ZVAL_DEREF(element);
        if (pos < count && is_ready[pos]) {
            zval *dest = key ? zend_hash_add(Z_ARRVAL(new_hash), key, element)
                             : zend_hash_index_update(Z_ARRVAL(new_hash), num_key, element);
            if (dest)
                Z_ADDREF_P(dest);
        }
        pos++;
    }
    ZEND_HASH_FOREACH_END();
    efree(is_ready);
    zval_ptr_dtor(arr);
    ZVAL_COPY_VALUE(arr, &new_hash);
}

/* Filters each of select's arrays down to its ready elements (sb_select_keep). The same
 * variable may be passed for two sets: each is filtered from what was given. */
static void sb_select_keep_ready(zval *arrays[3], const uint32_t counts[3],
                                 const php_sockets_types_select_ready_t *ready) {
    const guest_list_u32_t *per_set[3] = {&ready->read, &ready->write, &ready->except};
    HashTable *orig[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; i++)
        if (arrays[i]) {
            orig[i] = Z_ARRVAL_P(arrays[i]);
            GC_TRY_ADDREF(orig[i]);
        }
    for (int i = 0; i < 3; i++)
        if (arrays[i])
            sb_select_keep(arrays[i], orig[i], per_set[i], counts[i]);
    for (int i = 0; i < 3; i++)
        if (orig[i])
            zend_array_release(orig[i]);
}

/* {{{ socket_select(?array &$read, ?array &$write, ?array &$except, ?int $seconds, int $microseconds = 0): int|false */
PHP_FUNCTION(socket_select) {
    zval *arrays[3];
    zend_long sec = 0, usec = 0;
    bool sec_is_null = 0;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "a!a!a!l!|l", &arrays[0], &arrays[1], &arrays[2],
                              &sec, &sec_is_null, &usec) == FAILURE)
        RETURN_THROWS();
    uint32_t counts[3] = {0, 0, 0};
    int sets = 0;
    size_t total = 0;
    for (int i = 0; i < 3; i++) {
        if (!arrays[i])
            continue;
        int n = sb_select_count(i + 1, arrays[i]);
        if (n < 0)
            RETURN_THROWS();
        counts[i] = (uint32_t)n;
        sets += n > 0;
        total += (size_t)n;
    }
    if (!sets) {
        zend_value_error("socket_select(): At least one array argument must be passed");
        RETURN_THROWS();
    }
    php_sockets_sockets_borrow_socket_t *borrows = safe_emalloc(total, sizeof *borrows, 0);
    php_sockets_sockets_list_borrow_socket_t lists[3];
    size_t at = 0;
    for (int i = 0; i < 3; i++) {
        lists[i] = (php_sockets_sockets_list_borrow_socket_t){borrows + at, counts[i]};
        if (!arrays[i])
            continue;
        zval *element;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(arrays[i]), element) {
            ZVAL_DEREF(element);
            borrows[at++] = sb_borrow(Z_SOCKET_P(element));
        }
        ZEND_HASH_FOREACH_END();
    }
    int64_t seconds = sec, micro = usec;
    if (!sec_is_null && usec > 999999) {
        /* Solaris and BSD refuse microseconds of a second or more: PHP carries them over. */
        seconds = (int64_t)sec + usec / 1000000;
        micro = usec % 1000000;
    }
    php_sockets_sockets_select_ready_t ready;
    sb_error err;
    bool ok = php_sockets_sockets_select(&lists[0], &lists[1], &lists[2],
                                         sec_is_null ? NULL : &seconds, micro, &ready, &err);
    efree(borrows);
    if (!ok) {
        sb_fail(&err, SB_WARN_ALWAYS, "Unable to select");
        SB_RETURN_FAILED();
    }
    sb_select_keep_ready(arrays, counts, &ready);
    zend_long count = (zend_long)ready.count;
    php_sockets_types_select_ready_free(&ready);
    RETURN_LONG(count);
}
/* }}} */

/* ---- streams: socket_export_stream() / socket_import_stream() ----------------------------- */

/*
 * An exported socket is a PHP stream over the wasi:io input and output streams the host gives
 * out (sharing the socket's descriptor). Reads wait for data when the stream is blocking;
 * writes send everything when blocking, what fits otherwise.
 *
 * The same streams serve PHP's unix:// and udg:// transports (stream_socket_server(),
 * stream_socket_client(), fsockopen()), which wasi-libc cannot give PHP's own xp_socket.c: such
 * a stream owns its php:sockets socket (`own`), exports it on first I/O, and answers PHP's
 * transport operations (connect, bind, listen, accept, names, recvfrom, sendto, shutdown) on
 * it, as xp_socket.c does on a descriptor. Exported streams answer them on their Socket.
 */
typedef struct {
    wasi_io_streams_own_input_stream_t in;
    wasi_io_streams_own_output_stream_t out;
    /* in and out exist (a transport stream exports its socket on first use). */
    bool has_io;
    /* The Socket it came from, while that Socket lives (it unlinks itself when freed). */
    php_socket *owner;
    /* A transport stream's own socket; -1 before connect/bind, and for exported streams. */
    int32_t own;
    int family;
    bool blocking;
} sb_stream_data;

static void sb_stream_error_free(wasi_io_streams_stream_error_t *err) {
    if (err->tag == WASI_IO_STREAMS_STREAM_ERROR_LAST_OPERATION_FAILED)
        wasi_io_error_error_drop_own(err->val.last_operation_failed);
}

/* The socket behind a stream, if it still has one. */
static bool sb_stream_borrow(const sb_stream_data *d, php_sockets_sockets_borrow_socket_t *b) {
    if (d->own >= 0) {
        *b = (php_sockets_sockets_borrow_socket_t){d->own};
        return true;
    }
    if (d->owner && !IS_INVALID_SOCKET(d->owner) && !d->owner->fd_gone) {
        *b = sb_borrow(d->owner);
        return true;
    }
    return false;
}

/* Makes sure a transport stream has its wasi:io streams (exported streams always do). */
static bool sb_stream_io(sb_stream_data *d) {
    if (d->has_io)
        return true;
    php_sockets_sockets_borrow_socket_t b;
    if (!sb_stream_borrow(d, &b))
        return false;
    php_sockets_sockets_tuple2_own_input_stream_own_output_stream_t pair;
    sb_error err;
    if (!php_sockets_sockets_method_socket_export_stream(b, &pair, &err)) {
        php_sockets_types_error_free(&err);
        return false;
    }
    d->in = pair.f0;
    d->out = pair.f1;
    d->has_io = true;
    return true;
}

/* A non-blocking read as PHP's socket streams do it: one recv(MSG_DONTWAIT) on the socket
 * (the wasi:io stream answers only once the host's reactor has seen the data arrive). The
 * errno of a failed try is not left in the socket's slots, which a stream read never sets. */
static ssize_t sb_stream_recv(php_stream *stream, php_sockets_sockets_borrow_socket_t b, char *buf,
                              size_t count) {
    int32_t had = php_sockets_sockets_last_error(&b), had_global = php_sockets_sockets_last_error(NULL);
    php_sockets_sockets_received_t got;
    sb_error err;
    if (php_sockets_sockets_method_socket_recv(b, (int64_t)count, sb_const.msg_dontwait, &got,
                                               &err)) {
        size_t n = MIN(got.data.len, count);
        if (n)
            memcpy(buf, got.data.ptr, n);
        if (got.count == 0)
            stream->eof = 1;
        php_sockets_types_received_free(&got);
        return (ssize_t)n;
    }
    int code = sb_errno_of(&err);
    php_sockets_types_error_free(&err);
    if (had == 0)
        php_sockets_sockets_clear_error(&b);
    if (had_global == 0)
        php_sockets_sockets_clear_error(NULL);
    if (code == sb_const.e_again || code == sb_const.e_wouldblock)
        return 0;
    stream->eof = 1;
    return -1;
}

static ssize_t sb_stream_read(php_stream *stream, char *buf, size_t count) {
    sb_stream_data *d = stream->abstract;
    php_sockets_sockets_borrow_socket_t b;
    if (!d->blocking && sb_stream_borrow(d, &b))
        return sb_stream_recv(stream, b, buf, count);
    if (!sb_stream_io(d)) {
        stream->eof = 1;
        return -1;
    }
    wasi_io_streams_borrow_input_stream_t in = wasi_io_streams_borrow_input_stream(d->in);
    guest_list_u8_t got;
    wasi_io_streams_stream_error_t err;
    bool ok = d->blocking
                  ? wasi_io_streams_method_input_stream_blocking_read(in, count, &got, &err)
                  : wasi_io_streams_method_input_stream_read(in, count, &got, &err);
    if (!ok) {
        bool closed = err.tag == WASI_IO_STREAMS_STREAM_ERROR_CLOSED;
        sb_stream_error_free(&err);
        stream->eof = 1;
        return closed ? 0 : -1;
    }
    size_t n = MIN(got.len, count);
    if (n)
        memcpy(buf, got.ptr, n);
    guest_list_u8_free(&got);
    return (ssize_t)n;
}

static ssize_t sb_stream_write(php_stream *stream, const char *buf, size_t count) {
    sb_stream_data *d = stream->abstract;
    if (!sb_stream_io(d)) {
        php_error_docref(NULL, E_NOTICE, "Send of %zu bytes failed", count);
        return -1;
    }
    wasi_io_streams_borrow_output_stream_t out = wasi_io_streams_borrow_output_stream(d->out);
    wasi_io_streams_stream_error_t err;
    size_t done = 0;
    while (done < count) {
        size_t n;
        bool ok;
        if (d->blocking) {
            n = MIN(count - done, 4096); /* blocking-write-and-flush takes at most 4096 bytes */
            guest_list_u8_t chunk = {(uint8_t *)buf + done, n};
            ok = wasi_io_streams_method_output_stream_blocking_write_and_flush(out, &chunk, &err);
        } else {
            uint64_t permit;
            ok = wasi_io_streams_method_output_stream_check_write(out, &permit, &err);
            if (ok && permit == 0)
                break;
            if (ok) {
                n = (size_t)MIN((uint64_t)(count - done), permit);
                guest_list_u8_t chunk = {(uint8_t *)buf + done, n};
                ok = wasi_io_streams_method_output_stream_write(out, &chunk, &err) &&
                     wasi_io_streams_method_output_stream_flush(out, &err);
            }
        }
        if (!ok) {
            sb_stream_error_free(&err);
            if (done == 0) {
                php_error_docref(NULL, E_NOTICE, "Send of %zu bytes failed", count);
                return -1;
            }
            break;
        }
        done += n;
    }
    return (ssize_t)done;
}

static int sb_stream_close(php_stream *stream, int close_handle) {
    sb_stream_data *d = stream->abstract;
    if (d->has_io) {
        wasi_io_streams_input_stream_drop_own(d->in);
        wasi_io_streams_output_stream_drop_own(d->out);
    }
    if (d->own >= 0)
        php_sockets_sockets_socket_drop_own((php_sockets_sockets_own_socket_t){d->own});
    php_socket *owner = d->owner;
    if (owner && !IS_INVALID_SOCKET(owner) && !owner->fd_gone) {
        /* fclose() of the stream (socket_close() and the Socket's destruction unlink it
         * first): in PHP that closes the descriptor the Socket shares. The Socket keeps its
         * (now invalid) resource, as PHP's does. */
        sb_error err;
        if (!php_sockets_sockets_method_socket_close(sb_borrow(owner), &err))
            php_sockets_types_error_free(&err);
        owner->fd_gone = true;
    }
    efree(d);
    return 0;
}

static int sb_stream_flush(php_stream *stream) {
    sb_stream_data *d = stream->abstract;
    if (!d->has_io)
        return 0;
    wasi_io_streams_stream_error_t err;
    if (!wasi_io_streams_method_output_stream_blocking_flush(
            wasi_io_streams_borrow_output_stream(d->out), &err)) {
        sb_stream_error_free(&err);
        return -1;
    }
    return 0;
}

/* ---- PHP's transport operations (xp_socket.c's, over php:sockets) ------------------------- */

static const php_stream_ops sb_unix_ops, sb_udg_ops;

/* glibc's text for an errno, as a PHP string. */
static zend_string *sb_strerror_str(int code) {
    const char *text = sb_strerror(code);
    return zend_string_init(text, strlen(text), 0);
}

/* The wasi-libc errno of a Linux one (php_sockets_linux_errno() backwards): PHP's stream code
 * turns the error_code of a transport into Linux's number as if wasi-libc had given it. */
static int sb_wasi_errno(int linux_errno) {
    int64_t value;
#define SB_ERRNO_BACK(e)                                                                           if (sockbox_const_lookup("SOCKET_" #e, &value) && value == linux_errno)                            return e;
    SB_SHARED_ERRNOS(SB_ERRNO_BACK)
#undef SB_ERRNO_BACK
    return linux_errno;
}

/* Records an errno and its text as xp_socket.c reports them (error_code, error_text). */
static int sb_xport_errno(php_stream_xport_param *x, int code) {
    x->outputs.error_code = sb_wasi_errno(code);
    if (x->want_errortext)
        x->outputs.error_text = sb_strerror_str(code);
    return -1;
}

/* A failed call, as sb_xport_errno() records it. */
static int sb_xport_failed(php_stream_xport_param *x, sb_error *err) {
    int code = sb_errno_of(err);
    if (!code && err->tag == PHP_SOCKETS_TYPES_ERROR_INVALID_ARGUMENT)
        code = (int)sb_const.e_inval;
    php_sockets_types_error_free(err);
    return sb_xport_errno(x, code);
}

/* The name an operation gives, as a WIT string (UTF-8 or refused, as socket_connect() does),
 * cut to what a sun_path holds with xp_socket.c's notice. */
static bool sb_xport_name(php_stream_xport_param *x, guest_string_t *out) {
    bool abstract = x->inputs.namelen > 0 && x->inputs.name[0] == '\0';
    size_t max = abstract ? 108 : 107;
    if (x->inputs.namelen > max) {
        x->inputs.namelen = max;
        php_error_docref(NULL, E_NOTICE,
                         "socket path exceeded the maximum allowed length of %zu bytes and was "
                         "truncated",
                         max);
    }
    if (!sb_is_utf8(x->inputs.name, x->inputs.namelen))
        return false;
    *out = sb_str(x->inputs.name, x->inputs.namelen);
    return true;
}

/* A transport stream's socket, made by its first connect or bind. */
static bool sb_xport_socket(php_stream *stream, sb_stream_data *d, php_stream_xport_param *x) {
    if (d->own >= 0 || d->owner)
        return true;
    int64_t type = stream->ops == &sb_udg_ops ? sb_const.sock_dgram : sb_const.sock_stream;
    php_sockets_sockets_own_socket_t own;
    sb_error err;
    if (!php_sockets_sockets_create(sb_const.af_unix, type, 0, &own, &err)) {
        sb_xport_failed(x, &err);
        if (x->want_errortext) {
            zend_string_release(x->outputs.error_text);
            x->outputs.error_text = zend_string_init("Failed to create unix socket",
                                                     sizeof "Failed to create unix socket" - 1, 0);
        }
        return false;
    }
    d->own = own.__handle;
    if (!d->blocking) {
        php_sockets_sockets_borrow_socket_t b = {d->own};
        if (!php_sockets_sockets_method_socket_set_nonblock(b, &err))
            php_sockets_types_error_free(&err);
    }
    return true;
}

/* The text of a socket's own or peer's name, as PHP's get_name reports an AF_UNIX address. */
static int sb_xport_get_name(sb_stream_data *d, php_stream_xport_param *x, bool peer) {
    php_sockets_sockets_borrow_socket_t b;
    if (!sb_stream_borrow(d, &b))
        return -1;
    php_sockets_types_sock_name_t name;
    sb_error err;
    bool ok = peer ? php_sockets_sockets_method_socket_getpeername(b, &name, &err)
                   : php_sockets_sockets_method_socket_getsockname(b, &name, &err);
    if (!ok) {
        php_sockets_types_error_free(&err);
        return -1;
    }
    if (x->want_textaddr)
        x->outputs.textaddr = zend_string_init((const char *)name.address.ptr, name.address.len, 0);
    php_sockets_types_sock_name_free(&name);
    return 0;
}

/* stream_socket_accept(): waits up to the timeout (PHP's poll), then accepts; the peer's
 * stream is a stream of the same kind over the accepted socket. */
static int sb_xport_accept(php_stream *stream, sb_stream_data *d, php_stream_xport_param *x) {
    x->outputs.client = NULL;
    php_sockets_sockets_borrow_socket_t b;
    if (!sb_stream_borrow(d, &b))
        return -1;
    sb_error err;
    if (x->inputs.timeout) {
        php_sockets_sockets_list_borrow_socket_t read = {&b, 1}, none = {NULL, 0};
        int64_t sec = x->inputs.timeout->tv_sec;
        php_sockets_types_select_ready_t ready;
        if (!php_sockets_sockets_select(&read, &none, &none, &sec, x->inputs.timeout->tv_usec,
                                        &ready, &err))
            return sb_xport_failed(x, &err);
        bool timed_out = ready.count == 0;
        php_sockets_types_select_ready_free(&ready);
        if (timed_out)
            return sb_xport_errno(x, (int)sb_const.e_timedout);
    }
    php_sockets_sockets_own_socket_t peer;
    if (!php_sockets_sockets_method_socket_accept(b, &peer, &err))
        return sb_xport_failed(x, &err);
    php_sockets_sockets_borrow_socket_t pb = {peer.__handle};
    if (x->want_textaddr) {
        php_sockets_types_sock_name_t name;
        if (php_sockets_sockets_method_socket_getpeername(pb, &name, &err)) {
            x->outputs.textaddr =
                zend_string_init((const char *)name.address.ptr, name.address.len, 0);
            php_sockets_types_sock_name_free(&name);
        } else {
            php_sockets_types_error_free(&err);
        }
    }
    sb_stream_data *c = ecalloc(1, sizeof *c);
    c->own = peer.__handle;
    c->family = d->family;
    c->blocking = true; /* O_NONBLOCK is not inherited on Linux */
    x->outputs.client = php_stream_alloc(stream->ops, c, NULL, "r+");
    if (!x->outputs.client) {
        php_sockets_sockets_socket_drop_own(peer);
        efree(c);
        return -1;
    }
    x->outputs.client->ctx = stream->ctx;
    if (stream->ctx)
        GC_ADDREF(stream->ctx);
    return 0;
}

/* stream_socket_recvfrom(): one receive, PHP's STREAM_PEEK and STREAM_OOB as MSG_ flags. */
static int sb_xport_recv(sb_stream_data *d, php_stream_xport_param *x) {
    php_sockets_sockets_borrow_socket_t b;
    if (!sb_stream_borrow(d, &b) || x->inputs.buflen == 0)
        return -1;
    int64_t flags = 0;
    if (x->inputs.flags & STREAM_PEEK)
        flags |= sb_const.msg_peek;
    if (x->inputs.flags & STREAM_OOB)
        flags |= sb_const.msg_oob;
    php_sockets_types_received_from_t got;
    sb_error err;
    if (!php_sockets_sockets_method_socket_recvfrom(b, (int64_t)x->inputs.buflen, flags, &got,
                                                    &err)) {
        php_sockets_types_error_free(&err);
        return -1;
    }
    size_t n = MIN(got.data.len, x->inputs.buflen);
    if (n)
        memcpy(x->inputs.buf, got.data.ptr, n);
    if (x->want_textaddr)
        x->outputs.textaddr = zend_string_init((const char *)got.address.ptr, got.address.len, 0);
    php_sockets_types_received_from_free(&got);
    return (int)n;
}

/* stream_socket_sendto() without an address (PHP parses only IP ones, which an AF_UNIX
 * socket refuses as the kernel does). */
static int sb_xport_send(sb_stream_data *d, php_stream_xport_param *x) {
    php_sockets_sockets_borrow_socket_t b;
    if (!sb_stream_borrow(d, &b))
        return -1;
    int code = (int)sb_const.e_inval;
    if (!x->inputs.addr) {
        int64_t flags = (x->inputs.flags & STREAM_OOB) ? sb_const.msg_oob : 0;
        guest_list_u8_t data = {(uint8_t *)x->inputs.buf, x->inputs.buflen};
        uint64_t sent;
        sb_error err;
        if (php_sockets_sockets_method_socket_send(b, &data, (int64_t)x->inputs.buflen, flags,
                                                   &sent, &err))
            return (int)sent;
        code = sb_errno_of(&err);
        php_sockets_types_error_free(&err);
    }
    php_error_docref(NULL, E_WARNING, "%s\n", sb_strerror(code));
    return -1;
}

static int sb_xport(php_stream *stream, sb_stream_data *d, php_stream_xport_param *x) {
    php_sockets_sockets_borrow_socket_t b;
    sb_error err;
    guest_string_t name;
    switch (x->op) {
    case STREAM_XPORT_OP_CONNECT:
    case STREAM_XPORT_OP_CONNECT_ASYNC:
        if (!sb_xport_socket(stream, d, x))
            return -1;
        if (!sb_xport_name(x, &name) || !sb_stream_borrow(d, &b))
            return -1;
        if (!php_sockets_sockets_method_socket_connect(b, &name, NULL, &err)) {
            int code = sb_errno_of(&err);
            if (x->op == STREAM_XPORT_OP_CONNECT_ASYNC && code == sb_const.e_inprogress) {
                php_sockets_types_error_free(&err);
                return 1; /* pending, as xp_socket.c says */
            }
            return sb_xport_failed(x, &err);
        }
        return 0;
    case STREAM_XPORT_OP_BIND:
        /* xp_socket.c reports no text for a failed unix bind ("Unknown error"). */
        if (!sb_xport_socket(stream, d, x))
            return -1;
        if (!sb_xport_name(x, &name) || !sb_stream_borrow(d, &b))
            return -1;
        if (!php_sockets_sockets_method_socket_bind(b, &name, 0, &err)) {
            php_sockets_types_error_free(&err);
            return -1;
        }
        return 0;
    case STREAM_XPORT_OP_LISTEN:
        if (!sb_stream_borrow(d, &b))
            return -1;
        if (!php_sockets_sockets_method_socket_listen(b, x->inputs.backlog, &err)) {
            php_sockets_types_error_free(&err);
            return -1;
        }
        return 0;
    case STREAM_XPORT_OP_ACCEPT:
        return sb_xport_accept(stream, d, x);
    case STREAM_XPORT_OP_GET_NAME:
    case STREAM_XPORT_OP_GET_PEER_NAME:
        return sb_xport_get_name(d, x, x->op == STREAM_XPORT_OP_GET_PEER_NAME);
    case STREAM_XPORT_OP_RECV:
        return sb_xport_recv(d, x);
    case STREAM_XPORT_OP_SEND:
        return sb_xport_send(d, x);
    case STREAM_XPORT_OP_SHUTDOWN:
        if (!sb_stream_borrow(d, &b))
            return -1;
        if (!php_sockets_sockets_method_socket_shutdown(b, x->how, &err)) {
            php_sockets_types_error_free(&err);
            return -1;
        }
        return 0;
    default:
        return -2;
    }
}

static int sb_stream_set_option(php_stream *stream, int option, int value, void *ptrparam) {
    sb_stream_data *d = stream->abstract;
    switch (option) {
    case PHP_STREAM_OPTION_BLOCKING: {
        int old = d->blocking;
        d->blocking = value != 0;
        if (d->own >= 0) {
            /* A transport stream's socket follows it: accept and recvfrom wait on it. */
            php_sockets_sockets_borrow_socket_t b = {d->own};
            sb_error err;
            bool ok = d->blocking ? php_sockets_sockets_method_socket_set_block(b, &err)
                                  : php_sockets_sockets_method_socket_set_nonblock(b, &err);
            if (!ok)
                php_sockets_types_error_free(&err);
        }
        return old;
    }
    case PHP_STREAM_OPTION_META_DATA_API:
        add_assoc_bool((zval *)ptrparam, "timed_out", 0);
        add_assoc_bool((zval *)ptrparam, "blocked", d->blocking);
        add_assoc_bool((zval *)ptrparam, "eof", stream->eof);
        return PHP_STREAM_OPTION_RETURN_OK;
    case PHP_STREAM_OPTION_XPORT_API: {
        php_stream_xport_param *x = ptrparam;
        int r = sb_xport(stream, d, x);
        if (r == -2)
            return PHP_STREAM_OPTION_RETURN_NOTIMPL;
        x->outputs.returncode = r;
        return PHP_STREAM_OPTION_RETURN_OK;
    }
    default:
        return PHP_STREAM_OPTION_RETURN_NOTIMPL;
    }
}

#define SB_STREAM_OPS(name, label)                                                           \
    static const php_stream_ops name = {sb_stream_write, sb_stream_read, sb_stream_close,     \
                                        sb_stream_flush, label, NULL, NULL, NULL,             \
                                        sb_stream_set_option}
SB_STREAM_OPS(sb_tcp_ops, "tcp_socket");
SB_STREAM_OPS(sb_udp_ops, "udp_socket");
SB_STREAM_OPS(sb_unix_ops, "unix_socket");
SB_STREAM_OPS(sb_udg_ops, "udg_socket");
SB_STREAM_OPS(sb_generic_ops, "generic_socket");

/* The unix:// and udg:// transports: a stream with no socket yet (xp_socket.c's factory);
 * php_stream_xport_create() then connects or binds it through sb_xport(). */
static php_stream *sb_unix_transport(const char *proto, size_t protolen, const char *resourcename,
                                     size_t resourcenamelen, const char *persistent_id,
                                     int options, int flags, struct timeval *timeout,
                                     php_stream_context *context STREAMS_DC) {
    /* pfsockopen(): an ordinary stream, since the request's handles do not outlive it (the CLI
     * runs one request). */
    (void)persistent_id;
    sb_stream_data *d = ecalloc(1, sizeof *d);
    d->own = -1;
    d->family = (int)sb_const.af_unix;
    d->blocking = true;
    bool dgram = protolen == 3 && strncmp(proto, "udg", 3) == 0;
    php_stream *stream = php_stream_alloc_rel(dgram ? &sb_udg_ops : &sb_unix_ops, d, NULL, "r+");
    if (!stream)
        efree(d);
    return stream;
}

static bool sb_is_our_stream(php_stream *stream) {
    return stream->ops == &sb_tcp_ops || stream->ops == &sb_udp_ops ||
           stream->ops == &sb_unix_ops || stream->ops == &sb_udg_ops ||
           stream->ops == &sb_generic_ops;
}

bool sb_stream_socket(php_stream *stream, php_sockets_sockets_borrow_socket_t *sock) {
    return sb_is_our_stream(stream) && sb_stream_borrow(stream->abstract, sock);
}

static php_stream *sb_linked_stream(php_socket *sock) {
    if (Z_ISUNDEF(sock->zstream))
        return NULL;
    return (php_stream *)zend_fetch_resource2_ex(&sock->zstream, NULL, php_file_le_stream(),
                                                 php_file_le_pstream());
}

static void sb_unlink_stream(php_socket *sock) {
    php_stream *stream = sb_linked_stream(sock);
    if (stream && sb_is_our_stream(stream))
        ((sb_stream_data *)stream->abstract)->owner = NULL;
}

static void sb_stream_set_blocking(php_socket *sock, bool blocking) {
    php_stream *stream = sb_linked_stream(sock);
    if (stream && sb_is_our_stream(stream))
        ((sb_stream_data *)stream->abstract)->blocking = blocking;
}

static void sb_free_linked_stream(php_socket *sock) {
    php_stream *stream = NULL;
    php_stream_from_zval_no_verify(stream, &sock->zstream);
    if (stream != NULL) {
        if (sb_is_our_stream(stream))
            ((sb_stream_data *)stream->abstract)->owner = NULL;
        php_stream_free(stream, PHP_STREAM_FREE_KEEP_RSRC | PHP_STREAM_FREE_CLOSE |
                                    (stream->is_persistent ? PHP_STREAM_FREE_CLOSE_PERSISTENT : 0));
    }
    zval_ptr_dtor(&sock->zstream);
    ZVAL_UNDEF(&sock->zstream);
}

/* {{{ socket_export_stream(Socket $socket) */
PHP_FUNCTION(socket_export_stream) {
    zval *zsocket;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "O", &zsocket, socket_ce) == FAILURE)
        RETURN_THROWS();
    SB_PARSE_SOCKET(zsocket, sock);
    if (!Z_ISUNDEF(sock->zstream))
        RETURN_COPY(&sock->zstream);

    /* The stream type PHP's transports would give it. */
    const php_stream_ops *ops = &sb_generic_ops;
    php_sockets_sockets_option_value_t type;
    sb_error err;
    if (php_sockets_sockets_method_socket_get_option(sb_borrow(sock), sb_const.sol_socket,
                                                     sb_const.so_type, &type, &err)) {
        if (type.tag == PHP_SOCKETS_TYPES_OPTION_VALUE_INT) {
            bool inet = sock->family == sb_const.af_inet || sock->family == sb_const.af_inet6;
            bool unix_ = sock->family == sb_const.af_unix;
            if (type.val.int_ == sb_const.sock_stream)
                ops = inet ? &sb_tcp_ops : unix_ ? &sb_unix_ops : ops;
            else if (type.val.int_ == sb_const.sock_dgram)
                ops = inet ? &sb_udp_ops : unix_ ? &sb_udg_ops : ops;
        }
        php_sockets_types_option_value_free(&type);
    } else {
        php_sockets_types_error_free(&err);
    }

    php_sockets_sockets_tuple2_own_input_stream_own_output_stream_t pair;
    if (!php_sockets_sockets_method_socket_export_stream(sb_borrow(sock), &pair, &err)) {
        php_sockets_types_error_free(&err);
        php_error_docref(NULL, E_WARNING, "Failed to create stream");
        RETURN_FALSE;
    }
    sb_stream_data *d = emalloc(sizeof *d);
    d->in = pair.f0;
    d->out = pair.f1;
    d->has_io = true;
    d->own = -1;
    d->owner = sock;
    d->family = sock->family;
    d->blocking = sock->blocking;
    php_stream *stream = php_stream_alloc(ops, d, NULL, "r+");
    if (!stream) {
        wasi_io_streams_input_stream_drop_own(d->in);
        wasi_io_streams_output_stream_drop_own(d->out);
        efree(d);
        php_error_docref(NULL, E_WARNING, "Failed to create stream");
        RETURN_FALSE;
    }
    php_stream_to_zval(stream, &sock->zstream);
    RETURN_COPY(&sock->zstream);
}
/* }}} */

/* {{{ socket_import_stream($stream): Socket|false */
PHP_FUNCTION(socket_import_stream) {
    zval *zstream;
    php_stream *stream;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "r", &zstream) == FAILURE)
        RETURN_THROWS();
    php_stream_from_zval(stream, zstream);
    if (!sb_is_our_stream(stream)) {
        /* Only streams socket_export_stream() made carry a php:sockets socket. */
        php_error_docref(NULL, E_WARNING, "Cannot represent a stream of type %s as a Socket Descriptor",
                         stream->ops->label);
        RETURN_FALSE;
    }
    sb_stream_data *d = stream->abstract;
    if (!sb_stream_io(d)) {
        php_error_docref(NULL, E_WARNING, "Unable to obtain socket family");
        RETURN_FALSE;
    }
    php_sockets_sockets_own_socket_t own;
    sb_error err;
    if (!php_sockets_sockets_import_stream(wasi_io_streams_borrow_input_stream(d->in), &own,
                                           &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "Unable to obtain socket family");
        SB_RETURN_FAILED();
    }
    sb_socket_object(return_value, own, d->family);
    php_socket *sock = Z_SOCKET_P(return_value);
    sock->blocking = d->blocking;
    if (!d->owner)
        d->owner = sock;
    ZVAL_COPY(&sock->zstream, zstream);
    php_stream_set_option(stream, PHP_STREAM_OPTION_READ_BUFFER, PHP_STREAM_BUFFER_NONE, NULL);
}
/* }}} */

/* ---- stream_select() over the extension's streams ----------------------------------------- */

/* The socket to select a stream on: its own, its Socket's, or (that Socket freed while the
 * stream lives) a handle the host gives back for the stream's descriptor. */
static bool sb_stream_select_socket(sb_stream_data *d, php_sockets_sockets_borrow_socket_t *b) {
    if (sb_stream_borrow(d, b))
        return true;
    if (!d->has_io)
        return false;
    php_sockets_sockets_own_socket_t own;
    sb_error err;
    if (!php_sockets_sockets_import_stream(wasi_io_streams_borrow_input_stream(d->in), &own,
                                           &err)) {
        php_sockets_types_error_free(&err);
        return false;
    }
    d->own = own.__handle;
    return sb_stream_borrow(d, b);
}

/* The stream an element of a stream_select() array holds, if it is one of ours. */
static php_stream *sb_select_stream(zval *element) {
    ZVAL_DEREF(element);
    if (Z_TYPE_P(element) != IS_RESOURCE)
        return NULL;
    php_stream *stream = (php_stream *)zend_fetch_resource2_ex(element, NULL, php_file_le_stream(),
                                                               php_file_le_pstream());
    return stream && sb_is_our_stream(stream) ? stream : NULL;
}

/* How many streams `arr` holds if every one is ours (0 for no array); -1 otherwise. */
static int sb_select_streams(zval *arr) {
    if (!arr)
        return 0;
    int n = 0;
    zval *element;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(arr), element) {
        if (!sb_select_stream(element))
            return -1;
        n++;
    }
    ZEND_HASH_FOREACH_END();
    return n;
}

/*
 * stream_select() when its arrays hold the extension's streams only (patch 0011; false leaves
 * the call to PHP's own code): PHP's checks of the timeout, its shortcut for streams with
 * buffered data, then php:sockets' select on the streams' sockets, keys kept.
 */
bool php_sockets_stream_select(zval *r_array, zval *w_array, zval *e_array, zend_long *sec,
                               zend_long *usec, zval *return_value) {
    zval *arrays[3] = {r_array, w_array, e_array};
    uint32_t counts[3];
    size_t total = 0;
    for (int i = 0; i < 3; i++) {
        int n = sb_select_streams(arrays[i]);
        if (n < 0)
            return false;
        counts[i] = (uint32_t)n;
        total += (size_t)n;
    }
    if (total == 0)
        return false;
    if (!sec && usec && *usec != 0) {
        zend_argument_value_error(5, "must be null when argument #4 ($seconds) is null");
        return true;
    }
    int64_t seconds = 0, micro = 0;
    if (sec) {
        if (*sec < 0) {
            zend_argument_value_error(4, "must be greater than or equal to 0");
            return true;
        }
        zend_long us = usec ? *usec : 0;
        if (us < 0) {
            zend_argument_value_error(5, "must be greater than or equal to 0");
            return true;
        }
        seconds = (int64_t)*sec + us / 1000000;
        micro = us % 1000000;
    }

    /* PHP's shortcut: data already in a read buffer makes those streams the answer. */
    if (r_array) {
        guest_list_u32_t buffered = {safe_emalloc(counts[0] ? counts[0] : 1, sizeof(uint32_t), 0), 0};
        uint32_t pos = 0;
        zval *element;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(r_array), element) {
            php_stream *stream = sb_select_stream(element);
            if (stream->writepos - stream->readpos > 0)
                buffered.ptr[buffered.len++] = pos;
            pos++;
        }
        ZEND_HASH_FOREACH_END();
        if (buffered.len) {
            HashTable *orig = Z_ARRVAL_P(r_array);
            GC_TRY_ADDREF(orig);
            sb_select_keep(r_array, orig, &buffered, counts[0]);
            zend_array_release(orig);
            if (w_array)
                zend_hash_clean(Z_ARRVAL_P(w_array));
            if (e_array)
                zend_hash_clean(Z_ARRVAL_P(e_array));
            RETVAL_LONG((zend_long)buffered.len);
            efree(buffered.ptr);
            return true;
        }
        efree(buffered.ptr);
    }

    php_sockets_sockets_borrow_socket_t *borrows = safe_emalloc(total, sizeof *borrows, 0);
    php_sockets_sockets_list_borrow_socket_t lists[3];
    size_t at = 0;
    for (int i = 0; i < 3; i++) {
        lists[i] = (php_sockets_sockets_list_borrow_socket_t){borrows + at, counts[i]};
        if (!arrays[i])
            continue;
        zval *element;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(arrays[i]), element) {
            php_stream *stream = sb_select_stream(element);
            if (!sb_stream_select_socket(stream->abstract, &borrows[at])) {
                php_error_docref(NULL, E_WARNING,
                                 "Cannot represent a stream of type %s as a select()able descriptor",
                                 stream->ops->label);
                efree(borrows);
                RETVAL_FALSE;
                return true;
            }
            at++;
        }
        ZEND_HASH_FOREACH_END();
    }
    php_sockets_sockets_select_ready_t ready;
    sb_error err;
    bool ok = php_sockets_sockets_select(&lists[0], &lists[1], &lists[2], sec ? &seconds : NULL,
                                         micro, &ready, &err);
    efree(borrows);
    if (!ok) {
        int code = sb_errno_of(&err);
        php_sockets_types_error_free(&err);
        php_error_docref(NULL, E_WARNING, "Unable to select [%d]: %s (max_fd=%zu)", code,
                         sb_strerror(code), total);
        RETVAL_FALSE;
        return true;
    }
    sb_select_keep_ready(arrays, counts, &ready);
    RETVAL_LONG((zend_long)ready.count);
    php_sockets_types_select_ready_free(&ready);
    return true;
}

/* {{{ stream_socket_pair(int $domain, int $type, int $protocol): array|false
 * ext/standard's, which php.wasm lacks (wasi-libc has no socketpair()): two generic socket
 * streams over a php:sockets pair. The STREAM_PF_* and STREAM_SOCK_* values are Linux's
 * (sb_linux_stream_constants()), so they go to the host as they are. */
PHP_FUNCTION(stream_socket_pair) {
    zend_long domain, type, protocol;
    ZEND_PARSE_PARAMETERS_START(3, 3)
    Z_PARAM_LONG(domain)
    Z_PARAM_LONG(type)
    Z_PARAM_LONG(protocol)
    ZEND_PARSE_PARAMETERS_END();
    int32_t had_global = php_sockets_sockets_last_error(NULL);
    php_sockets_sockets_tuple2_own_socket_own_socket_t pair;
    sb_error err;
    if (!php_sockets_sockets_create_pair(domain, type, protocol, &pair, &err)) {
        /* socketpair()'s errno; the host's own argument checks stand for the kernel's EINVAL. */
        int code = sb_errno_of(&err);
        php_sockets_types_error_free(&err);
        if (!code)
            code = (int)sb_const.e_inval;
        if (had_global == 0)
            php_sockets_sockets_clear_error(NULL);
        php_error_docref(NULL, E_WARNING, "Failed to create sockets: [%d]: %s", code,
                         sb_strerror(code));
        RETURN_FALSE;
    }
    int32_t handles[2] = {pair.f0.__handle, pair.f1.__handle};
    array_init(return_value);
    for (int i = 0; i < 2; i++) {
        sb_stream_data *d = ecalloc(1, sizeof *d);
        d->own = handles[i];
        d->family = (int)domain;
        d->blocking = true;
        php_stream *stream = php_stream_alloc(&sb_generic_ops, d, NULL, "r+");
        php_stream_auto_cleanup(stream);
        add_next_index_resource(return_value, stream->res);
    }
}
/* }}} */

/* ---- arginfo (PHP 8.2's signatures) ----------------------------------------------------- */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_select, 0, 4, MAY_BE_LONG | MAY_BE_FALSE)
ZEND_ARG_TYPE_INFO(1, read, IS_ARRAY, 1)
ZEND_ARG_TYPE_INFO(1, write, IS_ARRAY, 1)
ZEND_ARG_TYPE_INFO(1, except, IS_ARRAY, 1)
ZEND_ARG_TYPE_INFO(0, seconds, IS_LONG, 1)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, microseconds, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_socket_create_listen, 0, 1, Socket, MAY_BE_FALSE)
ZEND_ARG_TYPE_INFO(0, port, IS_LONG, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, backlog, IS_LONG, 0, "128")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_socket_of_socket, 0, 1, Socket, MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_bool_of_socket, 0, 1, _IS_BOOL, 0)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_listen, 0, 1, _IS_BOOL, 0)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, backlog, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_close, 0, 1, IS_VOID, 0)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_write, 0, 2, MAY_BE_LONG | MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, length, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_read, 0, 2, MAY_BE_STRING | MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(0, length, IS_LONG, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, mode, IS_LONG, 0, "PHP_BINARY_READ")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_getsockname, 0, 2, _IS_BOOL, 0)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_INFO(1, address)
ZEND_ARG_INFO_WITH_DEFAULT_VALUE(1, port, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_socket_create, 0, 3, Socket, MAY_BE_FALSE)
ZEND_ARG_TYPE_INFO(0, domain, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, type, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, protocol, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_connect, 0, 2, _IS_BOOL, 0)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(0, address, IS_STRING, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, port, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_strerror, 0, 1, IS_STRING, 0)
ZEND_ARG_TYPE_INFO(0, error_code, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_bind, 0, 2, _IS_BOOL, 0)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(0, address, IS_STRING, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, port, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_recv, 0, 4, MAY_BE_LONG | MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_INFO(1, data)
ZEND_ARG_TYPE_INFO(0, length, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, flags, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_send, 0, 4, MAY_BE_LONG | MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
ZEND_ARG_TYPE_INFO(0, length, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, flags, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_recvfrom, 0, 5, MAY_BE_LONG | MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_INFO(1, data)
ZEND_ARG_TYPE_INFO(0, length, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, flags, IS_LONG, 0)
ZEND_ARG_INFO(1, address)
ZEND_ARG_INFO_WITH_DEFAULT_VALUE(1, port, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_sendto, 0, 5, MAY_BE_LONG | MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
ZEND_ARG_TYPE_INFO(0, length, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, flags, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, address, IS_STRING, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, port, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_get_option, 0, 3,
                                        MAY_BE_ARRAY | MAY_BE_LONG | MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(0, level, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, option, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_set_option, 0, 4, _IS_BOOL, 0)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(0, level, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, option, IS_LONG, 0)
ZEND_ARG_INFO(0, value)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_create_pair, 0, 4, _IS_BOOL, 0)
ZEND_ARG_TYPE_INFO(0, domain, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, type, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, protocol, IS_LONG, 0)
ZEND_ARG_INFO(1, pair)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_shutdown, 0, 1, _IS_BOOL, 0)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, mode, IS_LONG, 0, "2")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_last_error, 0, 0, IS_LONG, 0)
ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, socket, Socket, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_clear_error, 0, 0, IS_VOID, 0)
ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, socket, Socket, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_socket_import_stream, 0, 1, Socket, MAY_BE_FALSE)
ZEND_ARG_INFO(0, stream)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_stream_socket_pair, 0, 3, MAY_BE_ARRAY | MAY_BE_FALSE)
ZEND_ARG_TYPE_INFO(0, domain, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, type, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, protocol, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_socket_export_stream, 0, 0, 1)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_sendmsg, 0, 2, MAY_BE_LONG | MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(0, message, IS_ARRAY, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, flags, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_recvmsg, 0, 2, MAY_BE_LONG | MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, socket, Socket, 0)
ZEND_ARG_TYPE_INFO(1, message, IS_ARRAY, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, flags, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_cmsg_space, 0, 2, IS_LONG, 1)
ZEND_ARG_TYPE_INFO(0, level, IS_LONG, 0)
ZEND_ARG_TYPE_INFO(0, type, IS_LONG, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, num, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_socket_addrinfo_lookup, 0, 1, MAY_BE_ARRAY | MAY_BE_FALSE)
ZEND_ARG_TYPE_INFO(0, host, IS_STRING, 0)
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, service, IS_STRING, 1, "null")
ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, hints, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_socket_of_addrinfo, 0, 1, Socket, MAY_BE_FALSE)
ZEND_ARG_OBJ_INFO(0, address, AddressInfo, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_socket_addrinfo_explain, 0, 1, IS_ARRAY, 0)
ZEND_ARG_OBJ_INFO(0, address, AddressInfo, 0)
ZEND_END_ARG_INFO()

static const zend_function_entry ext_functions[] = {
    ZEND_FE(socket_select, arginfo_socket_select)
    ZEND_FE(socket_create_listen, arginfo_socket_create_listen)
    ZEND_FE(socket_accept, arginfo_socket_of_socket)
    ZEND_FE(socket_set_nonblock, arginfo_bool_of_socket)
    ZEND_FE(socket_set_block, arginfo_bool_of_socket)
    ZEND_FE(socket_listen, arginfo_socket_listen)
    ZEND_FE(socket_close, arginfo_socket_close)
    ZEND_FE(socket_write, arginfo_socket_write)
    ZEND_FE(socket_read, arginfo_socket_read)
    ZEND_FE(socket_getsockname, arginfo_socket_getsockname)
    ZEND_FE(socket_getpeername, arginfo_socket_getsockname)
    ZEND_FE(socket_create, arginfo_socket_create)
    ZEND_FE(socket_connect, arginfo_socket_connect)
    ZEND_FE(socket_strerror, arginfo_socket_strerror)
    ZEND_FE(socket_bind, arginfo_socket_bind)
    ZEND_FE(socket_recv, arginfo_socket_recv)
    ZEND_FE(socket_send, arginfo_socket_send)
    ZEND_FE(socket_recvfrom, arginfo_socket_recvfrom)
    ZEND_FE(socket_sendto, arginfo_socket_sendto)
    ZEND_FE(socket_get_option, arginfo_socket_get_option)
    ZEND_FALIAS(socket_getopt, socket_get_option, arginfo_socket_get_option)
    ZEND_FE(socket_set_option, arginfo_socket_set_option)
    ZEND_FALIAS(socket_setopt, socket_set_option, arginfo_socket_set_option)
    ZEND_FE(socket_create_pair, arginfo_socket_create_pair)
    ZEND_FE(socket_shutdown, arginfo_socket_shutdown)
    ZEND_FE(socket_atmark, arginfo_bool_of_socket)
    ZEND_FE(socket_last_error, arginfo_socket_last_error)
    ZEND_FE(socket_clear_error, arginfo_socket_clear_error)
    ZEND_FE(socket_import_stream, arginfo_socket_import_stream)
    ZEND_FE(socket_export_stream, arginfo_socket_export_stream)
    ZEND_FE(socket_sendmsg, arginfo_socket_sendmsg)
    ZEND_FE(socket_recvmsg, arginfo_socket_recvmsg)
    ZEND_FE(socket_cmsg_space, arginfo_socket_cmsg_space)
    ZEND_FE(socket_addrinfo_lookup, arginfo_socket_addrinfo_lookup)
    ZEND_FE(socket_addrinfo_connect, arginfo_socket_of_addrinfo)
    ZEND_FE(socket_addrinfo_bind, arginfo_socket_of_addrinfo)
    ZEND_FE(socket_addrinfo_explain, arginfo_socket_addrinfo_explain)
    ZEND_FE(stream_socket_pair, arginfo_stream_socket_pair)
    ZEND_FE_END
};

/* ---- the module ------------------------------------------------------------------------ */

/* ext/standard registers STREAM_PF_* and STREAM_SOCK_* with wasi-libc's numbers (its AF_INET is
 * 1), and not those wasi-libc lacks (SOCK_RAW, SOCK_SEQPACKET, SOCK_RDM); only
 * stream_socket_pair() reads them, and a script comparing them with AF_UNIX or printing them
 * should see Linux's, so they take the host's values, or are registered with them (ext/standard
 * starts first: sockets_deps). */
static void sb_linux_stream_constants(int module_number) {
    static const char *const names[][2] = {
        {"STREAM_PF_UNIX", "AF_UNIX"},         {"STREAM_PF_INET", "AF_INET"},
        {"STREAM_PF_INET6", "AF_INET6"},       {"STREAM_SOCK_STREAM", "SOCK_STREAM"},
        {"STREAM_SOCK_DGRAM", "SOCK_DGRAM"},   {"STREAM_SOCK_RAW", "SOCK_RAW"},
        {"STREAM_SOCK_SEQPACKET", "SOCK_SEQPACKET"}, {"STREAM_SOCK_RDM", "SOCK_RDM"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        zend_constant *c =
            zend_hash_str_find_ptr(EG(zend_constants), names[i][0], strlen(names[i][0]));
        int64_t value;
        if (!sockbox_const_lookup(names[i][1], &value))
            continue;
        if (!c)
            zend_register_long_constant(names[i][0], strlen(names[i][0]), (zend_long)value,
                                        CONST_PERSISTENT, module_number);
        else if (Z_TYPE(c->value) == IS_LONG)
            ZVAL_LONG(&c->value, (zend_long)value);
    }
}

static PHP_MINIT_FUNCTION(sockets) {
    zend_class_entry ce;
    INIT_CLASS_ENTRY(ce, "Socket", NULL);
    socket_ce = zend_register_internal_class_ex(&ce, NULL);
    socket_ce->ce_flags |= ZEND_ACC_FINAL | ZEND_ACC_NO_DYNAMIC_PROPERTIES | ZEND_ACC_NOT_SERIALIZABLE;
    socket_ce->create_object = socket_create_object;
    memcpy(&socket_object_handlers, &std_object_handlers, sizeof socket_object_handlers);
    socket_object_handlers.offset = XtOffsetOf(php_socket, std);
    socket_object_handlers.free_obj = socket_free_obj;
    socket_object_handlers.get_constructor = socket_get_constructor;
    socket_object_handlers.clone_obj = NULL;
    socket_object_handlers.get_gc = socket_get_gc;
    socket_object_handlers.compare = zend_objects_not_comparable;

    sb_address_info_minit();
    sb_register_constants(module_number);
    /* In place of xp_socket.c's, whose socket(AF_UNIX) wasi-libc cannot give. */
    php_stream_xport_register("unix", sb_unix_transport);
    php_stream_xport_register("udg", sb_unix_transport);
    sb_linux_stream_constants(module_number);
    return SUCCESS;
}

static PHP_MINFO_FUNCTION(sockets) {
    php_info_print_table_start();
    php_info_print_table_row(2, "Sockets Support", "enabled");
    php_info_print_table_row(2, "Implementation", "sockbox php:sockets");
    php_info_print_table_end();
}

static const zend_module_dep sockets_deps[] = {ZEND_MOD_REQUIRED("standard") ZEND_MOD_END};

zend_module_entry sockets_module_entry = {
    STANDARD_MODULE_HEADER_EX,
    NULL,
    sockets_deps,
    "sockets",
    ext_functions,
    PHP_MINIT(sockets),
    NULL,
    NULL,
    NULL,
    PHP_MINFO(sockets),
    PHP_SOCKETS_VERSION,
    STANDARD_MODULE_PROPERTIES,
};
