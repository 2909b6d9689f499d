/*
 * multicast.c: socket_get_option() / socket_set_option() (and their aliases socket_getopt /
 * socket_setopt), multicast options included.
 *
 * PHP picks an option's value shape on its own side (the level-specific options of IPPROTO_IP,
 * IPPROTO_IPV6 and IPPROTO_TCP first, then SO_LINGER / SO_RCVTIMEO / SO_SNDTIMEO by option
 * number, then a C int), converting the PHP value as PHP 8.2 does (convert_to_long,
 * convert_to_boolean, the keys of the arrays, the interface given by index or name); the host
 * gets the typed `option-value` and does the rest, ranges and the kernel call included.
 */
#define SOCKBOX_EXT_INTERNAL
#include "php_sockets.h"

#include <limits.h>

typedef php_sockets_types_option_value_t sb_optval;

/* ---- socket_get_option -------------------------------------------------------------------- */

/* {{{ socket_get_option(Socket $socket, int $level, int $option): array|int|false */
PHP_FUNCTION(socket_get_option) {
    zval *arg1;
    zend_long level, optname;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Oll", &arg1, socket_ce, &level, &optname) ==
        FAILURE)
        RETURN_THROWS();
    php_socket *sock = Z_SOCKET_P(arg1);
    ENSURE_SOCKET_VALID(sock);

    sb_optval v;
    sb_error err;
    if (!php_sockets_sockets_method_socket_get_option(sb_borrow(sock), level, optname, &v, &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "Unable to retrieve socket option");
        if (EG(exception))
            RETURN_THROWS();
        RETURN_FALSE;
    }
    switch (v.tag) {
    case PHP_SOCKETS_TYPES_OPTION_VALUE_INT:
        RETVAL_LONG((zend_long)v.val.int_);
        break;
    case PHP_SOCKETS_TYPES_OPTION_VALUE_LINGER:
        array_init(return_value);
        add_assoc_long(return_value, "l_onoff", (zend_long)v.val.linger.l_onoff);
        add_assoc_long(return_value, "l_linger", (zend_long)v.val.linger.l_linger);
        break;
    case PHP_SOCKETS_TYPES_OPTION_VALUE_TIMEVAL:
        array_init(return_value);
        add_assoc_long(return_value, "sec", (zend_long)v.val.timeval.sec);
        add_assoc_long(return_value, "usec", (zend_long)v.val.timeval.usec);
        break;
    case PHP_SOCKETS_TYPES_OPTION_VALUE_TEXT:
        if (level == sb_const.sol_tcp && optname == sb_const.tcp_congestion) {
            array_init(return_value);
            add_assoc_stringl(return_value, "name", (const char *)v.val.text.ptr, v.val.text.len);
        } else {
            RETVAL_STRINGL((const char *)v.val.text.ptr, v.val.text.len);
        }
        break;
    case PHP_SOCKETS_TYPES_OPTION_VALUE_PKTINFO:
        array_init(return_value);
        add_assoc_stringl(return_value, "addr", (const char *)v.val.pktinfo.addr.ptr,
                          v.val.pktinfo.addr.len);
        if (v.val.pktinfo.ifindex.tag == PHP_SOCKETS_TYPES_IFACE_INDEX)
            add_assoc_long(return_value, "ifindex", (zend_long)v.val.pktinfo.ifindex.val.index);
        else
            add_assoc_stringl(return_value, "ifindex",
                              (const char *)v.val.pktinfo.ifindex.val.name.ptr,
                              v.val.pktinfo.ifindex.val.name.len);
        break;
    case PHP_SOCKETS_TYPES_OPTION_VALUE_MEMINFO: {
        const php_sockets_types_meminfo_t *m = &v.val.meminfo;
        array_init(return_value);
        add_assoc_long(return_value, "rmem_alloc", (zend_long)m->rmem_alloc);
        add_assoc_long(return_value, "rcvbuf", (zend_long)m->rcvbuf);
        add_assoc_long(return_value, "wmem_alloc", (zend_long)m->wmem_alloc);
        add_assoc_long(return_value, "sndbuf", (zend_long)m->sndbuf);
        add_assoc_long(return_value, "fwd_alloc", (zend_long)m->fwd_alloc);
        add_assoc_long(return_value, "wmem_queued", (zend_long)m->wmem_queued);
        add_assoc_long(return_value, "optmem", (zend_long)m->optmem);
        add_assoc_long(return_value, "backlog", (zend_long)m->backlog);
        add_assoc_long(return_value, "drops", (zend_long)m->drops);
        break;
    }
    case PHP_SOCKETS_TYPES_OPTION_VALUE_INTERFACE:
        if (v.val.interface.tag == PHP_SOCKETS_TYPES_IFACE_INDEX)
            RETVAL_LONG((zend_long)v.val.interface.val.index);
        else
            RETVAL_STRINGL((const char *)v.val.interface.val.name.ptr,
                           v.val.interface.val.name.len);
        break;
    default:
        RETVAL_FALSE;
        break;
    }
    php_sockets_types_option_value_free(&v);
}
/* }}} */

