/*
 * conversions.c: PHP's message arrays (socket_sendmsg's $message, socket_recvmsg's request and
 * result) to and from php:sockets records.
 *
 * PHP converts a message key by key, in a fixed order, and the first problem ends the
 * conversion with a warning naming where it was:
 *   "error converting user data (path: msghdr > control > element #0 > data): <reason>"
 * and the function returns false without recording an errno. The same walk is done here, with
 * PHP's reasons, so a malformed array fails as it does in PHP and at the same place. What the
 * typed records cannot carry wrong is left for the host to check as well (ranges, families,
 * paths: it checks them again with the same texts), and so is what needs the host: resolving
 * addresses and interface names, and the policy.
 */
#define SOCKBOX_EXT_INTERNAL
#include "php_sockets.h"

#include <arpa/inet.h> /* inet_pton, to tell IPv6 literals locally; no value reaches the host */
#include <limits.h>
#include "zend_smart_str.h"
#include "ext/standard/file.h"

#define SB_MAX_USER_BUFF_SIZE ((zend_long)(100 * 1024 * 1024))
#define SB_SUN_PATH_LEN 108

/* ---- the walk: where we are, and the first error ----------------------------------------- */

#define SB_MAX_DEPTH 16

typedef struct {
    const char *keys[SB_MAX_DEPTH];
    char elems[SB_MAX_DEPTH][sizeof("element #4294967295")];
    int depth;
    bool has_error;
    char *msg; /* the warning (NULL when an exception is already pending) */
    php_socket *sock;
    sb_msg_buf *buf;
} sb_ctx;

static void ctx_push(sb_ctx *c, const char *key) {
    if (c->depth < SB_MAX_DEPTH)
        c->keys[c->depth] = key;
    c->depth++;
}

static void ctx_push_elem(sb_ctx *c, unsigned i) {
    if (c->depth < SB_MAX_DEPTH) {
        snprintf(c->elems[c->depth], sizeof c->elems[0], "element #%u", i);
        c->keys[c->depth] = c->elems[c->depth];
    }
    c->depth++;
}

static void ctx_pop(sb_ctx *c) { c->depth--; }

ZEND_ATTRIBUTE_FORMAT(printf, 2, 3)
static void ctx_err(sb_ctx *c, const char *fmt, ...) {
    if (c->has_error)
        return;
    smart_str path = {0};
    for (int i = 0; i < c->depth && i < SB_MAX_DEPTH; i++) {
        if (i)
            smart_str_appends(&path, " > ");
        smart_str_appends(&path, c->keys[i]);
    }
    smart_str_0(&path);
    va_list ap;
    char *reason;
    va_start(ap, fmt);
    vspprintf(&reason, 0, fmt, ap);
    va_end(ap);
    spprintf(&c->msg, 0, "error converting user data (path: %s): %s",
             path.s && ZSTR_LEN(path.s) ? ZSTR_VAL(path.s) : "unavailable", reason);
    efree(reason);
    smart_str_free(&path);
    c->has_error = true;
}

/* Ends a walk: the warning if it failed. */
static bool ctx_finish(sb_ctx *c) {
    if (c->msg) {
        php_error_docref(NULL, E_WARNING, "%s", c->msg);
        efree(c->msg);
        c->msg = NULL;
    }
    return !c->has_error && !EG(exception);
}

/* ---- what the converted message points into --------------------------------------------- */

static void buf_keep_str(sb_msg_buf *b, zend_string *s) {
    if (b->nstrs == b->cap_strs) {
        b->cap_strs = b->cap_strs ? b->cap_strs * 2 : 8;
        b->strs = erealloc(b->strs, b->cap_strs * sizeof *b->strs);
    }
    b->strs[b->nstrs++] = s;
}

static void *buf_alloc(sb_msg_buf *b, size_t n, size_t size) {
    void *p = safe_emalloc(n ? n : 1, size, 0);
    memset(p, 0, (n ? n : 1) * size);
    if (b->nmem == b->cap_mem) {
        b->cap_mem = b->cap_mem ? b->cap_mem * 2 : 8;
        b->mem = erealloc(b->mem, b->cap_mem * sizeof *b->mem);
    }
    b->mem[b->nmem++] = p;
    return p;
}

