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
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>

sb_consts_t sb_const;

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
    case ESRCH:
        return 3; /* Linux's; no socket call fails with it, so PHP has no SOCKET_ESRCH (ext/posix) */
    default:
        break;
    }
    int64_t value;
    /* Another errno PHP has no constant for (ECANCELED, ERANGE, ...) keeps WASI's number. */
    return name && sockbox_const_lookup(name, &value) ? (int)value : wasi_errno;
}

const char *php_sockets_linux_strerror(int wasi_errno) {
    int linux_errno = php_sockets_linux_errno(wasi_errno);
    return linux_errno == wasi_errno ? (strerror)(wasi_errno) : sb_strerror(linux_errno);
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
#if PHP_VERSION_ID >= 80400
    int64_t flags = (sb_const.sock_nonblock == SB_UNDEF ? 0 : sb_const.sock_nonblock) |
                    (sb_const.sock_cloexec == SB_UNDEF ? 0 : sb_const.sock_cloexec);
#else
    int64_t flags = 0; /* SOCK_NONBLOCK / SOCK_CLOEXEC in the type came with PHP 8.4 */
#endif
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
        if (style == SB_WARN_LOOKUP && code <= -10000) {
            what = "Host lookup failed";
        } else if (style != SB_WARN_ALWAYS && sb_is_transient(code)) {
            break;
        }
        php_error_docref(NULL, E_WARNING, "%s [%d]: %s", what, code, sb_strerror(code));
        break;
    }
    case PHP_SOCKETS_TYPES_ERROR_INVALID_ARGUMENT:
        sb_throw_invalid((const char *)err->val.invalid_argument.ptr, err->val.invalid_argument.len);
        break;
    case PHP_SOCKETS_TYPES_ERROR_WARNING:
        /* php_error_docref puts "fn(): " before it, as PHP's own warning. */
        php_error_docref(NULL, E_WARNING, "%.*s", (int)err->val.warning.len,
                         (const char *)err->val.warning.ptr);
        break;
    case PHP_SOCKETS_TYPES_ERROR_CLOSED:
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

void sb_tell_cwd(const char *addr, size_t len) {
    /* The host starts from wasi-libc's initial working directory. */
    static char told[MAXPATHLEN] = "/";
    char cwd[MAXPATHLEN];
    if (len == 0 || addr[0] == '/' || addr[0] == '\0' || !getcwd(cwd, sizeof cwd) ||
        strcmp(cwd, told) == 0)
        return;
    guest_string_t path = sb_str(cwd, strlen(cwd));
    sb_error err;
    if (php_sockets_sockets_working_directory(&path, &err))
        strcpy(told, cwd);
    else
        php_sockets_types_error_free(&err);
}

/* ---- the Socket class ----------------------------------------------------------------- */