/* ---- socket_set_option -------------------------------------------------------------------- */

/* What a set needs freed afterwards (strings PHP made for the value). */
typedef struct {
    zend_string *strs[3];
    int n;
} sb_keep;

static zend_string *sb_keep_str(sb_keep *k, zval *zv) {
    zend_string *s = zval_get_string(zv);
    k->strs[k->n++] = s;
    return s;
}

static void sb_keep_free(sb_keep *k) {
    for (int i = 0; i < k->n; i++)
        zend_string_release(k->strs[i]);
}

/* PHP's convert_to_array() of the value, for reading keys: its hash table (or NULL). The
 * properties of an object are released by the caller with sb_props_release(). */
static HashTable *sb_as_array(zval *zv, bool *release) {
    *release = false;
    if (Z_TYPE_P(zv) == IS_ARRAY)
        return Z_ARRVAL_P(zv);
    if (Z_TYPE_P(zv) == IS_OBJECT) {
        *release = true;
        return zend_get_properties_for(zv, ZEND_PROP_PURPOSE_ARRAY_CAST);
    }
    return NULL;
}

static void sb_props_release(HashTable *ht, bool release) {
    if (release && ht)
        zend_release_properties(ht);
}

static zval *sb_find(HashTable *ht, const char *key) {
    if (!ht)
        return NULL;
    /* _ind: an object's declared properties are INDIRECT slots in its property table. */
    zval *v = zend_hash_str_find_ind(ht, key, strlen(key));
    if (v)
        ZVAL_DEREF(v);
    return v;
}

/* An interface given by index or by name (PHP's php_get_if_index_from_zval). */
static zend_result sb_iface(zval *val, php_sockets_types_iface_t *out, sb_keep *k) {
    if (Z_TYPE_P(val) == IS_LONG) {
        if (Z_LVAL_P(val) < 0 || (zend_ulong)Z_LVAL_P(val) > UINT_MAX) {
            zend_value_error("Index must be between 0 and %u", UINT_MAX);
            return FAILURE;
        }
        out->tag = PHP_SOCKETS_TYPES_IFACE_INDEX;
        out->val.index = Z_LVAL_P(val);
        return SUCCESS;
    }
    zend_string *name = sb_keep_str(k, val);
    if (!sb_is_utf8(ZSTR_VAL(name), ZSTR_LEN(name))) {
        php_error_docref(NULL, E_WARNING, "No interface with name \"%s\" could be found",
                         ZSTR_VAL(name));
        return FAILURE;
    }
    out->tag = PHP_SOCKETS_TYPES_IFACE_NAME;
    out->val.name = sb_str(ZSTR_VAL(name), ZSTR_LEN(name));
    return SUCCESS;
}