static uint32_t buf_add_right(sb_msg_buf *b, php_sockets_sockets_borrow_socket_t sock) {
    if (b->nrights == b->cap_rights) {
        b->cap_rights = b->cap_rights ? b->cap_rights * 2 : 4;
        b->rights = erealloc(b->rights, b->cap_rights * sizeof *b->rights);
    }
    b->rights[b->nrights] = sock;
    return (uint32_t)b->nrights++;
}

void sb_msg_buf_free(sb_msg_buf *b) {
    for (size_t i = 0; i < b->nstrs; i++)
        zend_string_release(b->strs[i]);
    for (size_t i = 0; i < b->nmem; i++)
        efree(b->mem[i]);
    if (b->strs)
        efree(b->strs);
    if (b->mem)
        efree(b->mem);
    if (b->rights)
        efree(b->rights);
    memset(b, 0, sizeof *b);
}

/* A PHP string of the value, kept until the call is over (NULL after an exception). */
static zend_string *conv_str(sb_ctx *c, zval *v) {
    zend_string *s = zval_try_get_string(v);
    if (!s) {
        c->has_error = true;
        return NULL;
    }
    buf_keep_str(c->buf, s);
    return s;
}

/* ---- integers (PHP's from_zval_integer_common and its checks) ----------------------------- */

static zend_long conv_long(sb_ctx *c, zval *v) {
    switch (Z_TYPE_P(v)) {
    case IS_LONG:
        return Z_LVAL_P(v);
    case IS_DOUBLE:
        return zend_dval_to_lval(Z_DVAL_P(v));
    case IS_OBJECT:
    case IS_STRING: {
        zend_string *s = zval_try_get_string(v);
        if (!s) {
            c->has_error = true;
            return 0;
        }
        zend_long lval = 0;
        double dval;
        zend_long ret = 0;
        switch (is_numeric_string(ZSTR_VAL(s), ZSTR_LEN(s), &lval, &dval, 0)) {
        case IS_DOUBLE:
            ret = zend_dval_to_lval(dval);
            break;
        case IS_LONG:
            ret = lval;
            break;
        default:
            ctx_err(c,
                    "expected an integer, but got a non numeric string (possibly from a "
                    "converted object): '%s'",
                    ZSTR_VAL(s));
        }
        zend_string_release(s);
        return ret;
    }
    default:
        ctx_err(c, "%s",
                "expected an integer, either of a PHP integer type or of a convertible type");
        return 0;
    }
}

/* The checks are those of a 64-bit PHP (which the host applies too), whatever zend_long is. */
static int conv_int(sb_ctx *c, zval *v) {
    int64_t l = conv_long(c, v);
    if (!c->has_error && (l > INT_MAX || l < INT_MIN))
        ctx_err(c, "%s", "given PHP integer is out of bounds for a native int");
    return (int)l;
}

static uint32_t conv_uint32(sb_ctx *c, zval *v) {
    int64_t l = conv_long(c, v);
    if (!c->has_error && (l < 0 || l > (int64_t)0xFFFFFFFF))
        ctx_err(c, "%s", "given PHP integer is out of bounds for an unsigned 32-bit integer");
    return (uint32_t)l;
}

static uint16_t conv_net_uint16(sb_ctx *c, zval *v) {
    int64_t l = conv_long(c, v);
    if (!c->has_error && (l < 0 || l > 0xFFFF))
        ctx_err(c, "%s", "given PHP integer is out of bounds for an unsigned 16-bit integer");
    return (uint16_t)l;
}

static void conv_sa_family(sb_ctx *c, zval *v) {
    int64_t l = conv_long(c, v);
    if (!c->has_error && (l < 0 || l > 0xFFFF))
        ctx_err(c, "%s", "given PHP integer is out of bounds for a sa_family_t value");
}