static zend_object *socket_create_object(zend_class_entry *class_type) {
    php_socket *intern = zend_object_alloc(sizeof(php_socket), class_type);
    zend_object_std_init(&intern->std, class_type);
    object_properties_init(&intern->std, class_type);
    intern->std.handlers = &socket_object_handlers;
    intern->handle = -1;
    intern->id = 0;
    intern->family = 0;
    intern->blocking = true;
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
    sock->id = php_sockets_sockets_method_socket_id(php_sockets_sockets_borrow_socket(own));
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

/* Whether a later PHP added constant `name` (scripts/php-build lists them from
 * wit/constants.tsv): the host has it and the extension uses it, but PHP 8.2 scripts do not see
 * it, as php-cli 8.2 does not define it (`defined('SOCK_NONBLOCK')`, polyfills that define it). */
static bool sb_newer_than_php(const char *name, size_t len) {
#define SB_NEWER(n)                                                                          \
    if (len == sizeof(n) - 1 && memcmp(name, n, len) == 0)                                   \
        return true;
#include "newer_constants.inc"
#undef SB_NEWER
    return false;
}

static void sb_register_constants(int module_number) {
    for (size_t i = 0; i < sizeof sb_const / sizeof(int64_t); i++)
        ((int64_t *)&sb_const)[i] = SB_UNDEF;
    php_sockets_constants_list_constant_t all;
    php_sockets_constants_all(&all);
    for (size_t i = 0; i < all.len; i++) {
        const char *name = (const char *)all.ptr[i].name.ptr;
        size_t len = all.ptr[i].name.len;
        int64_t value = all.ptr[i].value;
        if (!sb_newer_than_php(name, len))
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

/* The port a PHP before 8.5 binds or sends to: htons((unsigned short)port), its low 16 bits
 * (8.5 throws a ValueError out of 0..65535, as the host does). */
static zend_long sb_port(zend_long port) {
#if PHP_VERSION_ID < 80500
    return (zend_long)(uint16_t)port;
#else
    return port;
#endif
}

/* {{{ socket_create_listen(int $port, int $backlog = 128): Socket|false */
PHP_FUNCTION(socket_create_listen) {
    zend_long port, backlog = 128;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "l|l", &port, &backlog) == FAILURE)
        RETURN_THROWS();
    php_sockets_sockets_own_socket_t own;
    sb_error err;
    if (!php_sockets_sockets_create_listen(sb_port(port), backlog, &own, &err)) {
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
    if (sock->family == sb_const.af_unix)
        sb_tell_cwd(addr, addr_len);
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
    if (sock->family == sb_const.af_unix)
        sb_tell_cwd(addr, addr_len);
    if (!php_sockets_sockets_method_socket_bind(sb_borrow(sock), &a, sb_port(port), &err)) {
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
    int64_t p = sb_port(port);
    uint64_t sent;
    sb_error err;
    if (sock->family == sb_const.af_unix)
        sb_tell_cwd(addr, addr_len);
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

#if PHP_VERSION_ID >= 80300
/* {{{ socket_atmark(Socket $socket): bool (PHP 8.3; PHP 8.2 has no such function) */
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
#endif

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

/* Replaces `arr` by the array of the elements of `orig` (what `arr` held before the call,
 * which positions refer to) ready in each of the `nready` lists, keys kept, in their order. */
static void sb_select_keep_all(zval *arr, HashTable *orig, const guest_list_u32_t *const *ready,
                               int nready, uint32_t count) {
    /* hits[pos]: how many of the lists name pos (each list counted once per position). */
    uint8_t *hits = ecalloc(count ? count : 1, 1);
    for (int l = 0; l < nready; l++)
        for (size_t i = 0; i < ready[l]->len; i++)
            if (ready[l]->ptr[i] < count && hits[ready[l]->ptr[i]] == l)
                hits[ready[l]->ptr[i]]++;
    zval new_hash, *element;
    zend_ulong num_key;
    zend_string *key;
    uint32_t pos = 0;
    array_init(&new_hash);
    ZEND_HASH_FOREACH_KEY_VAL(orig, num_key, key, element) {
        ZVAL_DEREF(element);
        if (pos < count && hits[pos] == nready) {
            zval *dest = key ? zend_hash_add(Z_ARRVAL(new_hash), key, element)
                             : zend_hash_index_update(Z_ARRVAL(new_hash), num_key, element);
            if (dest)
                Z_ADDREF_P(dest);
        }
        pos++;
    }
    ZEND_HASH_FOREACH_END();
    efree(hits);
    zval_ptr_dtor(arr);
    ZVAL_COPY_VALUE(arr, &new_hash);
}

static void sb_select_keep(zval *arr, HashTable *orig, const guest_list_u32_t *ready,
                           uint32_t count) {
    sb_select_keep_all(arr, orig, &ready, 1, count);
}

/* Filters each of select's arrays down to its ready elements. The same variable may be passed
 * for two sets: PHP filters the read set, then the write set from what is left, so what stays
 * is ready in both (the positions of each set's answer refer to the one array given). */
static void sb_select_keep_ready(zval *arrays[3], const uint32_t counts[3],
                                 const php_sockets_types_select_ready_t *ready) {
    const guest_list_u32_t *per_set[3] = {&ready->read, &ready->write, &ready->except};
    for (int i = 0; i < 3; i++) {
        if (!arrays[i] || (i > 0 && arrays[i] == arrays[0]) || (i > 1 && arrays[i] == arrays[1]))
            continue;
        const guest_list_u32_t *lists[3];
        int n = 0;
        for (int k = i; k < 3; k++)
            if (arrays[k] == arrays[i])
                lists[n++] = per_set[k];
        HashTable *orig = Z_ARRVAL_P(arrays[i]);
        GC_TRY_ADDREF(orig);
        sb_select_keep_all(arrays[i], orig, lists, n, counts[i]);
        zend_array_release(orig);
    }
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
    uint32_t *ids = safe_emalloc(total, sizeof *ids, 0);
    guest_list_u32_t lists[3];
    size_t at = 0;
    for (int i = 0; i < 3; i++) {
        lists[i] = (guest_list_u32_t){ids + at, counts[i]};
        if (!arrays[i])
            continue;
        zval *element;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(arrays[i]), element) {
            ZVAL_DEREF(element);
            ids[at++] = Z_SOCKET_P(element)->id;
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
    efree(ids);
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

#include "streams.inc"

/* getmypid() (patch 0012): the pid the kernel puts in this process's SCM_CREDENTIALS. */
int php_sockets_process_id(void) {
    return php_sockets_sockets_process_id();
}

/* gethostbyaddr()'s getnameinfo(NI_NAMEREQD) (patch 0008): the host's name-of-address for the
 * address as text. 0, or an EAI_* code (EAI_NONAME: no name, or the policy's denial). */
int php_sockets_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, size_t hostlen) {
    char text[INET6_ADDRSTRLEN];
    const void *ip;
    if (sa->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6))
        ip = &((const struct sockaddr_in6 *)sa)->sin6_addr;
    else if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in))
        ip = &((const struct sockaddr_in *)sa)->sin_addr;
    else
        return EAI_FAMILY;
    if (!inet_ntop(sa->sa_family, ip, text, sizeof(text)))
        return EAI_FAMILY;
    guest_string_t address = sb_str(text, strlen(text)), name;
    php_sockets_types_lookup_error_t err;
    if (!php_sockets_sockets_name_of_address(&address, &name, &err)) {
        int code = err.tag == PHP_SOCKETS_TYPES_LOOKUP_ERROR_EAI ? err.val.eai : EAI_NONAME;
        php_sockets_types_lookup_error_free(&err);
        return code;
    }
    int rc = 0;
    if (name.len >= hostlen)
        rc = EAI_OVERFLOW;
    else {
        memcpy(host, name.ptr, name.len);
        host[name.len] = '\0';
    }
    guest_string_free(&name);
    return rc;
}

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
#if PHP_VERSION_ID >= 80300
    ZEND_FE(socket_atmark, arginfo_bool_of_socket)
#endif
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
    ZEND_FE_END
};

/* ext/standard's function that its wasi build lacks (wasi-libc has no socketpair()). */
static const zend_function_entry sb_standard_functions[] = {
    ZEND_FE(stream_socket_pair, arginfo_stream_socket_pair)
    ZEND_FE_END
};

/* ---- the module ------------------------------------------------------------------------ */

/* ext/standard's module entry (started before this one: sockets_deps). */
static zend_module_entry *sb_standard(void) {
    return zend_hash_str_find_ptr(&module_registry, "standard", sizeof("standard") - 1);
}

/* stream_socket_pair() is registered as ext/standard's, as it is natively (get_extension_funcs(),
 * ReflectionFunction::getExtensionName()): the functions being registered take the module of
 * the one starting. */
static void sb_register_standard_functions(void) {
    zend_module_entry *self = EG(current_module);
    EG(current_module) = sb_standard();
    zend_register_functions(NULL, sb_standard_functions, NULL, MODULE_PERSISTENT);
    EG(current_module) = self;
}

/* ext/standard registers STREAM_PF_* and STREAM_SOCK_* with wasi-libc's numbers (its AF_INET is
 * 1), and not those wasi-libc lacks (SOCK_RAW, SOCK_SEQPACKET, SOCK_RDM); only
 * stream_socket_pair() reads them, and a script comparing them with AF_UNIX or printing them
 * should see Linux's, so they take the host's values, or are registered with them (ext/standard
 * starts first: sockets_deps). */
static void sb_linux_stream_constants(void) {
    /* They are ext/standard's natively (get_defined_constants(true) files them there). */
    int module_number = sb_standard()->module_number;
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
    /* In place of xp_socket.c's: every stream socket of a script is a php:sockets socket,
     * under the same policy as ext/sockets (wasi-libc could give PHP no AF_UNIX socket, and
     * its TCP and UDP ones could be neither imported nor selected with these). */
    static const char *transports[] = {"tcp", "udp", "unix", "udg"};
    for (size_t i = 0; i < sizeof transports / sizeof transports[0]; i++)
        php_stream_xport_register(transports[i], sb_transport);
    sb_linux_stream_constants();
    sb_register_standard_functions();
    /* The dependency only orders start-up; PHP 8.2's ext/sockets declares none, which is what
     * ReflectionExtension::getDependencies() shows. */
    EG(current_module)->deps = NULL;
    return SUCCESS;
}

static PHP_MINFO_FUNCTION(sockets) {
    php_info_print_table_start();
    php_info_print_table_row(2, "Sockets Support", "enabled");
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