/* A multicast group or source address (PHP's php_get_address_from_array). */
static zend_result sb_mcast_address(php_socket *sock, HashTable *ht, const char *key,
                                    guest_string_t *out, sb_keep *k) {
    zval *val = sb_find(ht, key);
    if (!val) {
        zend_value_error("No key \"%s\" passed in optval", key);
        return FAILURE;
    }
    zend_string *s = sb_keep_str(k, val);
    if (sock->family != sb_const.af_inet && sock->family != sb_const.af_inet6) {
        php_error_docref(NULL, E_WARNING,
                         "IP address used in the context of an unexpected type of socket");
        return FAILURE;
    }
    if (!sb_is_utf8(ZSTR_VAL(s), ZSTR_LEN(s))) {
        php_error_docref(NULL, E_WARNING, "Host lookup failed [%d]: %s", -10001,
                         sb_strerror(-10001));
        return FAILURE;
    }
    *out = sb_str(ZSTR_VAL(s), ZSTR_LEN(s));
    return SUCCESS;
}

/* MCAST_* requests: `group`, then `source` (source operations), then `interface`. */
static zend_result sb_mcast(php_socket *sock, zval *arg4, bool with_source, sb_optval *v,
                            sb_keep *k) {
    bool release;
    HashTable *ht = sb_as_array(arg4, &release);
    php_sockets_types_mcast_request_t *m = &v->val.mcast;
    v->tag = PHP_SOCKETS_TYPES_OPTION_VALUE_MCAST;
    memset(m, 0, sizeof *m);
    zend_result r = sb_mcast_address(sock, ht, "group", &m->group, k);
    if (r == SUCCESS && with_source) {
        r = sb_mcast_address(sock, ht, "source", &m->source.val, k);
        m->source.is_some = true;
    }
    if (r == SUCCESS) {
        zval *iface = sb_find(ht, "interface");
        if (iface) {
            r = sb_iface(iface, &m->interface.val, k);
            m->interface.is_some = true;
        }
    }
    sb_props_release(ht, release);
    return r;
}

/* SO_LINGER / SO_RCVTIMEO / SO_SNDTIMEO: two required keys, each convert_to_long'ed. */
static zend_result sb_pair(zval *arg4, const char *k1, const char *k2, int64_t *a, int64_t *b) {
    bool release;
    HashTable *ht = sb_as_array(arg4, &release);
    zval *v1 = sb_find(ht, k1), *v2 = v1 ? sb_find(ht, k2) : NULL;
    zend_result r = SUCCESS;
    if (!v1 || !v2) {
        zend_argument_value_error(4, "must have key \"%s\"", v1 ? k2 : k1);
        r = FAILURE;
    } else {
        *a = zval_get_long(v1);
        *b = zval_get_long(v2);
    }
    sb_props_release(ht, release);
    return r;
}

/* PHP's IPV6_PKTINFO conversion (in6_pktinfo: `addr`, `ifindex`, both required). */
static zend_result sb_pktinfo(zval *arg4, sb_optval *v, sb_keep *k) {
    const char *fail = NULL;
    char buf[256];
    v->tag = PHP_SOCKETS_TYPES_OPTION_VALUE_PKTINFO;
    memset(&v->val.pktinfo, 0, sizeof v->val.pktinfo);
    if (Z_TYPE_P(arg4) != IS_ARRAY) {
        fail = "in6_pktinfo: expected an array here";
    } else {
        zval *addr = sb_find(Z_ARRVAL_P(arg4), "addr");
        zval *ifindex = addr ? sb_find(Z_ARRVAL_P(arg4), "ifindex") : NULL;
        if (!addr) {
            fail = "in6_pktinfo: The key 'addr' is required";
        } else {
            zend_string *a = sb_keep_str(k, addr);
            if (!sb_is_utf8(ZSTR_VAL(a), ZSTR_LEN(a))) {
                snprintf(buf, sizeof buf,
                         "in6_pktinfo > addr: could not resolve address '%s' to get an AF_INET6 "
                         "address",
                         ZSTR_VAL(a));
                fail = buf;
            }
            v->val.pktinfo.addr = sb_str(ZSTR_VAL(a), ZSTR_LEN(a));
            if (!fail && !ifindex) {
                fail = "in6_pktinfo: The key 'ifindex' is required";
            } else if (!fail && Z_TYPE_P(ifindex) == IS_LONG) {
                if (Z_LVAL_P(ifindex) < 0 || (zend_ulong)Z_LVAL_P(ifindex) > UINT_MAX) {
                    snprintf(buf, sizeof buf,
                             "in6_pktinfo > ifindex: the interface index cannot be negative or "
                             "larger than %u; given " ZEND_LONG_FMT,
                             UINT_MAX, Z_LVAL_P(ifindex));
                    fail = buf;
                }
                v->val.pktinfo.ifindex.tag = PHP_SOCKETS_TYPES_IFACE_INDEX;
                v->val.pktinfo.ifindex.val.index = Z_LVAL_P(ifindex);
            } else if (!fail) {
                zend_string *name = sb_keep_str(k, ifindex);
                v->val.pktinfo.ifindex.tag = PHP_SOCKETS_TYPES_IFACE_NAME;
                v->val.pktinfo.ifindex.val.name = sb_str(ZSTR_VAL(name), ZSTR_LEN(name));
                if (!sb_is_utf8(ZSTR_VAL(name), ZSTR_LEN(name))) {
                    snprintf(buf, sizeof buf,
                             "in6_pktinfo > ifindex: no interface with name \"%s\" could be found",
                             ZSTR_VAL(name));
                    fail = buf;
                }
            }
        }
    }
    if (fail) {
        /* "error converting user data (path: in6_pktinfo > addr): ..." */
        const char *colon = strstr(fail, ": ");
        php_error_docref(NULL, E_WARNING, "error converting user data (path: %.*s): %s",
                         (int)(colon - fail), fail, colon + 2);
        return FAILURE;
    }
    return SUCCESS;
}