static int64_t conv_pid(sb_ctx *c, zval *v) {
    int64_t l = conv_long(c, v);
    if (!c->has_error && (l < 0 || l > INT32_MAX))
        ctx_err(c, "%s", "given PHP integer is out of bounds for a pid_t value");
    return l;
}

static int64_t conv_uid(sb_ctx *c, zval *v) {
    int64_t l = conv_long(c, v);
    if (!c->has_error && (l < 0 || l > (int64_t)UINT32_MAX))
        ctx_err(c, "%s", "given PHP integer is out of bounds for a uid_t value");
    return l;
}

static zval *find(zval *arr, const char *key) {
    return zend_hash_str_find(Z_ARRVAL_P(arr), key, strlen(key));
}

/* ---- names ------------------------------------------------------------------------------ */

/* An IPv4 or IPv6 address for the host to resolve: a WIT string must be UTF-8, and anything
 * else could not have resolved anyway. */
static bool conv_addr(sb_ctx *c, zval *v, bool v6, guest_option_string_t *out) {
    zend_string *s = conv_str(c, v);
    if (!s)
        return false;
    if (!sb_is_utf8(ZSTR_VAL(s), ZSTR_LEN(s))) {
        ctx_err(c, "could not resolve address '%s' to get an %s address", ZSTR_VAL(s),
                v6 ? "AF_INET6" : "AF_INET");
        return false;
    }
    out->is_some = true;
    out->val = sb_str(ZSTR_VAL(s), ZSTR_LEN(s));
    return true;
}

/* $message['name'] (PHP's from_zval_write_sockaddr_aux): the family (given, or the socket's),
 * then, when `fill`, the fields of that family's address in PHP's order. */
static void conv_name(sb_ctx *c, zval *zname, php_sockets_types_msg_name_t *n, bool fill) {
    memset(n, 0, sizeof *n);
    if (Z_TYPE_P(zname) != IS_ARRAY) {
        ctx_err(c, "%s", "expected an array here");
        return;
    }
    int family;
    zval *elem = find(zname, "family");
    if (elem && Z_TYPE_P(elem) != IS_NULL) {
        ctx_push(c, "family");
        family = conv_int(c, elem);
        ctx_pop(c);
        if (c->has_error)
            return;
        n->family.is_some = true;
        n->family.val = family;
    } else {
        family = c->sock->family;
    }
    bool sock_inet = c->sock->family == sb_const.af_inet || c->sock->family == sb_const.af_inet6;
    bool v6;
    if (family == sb_const.af_inet) {
        if (!sock_inet) {
            ctx_err(c, "the specified family (number %d) is not supported on this socket", family);
            return;
        }
        v6 = false;
    } else if (family == sb_const.af_inet6) {
        if (c->sock->family != sb_const.af_inet6) {
            ctx_err(c, "%s", "the specified family (AF_INET6) is not supported on this socket");
            return;
        }
        v6 = true;
    } else if (family == sb_const.af_unix) {
        if (c->sock->family != sb_const.af_unix) {
            ctx_err(c, "%s", "the specified family (AF_UNIX) is not supported on this socket");
            return;
        }
        if (!fill)
            return;
        if ((elem = find(zname, "family"))) {
            ctx_push(c, "family");
            conv_sa_family(c, elem);
            ctx_pop(c);
        }
        if (!c->has_error && (elem = find(zname, "path"))) {
            ctx_push(c, "path");
            zend_string *p = conv_str(c, elem);
            if (p && ZSTR_LEN(p) == 0)
                ctx_err(c, "%s", "the path is cannot be empty");
            else if (p && ZSTR_LEN(p) >= SB_SUN_PATH_LEN)
                ctx_err(c, "the path is too long, the maximum permitted length is %d",
                        SB_SUN_PATH_LEN - 1);
            else if (p && !sb_is_utf8(ZSTR_VAL(p), ZSTR_LEN(p)))
                ctx_err(c, "%s", "the path is not valid UTF-8 (php:sockets paths are UTF-8)");
            else if (p) {
                sb_tell_cwd(ZSTR_VAL(p), ZSTR_LEN(p));
                n->path.is_some = true;
                n->path.val = sb_str(ZSTR_VAL(p), ZSTR_LEN(p));
            }
            ctx_pop(c);
        }
        return;
    } else {
        ctx_err(c, "%s",
                "the only families currently supported are AF_INET, AF_INET6 and AF_UNIX");
        return;
    }
    if (!fill)
        return;
    /* sockaddr_in: family, addr, port; sockaddr_in6 adds flowinfo and scope_id. */
    if ((elem = find(zname, "family"))) {
        ctx_push(c, "family");
        conv_sa_family(c, elem);
        ctx_pop(c);
    }
    if (!c->has_error && (elem = find(zname, "addr"))) {
        ctx_push(c, "addr");
        conv_addr(c, elem, v6, &n->addr);
        ctx_pop(c);
    }
    if (!c->has_error && (elem = find(zname, "port"))) {
        ctx_push(c, "port");
        n->port.val = conv_net_uint16(c, elem);
        n->port.is_some = true;
        ctx_pop(c);
    }
    if (!v6)
        return;
    if (!c->has_error && (elem = find(zname, "flowinfo"))) {
        ctx_push(c, "flowinfo");
        n->flowinfo.val = conv_uint32(c, elem);
        n->flowinfo.is_some = true;
        ctx_pop(c);
    }
    if (!c->has_error && (elem = find(zname, "scope_id"))) {
        ctx_push(c, "scope_id");
        n->scope_id.val = conv_uint32(c, elem);
        n->scope_id.is_some = true;
        ctx_pop(c);
    }
}