/* {{{ socket_set_option(Socket $socket, int $level, int $option, $value): bool */
PHP_FUNCTION(socket_set_option) {
    zval *arg1, *arg4;
    zend_long level, optname;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Ollz", &arg1, socket_ce, &level, &optname,
                              &arg4) == FAILURE)
        RETURN_THROWS();
    php_socket *sock = Z_SOCKET_P(arg1);
    ENSURE_SOCKET_VALID(sock);

    sb_optval v;
    sb_keep keep = {{NULL}, 0};
    zend_result r = SUCCESS;
    bool decided = false; /* false: the generic int */
    const char *iface_name = NULL;
    memset(&v, 0, sizeof v);

    bool ip = level == sb_const.ipproto_ip, ip6 = level == sb_const.ipproto_ipv6;
    if (ip || ip6) {
        decided = true;
        if (optname == sb_const.mcast_join_group || optname == sb_const.mcast_leave_group) {
            r = sb_mcast(sock, arg4, false, &v, &keep);
        } else if (optname == sb_const.mcast_block_source ||
                   optname == sb_const.mcast_unblock_source ||
                   optname == sb_const.mcast_join_source_group ||
                   optname == sb_const.mcast_leave_source_group) {
            r = sb_mcast(sock, arg4, true, &v, &keep);
        } else if ((ip && optname == sb_const.ip_multicast_if) ||
                   (ip6 && optname == sb_const.ipv6_multicast_if)) {
            v.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_INTERFACE;
            r = sb_iface(arg4, &v.val.interface, &keep);
        } else if ((ip && optname == sb_const.ip_multicast_loop) ||
                   (ip6 && optname == sb_const.ipv6_multicast_loop)) {
            v.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_INT;
            v.val.int_ = zend_is_true(arg4) ? 1 : 0;
        } else if (ip && optname == sb_const.ip_multicast_ttl) {
            zend_long ttl = zval_get_long(arg4);
            if (ttl < 0 || ttl > 255) {
                zend_argument_value_error(4, "must be between 0 and 255");
                r = FAILURE;
            }
            v.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_INT;
            v.val.int_ = ttl;
        } else if (ip6 && optname == sb_const.ipv6_multicast_hops) {
            zend_long hops = zval_get_long(arg4);
            if (hops < -1 || hops > 255) {
                zend_argument_value_error(4, "must be between -1 and 255");
                r = FAILURE;
            }
            v.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_INT;
            v.val.int_ = hops;
        } else if (ip6 && optname == sb_const.ipv6_pktinfo) {
            r = sb_pktinfo(arg4, &v, &keep);
        } else {
            decided = false;
        }
        if (v.tag == PHP_SOCKETS_TYPES_OPTION_VALUE_INTERFACE &&
            v.val.interface.tag == PHP_SOCKETS_TYPES_IFACE_NAME)
            iface_name = keep.n ? ZSTR_VAL(keep.strs[keep.n - 1]) : NULL;
        if (v.tag == PHP_SOCKETS_TYPES_OPTION_VALUE_MCAST && v.val.mcast.interface.is_some &&
            v.val.mcast.interface.val.tag == PHP_SOCKETS_TYPES_IFACE_NAME)
            iface_name = ZSTR_VAL(keep.strs[keep.n - 1]);
    } else if (level == sb_const.sol_tcp && optname == sb_const.tcp_congestion) {
        decided = true;
        v.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_TEXT;
        if (Z_TYPE_P(arg4) == IS_STRING)
            v.val.text = sb_str(Z_STRVAL_P(arg4), Z_STRLEN_P(arg4));
    }
    if (!decided && r == SUCCESS && !ip && !ip6) {
        if (optname == sb_const.so_linger) {
            decided = true;
            v.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_LINGER;
            r = sb_pair(arg4, "l_onoff", "l_linger", &v.val.linger.l_onoff,
                        &v.val.linger.l_linger);
#if PHP_VERSION_ID < 80500
            /* Before 8.5 (whose range check the host makes) PHP casts both to unsigned short. */
            v.val.linger.l_onoff = (uint16_t)v.val.linger.l_onoff;
            v.val.linger.l_linger = (uint16_t)v.val.linger.l_linger;
#endif
        } else if (optname == sb_const.so_rcvtimeo || optname == sb_const.so_sndtimeo) {
            decided = true;
            v.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_TIMEVAL;
            r = sb_pair(arg4, "sec", "usec", &v.val.timeval.sec, &v.val.timeval.usec);
        } else if (level == sb_const.sol_socket && optname == sb_const.so_bindtodevice) {
            decided = true;
            v.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_TEXT;
            if (Z_TYPE_P(arg4) == IS_STRING)
                v.val.text = sb_str(Z_STRVAL_P(arg4), Z_STRLEN_P(arg4));
        }
    }
    if (!decided) {
        v.tag = PHP_SOCKETS_TYPES_OPTION_VALUE_INT;
        v.val.int_ = zval_get_long(arg4);
    }
    if (v.tag == PHP_SOCKETS_TYPES_OPTION_VALUE_TEXT &&
        !sb_is_utf8((const char *)v.val.text.ptr, v.val.text.len)) {
        zend_argument_value_error(4, "must be valid UTF-8 (php:sockets option names are UTF-8)");
        r = FAILURE;
    }
    if (r == FAILURE || EG(exception)) {
        sb_keep_free(&keep);
        if (EG(exception))
            RETURN_THROWS();
        RETURN_FALSE;
    }

    sb_error err;
    bool ok = php_sockets_sockets_method_socket_set_option(sb_borrow(sock), level, optname, &v,
                                                           &err);
    if (!ok) {
        if (err.tag == PHP_SOCKETS_TYPES_ERROR_UNSPECIFIED) {
            /* The host could not use the interface (or address) it was given. */
            if (iface_name) {
                php_error_docref(NULL, E_WARNING, "No interface with name \"%s\" could be found",
                                 iface_name);
            } else if (v.tag == PHP_SOCKETS_TYPES_OPTION_VALUE_PKTINFO) {
                php_error_docref(NULL, E_WARNING,
                                 "error converting user data (path: in6_pktinfo > addr): could "
                                 "not resolve address '%.*s' to get an AF_INET6 address",
                                 (int)v.val.pktinfo.addr.len, (const char *)v.val.pktinfo.addr.ptr);
            } else if (v.tag == PHP_SOCKETS_TYPES_OPTION_VALUE_MCAST) {
                php_error_docref(NULL, E_WARNING, "Host lookup failed [%d]: %s", -10001,
                                 sb_strerror(-10001));
            }
        }
        sb_fail(&err, SB_WARN_SOCKET, "Unable to set socket option");
        sb_keep_free(&keep);
        if (EG(exception))
            RETURN_THROWS();
        RETURN_FALSE;
    }
    sb_keep_free(&keep);
    RETURN_TRUE;
}
/* }}} */