/* ---- iov ---------------------------------------------------------------------------------- */

static void conv_iov(sb_ctx *c, zval *arr, guest_list_list_u8_t *out) {
    if (Z_TYPE_P(arr) != IS_ARRAY) {
        ctx_err(c, "%s", "expected an array here");
        return;
    }
    uint32_t n = zend_hash_num_elements(Z_ARRVAL_P(arr));
    if (n == 0)
        return;
    out->ptr = buf_alloc(c->buf, n, sizeof *out->ptr);
    unsigned i = 1;
    zval *elem;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(arr), elem) {
        ctx_push_elem(c, i);
        zend_string *s = conv_str(c, elem);
        ctx_pop(c);
        if (!s)
            break;
        out->ptr[out->len++] = (guest_list_u8_t){(uint8_t *)ZSTR_VAL(s), ZSTR_LEN(s)};
        i++;
    }
    ZEND_HASH_FOREACH_END();
}

/* ---- control messages --------------------------------------------------------------------- */

typedef enum { SB_CMSG_NONE, SB_CMSG_RIGHTS, SB_CMSG_CREDS, SB_CMSG_PKTINFO, SB_CMSG_INT } sb_cmsg_kind;

static sb_cmsg_kind cmsg_kind(int level, int type) {
    if (level == sb_const.sol_socket && type == sb_const.scm_rights)
        return SB_CMSG_RIGHTS;
    if (level == sb_const.sol_socket && type == sb_const.scm_credentials)
        return SB_CMSG_CREDS;
    if (level == sb_const.ipproto_ipv6 && type == sb_const.ipv6_pktinfo)
        return SB_CMSG_PKTINFO;
    if (level == sb_const.ipproto_ipv6 &&
        (type == sb_const.ipv6_hoplimit || type == sb_const.ipv6_tclass))
        return SB_CMSG_INT;
    return SB_CMSG_NONE;
}

/* SCM_RIGHTS data: Socket objects or stream resources (socket_export_stream()'s, and the
 * unix:// and udg:// transports'). */
static void conv_rights(sb_ctx *c, zval *arr, php_sockets_types_cmsg_data_t *d) {
    uint32_t n = zend_hash_num_elements(Z_ARRVAL_P(arr));
    d->tag = PHP_SOCKETS_TYPES_CMSG_DATA_RIGHTS;
    d->val.rights.ptr = buf_alloc(c->buf, n, sizeof(uint32_t));
    d->val.rights.len = 0;
    unsigned i = 1;
    zval *elem;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(arr), elem) {
        ctx_push_elem(c, i);
        php_sockets_sockets_borrow_socket_t sock;
        bool found = false;
        if (Z_TYPE_P(elem) == IS_OBJECT && Z_OBJCE_P(elem) == socket_ce) {
            php_socket *s = Z_SOCKET_P(elem);
            if (IS_INVALID_SOCKET(s)) {
                ctx_err(c, "%s", "socket is already closed");
            } else {
                sock = sb_borrow(s);
                found = true;
            }
        } else if (Z_TYPE_P(elem) == IS_RESOURCE) {
            php_stream *stream = (php_stream *)zend_fetch_resource2_ex(
                elem, NULL, php_file_le_stream(), php_file_le_pstream());
            if (stream == NULL) {
                ctx_err(c, "%s", "resource is not a stream");
            } else if (!(found = sb_stream_socket(stream, &sock))) {
                /* Only a socket's own stream carries a descriptor the host can pass. */
                php_error_docref(NULL, E_WARNING,
                                 "Cannot represent a stream of type %s as a File Descriptor",
                                 stream->ops->label);
                ctx_err(c, "%s", "cast stream to file descriptor failed");
            }
        } else {
            ctx_err(c, "%s", "expected a Socket object or a stream resource");
        }
        ctx_pop(c);
        if (!found)
            break;
        d->val.rights.ptr[d->val.rights.len++] = buf_add_right(c->buf, sock);
        i++;
    }
    ZEND_HASH_FOREACH_END();
}

/* SCM_CREDENTIALS data: pid, uid, gid, each required. */
static void conv_ucred(sb_ctx *c, zval *arr, php_sockets_types_cmsg_data_t *d) {
    d->tag = PHP_SOCKETS_TYPES_CMSG_DATA_CREDENTIALS;
    if (Z_TYPE_P(arr) != IS_ARRAY) {
        ctx_err(c, "%s", "expected an array here");
        return;
    }
    static const char *keys[] = {"pid", "uid", "gid"};
    int64_t *fields[] = {&d->val.credentials.pid, &d->val.credentials.uid,
                         &d->val.credentials.gid};
    for (int i = 0; i < 3 && !c->has_error; i++) {
        zval *v = find(arr, keys[i]);
        if (!v) {
            ctx_err(c, "The key '%s' is required", keys[i]);
            break;
        }
        ctx_push(c, keys[i]);
        *fields[i] = i == 0 ? conv_pid(c, v) : conv_uid(c, v);
        ctx_pop(c);
    }
}

/* IPV6_PKTINFO data: addr, ifindex, both required. */
static void conv_pktinfo(sb_ctx *c, zval *arr, php_sockets_types_pktinfo_t *p) {
    if (Z_TYPE_P(arr) != IS_ARRAY) {
        ctx_err(c, "%s", "expected an array here");
        return;
    }
    zval *v = find(arr, "addr");
    if (!v) {
        ctx_err(c, "%s", "The key 'addr' is required");
        return;
    }
    ctx_push(c, "addr");
    zend_string *a = conv_str(c, v);
    if (a) {
        unsigned char bytes[16];
        /* wasi-libc's own AF_INET6, for its own parser: the host never sees this value. */
        if (!sb_is_utf8(ZSTR_VAL(a), ZSTR_LEN(a)) || inet_pton(AF_INET6, ZSTR_VAL(a), bytes) != 1)
            ctx_err(c, "could not resolve address '%s' to get an AF_INET6 address", ZSTR_VAL(a));
        p->addr = sb_str(ZSTR_VAL(a), ZSTR_LEN(a));
    }
    ctx_pop(c);
    if (c->has_error)
        return;
    v = find(arr, "ifindex");
    if (!v) {
        ctx_err(c, "%s", "The key 'ifindex' is required");
        return;
    }
    ctx_push(c, "ifindex");
    if (Z_TYPE_P(v) == IS_LONG) {
        if (Z_LVAL_P(v) < 0 || (zend_ulong)Z_LVAL_P(v) > UINT_MAX)
            ctx_err(c,
                    "the interface index cannot be negative or larger than %u; given " ZEND_LONG_FMT,
                    UINT_MAX, Z_LVAL_P(v));
        p->ifindex.tag = PHP_SOCKETS_TYPES_IFACE_INDEX;
        p->ifindex.val.index = Z_LVAL_P(v);
    } else {
        zend_string *name = conv_str(c, v);
        if (name && !sb_is_utf8(ZSTR_VAL(name), ZSTR_LEN(name)))
            ctx_err(c, "no interface with name \"%s\" could be found", ZSTR_VAL(name));
        if (name) {
            p->ifindex.tag = PHP_SOCKETS_TYPES_IFACE_NAME;
            p->ifindex.val.name = sb_str(ZSTR_VAL(name), ZSTR_LEN(name));
        }
    }
    ctx_pop(c);
}

/* One ['level' => ..., 'type' => ..., 'data' => ...] entry (PHP's from_zval_write_control). */
static void conv_cmsg(sb_ctx *c, zval *arr, php_sockets_types_cmsg_t *m) {
    int level = 0, type = 0;
    memset(m, 0, sizeof *m);
    if (Z_TYPE_P(arr) != IS_ARRAY) {
        ctx_err(c, "%s", "expected an array here");
        return;
    }
    zval *v;
    if ((v = find(arr, "level"))) {
        ctx_push(c, "level");
        level = conv_int(c, v);
        ctx_pop(c);
        if (c->has_error)
            return;
    }
    if ((v = find(arr, "type"))) {
        ctx_push(c, "type");
        type = conv_int(c, v);
        ctx_pop(c);
        if (c->has_error)
            return;
    }
    sb_cmsg_kind kind = cmsg_kind(level, type);
    if (kind == SB_CMSG_NONE) {
        ctx_err(c, "cmsghdr with level %d and type %d not supported", level, type);
        return;
    }
    m->level = level;
    m->type = type;
    zval *data = find(arr, "data");
    if (kind == SB_CMSG_RIGHTS) {
        if (!data) {
            ctx_err(c, "%s", "cmsghdr should have a 'data' element here");
            return;
        }
        if (Z_TYPE_P(data) != IS_ARRAY) {
            ctx_err(c, "%s", "expected an array here");
            return;
        }
        if (zend_hash_num_elements(Z_ARRVAL_P(data)) == 0) {
            ctx_err(c, "%s", "expected at least one element in this array");
            return;
        }
    }
    switch (kind) {
    case SB_CMSG_CREDS:
        m->data.tag = PHP_SOCKETS_TYPES_CMSG_DATA_CREDENTIALS;
        break;
    case SB_CMSG_PKTINFO:
        m->data.tag = PHP_SOCKETS_TYPES_CMSG_DATA_PKTINFO;
        m->data.val.pktinfo.addr = sb_str("::", 2);
        m->data.val.pktinfo.ifindex.tag = PHP_SOCKETS_TYPES_IFACE_INDEX;
        break;
    default:
        m->data.tag = PHP_SOCKETS_TYPES_CMSG_DATA_INT;
        break;
    }
    if (!data)
        return; /* PHP sends the zeroed payload */
    ctx_push(c, "data");
    switch (kind) {
    case SB_CMSG_RIGHTS:
        conv_rights(c, data, &m->data);
        break;
    case SB_CMSG_CREDS:
        conv_ucred(c, data, &m->data);
        break;
    case SB_CMSG_PKTINFO:
        conv_pktinfo(c, data, &m->data.val.pktinfo);
        break;
    default:
        m->data.val.int_ = conv_int(c, data);
        break;
    }
    ctx_pop(c);
}

static void conv_control(sb_ctx *c, zval *arr, php_sockets_types_list_cmsg_t *out) {
    if (Z_TYPE_P(arr) != IS_ARRAY) {
        ctx_err(c, "%s", "expected an array here");
        return;
    }
    uint32_t n = zend_hash_num_elements(Z_ARRVAL_P(arr));
    if (n == 0)
        return;
    out->ptr = buf_alloc(c->buf, n, sizeof *out->ptr);
    unsigned i = 0; /* sic: PHP numbers control elements from 0 */
    zval *elem;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(arr), elem) {
        if (c->has_error)
            break;
        ctx_push_elem(c, i++);
        conv_cmsg(c, elem, &out->ptr[out->len]);
        ctx_pop(c);
        if (!c->has_error)
            out->len++;
    }
    ZEND_HASH_FOREACH_END();
}

/* ---- entry points ------------------------------------------------------------------------- */

bool sb_msg_from_zval(zval *zmsg, php_socket *sock, php_sockets_types_message_t *msg,
                      sb_msg_buf *buf) {
    sb_ctx c = {.sock = sock, .buf = buf};
    memset(msg, 0, sizeof *msg);
    ctx_push(&c, "msghdr");
    zval *v;
    if ((v = find(zmsg, "name"))) {
        ctx_push(&c, "name");
        conv_name(&c, v, &msg->name.val, true);
        msg->name.is_some = true;
        ctx_pop(&c);
    }
    if (!c.has_error && (v = find(zmsg, "iov"))) {
        ctx_push(&c, "iov");
        conv_iov(&c, v, &msg->iov);
        ctx_pop(&c);
    }
    if (!c.has_error && (v = find(zmsg, "control"))) {
        ctx_push(&c, "control");
        conv_control(&c, v, &msg->control);
        ctx_pop(&c);
    }
    return ctx_finish(&c);
}

bool sb_recv_request_from_zval(zval *zmsg, php_socket *sock,
                               php_sockets_types_recvmsg_request_t *req) {
    sb_msg_buf buf = {0};
    sb_ctx c = {.sock = sock, .buf = &buf};
    memset(req, 0, sizeof *req);
    ctx_push(&c, "msghdr");
    zval *v;
    if ((v = find(zmsg, "name"))) {
        php_sockets_types_msg_name_t unused;
        ctx_push(&c, "name");
        conv_name(&c, v, &unused, false);
        ctx_pop(&c);
        req->want_name = true;
    }
    if (!c.has_error && (v = find(zmsg, "buffer_size"))) {
        ctx_push(&c, "buffer_size");
        zend_long size = conv_long(&c, v);
        if (!c.has_error && (size < 0 || size > SB_MAX_USER_BUFF_SIZE))
            ctx_err(&c, "the buffer size must be between 1 and " ZEND_LONG_FMT "; given " ZEND_LONG_FMT,
                    SB_MAX_USER_BUFF_SIZE, size);
        req->buffer_size.is_some = true;
        req->buffer_size.val = size;
        ctx_pop(&c);
    }
    if (!c.has_error) {
        if (!(v = find(zmsg, "controllen"))) {
            ctx_err(&c, "%s", "The key 'controllen' is required");
        } else {
            ctx_push(&c, "controllen");
            uint32_t len = conv_uint32(&c, v);
            if (!c.has_error && len == 0)
                ctx_err(&c, "%s", "controllen cannot be 0");
            req->controllen.is_some = true;
            req->controllen.val = len;
            ctx_pop(&c);
        }
    }
    bool ok = ctx_finish(&c);
    sb_msg_buf_free(&buf);
    return ok;
}

/* ---- the received message to PHP -------------------------------------------------------- */

static void name_to_zval(const php_sockets_types_option_msg_name_t *on, zval *zv) {
    if (!on->is_some) {
        ZVAL_NULL(zv);
        return;
    }
    const php_sockets_types_msg_name_t *n = &on->val;
    array_init(zv);
    add_assoc_long(zv, "family", n->family.is_some ? (zend_long)n->family.val : 0);
    if (n->path.is_some) {
        add_assoc_stringl(zv, "path", (const char *)n->path.val.ptr, n->path.val.len);
        return;
    }
    if (n->addr.is_some)
        add_assoc_stringl(zv, "addr", (const char *)n->addr.val.ptr, n->addr.val.len);
    if (n->port.is_some)
        add_assoc_long(zv, "port", (zend_long)n->port.val);
    if (n->flowinfo.is_some)
        add_assoc_long(zv, "flowinfo", (zend_long)n->flowinfo.val);
    if (n->scope_id.is_some)
        add_assoc_long(zv, "scope_id", (zend_long)n->scope_id.val);
}

void sb_received_to_zval(const php_sockets_types_received_message_t *m,
                         php_sockets_sockets_list_own_socket_t *socks, zval *out) {
    bool *used = ecalloc(socks->len ? socks->len : 1, sizeof(bool));
    zval name, control, iov;
    array_init(out);

    name_to_zval(&m->name, &name);
    add_assoc_zval(out, "name", &name);

    array_init(&control);
    for (size_t i = 0; i < m->control.len; i++) {
        const php_sockets_types_cmsg_t *cm = &m->control.ptr[i];
        zval entry, data;
        array_init_size(&entry, 3);
        add_assoc_long(&entry, "level", (zend_long)cm->level);
        add_assoc_long(&entry, "type", (zend_long)cm->type);
        switch (cm->data.tag) {
        case PHP_SOCKETS_TYPES_CMSG_DATA_RIGHTS:
            array_init(&data);
            for (size_t k = 0; k < cm->data.val.rights.len; k++) {
                uint32_t pos = cm->data.val.rights.ptr[k];
                if (pos >= socks->len || used[pos])
                    continue;
                used[pos] = true;
                zval sock;
                sb_socket_object(&sock, socks->ptr[pos], sb_guess_family(socks->ptr[pos]));
                add_next_index_zval(&data, &sock);
            }
            break;
        case PHP_SOCKETS_TYPES_CMSG_DATA_CREDENTIALS:
            array_init_size(&data, 3);
            add_assoc_long(&data, "pid", (zend_long)cm->data.val.credentials.pid);
            add_assoc_long(&data, "uid", (zend_long)cm->data.val.credentials.uid);
            add_assoc_long(&data, "gid", (zend_long)cm->data.val.credentials.gid);
            break;
        case PHP_SOCKETS_TYPES_CMSG_DATA_PKTINFO:
            array_init_size(&data, 2);
            add_assoc_stringl(&data, "addr", (const char *)cm->data.val.pktinfo.addr.ptr,
                              cm->data.val.pktinfo.addr.len);
            if (cm->data.val.pktinfo.ifindex.tag == PHP_SOCKETS_TYPES_IFACE_INDEX)
                add_assoc_long(&data, "ifindex", (zend_long)cm->data.val.pktinfo.ifindex.val.index);
            else
                add_assoc_stringl(&data, "ifindex",
                                  (const char *)cm->data.val.pktinfo.ifindex.val.name.ptr,
                                  cm->data.val.pktinfo.ifindex.val.name.len);
            break;
        default:
            ZVAL_LONG(&data, (zend_long)cm->data.val.int_);
            break;
        }
        add_assoc_zval(&entry, "data", &data);
        add_next_index_zval(&control, &entry);
    }
    add_assoc_zval(out, "control", &control);

    array_init(&iov);
    for (size_t i = 0; i < m->iov.len; i++)
        add_next_index_stringl(&iov, (const char *)m->iov.ptr[i].ptr, m->iov.ptr[i].len);
    add_assoc_zval(out, "iov", &iov);

    add_assoc_long(out, "flags", (zend_long)m->flags);

    /* Sockets no entry named are closed (there is nothing in PHP to hold them). */
    for (size_t i = 0; i < socks->len; i++)
        if (!used[i])
            php_sockets_sockets_socket_drop_own(socks->ptr[i]);
    efree(used);
    if (socks->len)
        free(socks->ptr);
    socks->ptr = NULL;
    socks->len = 0;
}
