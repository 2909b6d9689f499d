/*
 * sockaddr_conv.c: the AddressInfo class and socket_addrinfo_lookup() / _bind() / _connect()
 * / _explain(). An AddressInfo holds the host's address-info handle and what explain() says of
 * it (asked once, when the lookup made it).
 */
#define SOCKBOX_EXT_INTERNAL
#include "php_sockets.h"

zend_class_entry *address_info_ce;
static zend_object_handlers address_info_object_handlers;

typedef struct {
    int32_t handle; /* own<address-info>, -1 for none */
    php_sockets_types_addrinfo_explained_t explained;
    zend_object std;
} php_addrinfo;

static inline php_addrinfo *address_info_from_obj(zend_object *obj) {
    return (php_addrinfo *)((char *)(obj)-XtOffsetOf(php_addrinfo, std));
}
#define Z_ADDRESS_INFO_P(zv) address_info_from_obj(Z_OBJ_P(zv))

static zend_object *address_info_create_object(zend_class_entry *class_type) {
    php_addrinfo *intern = zend_object_alloc(sizeof(php_addrinfo), class_type);
    zend_object_std_init(&intern->std, class_type);
    object_properties_init(&intern->std, class_type);
    intern->std.handlers = &address_info_object_handlers;
    intern->handle = -1;
    memset(&intern->explained, 0, sizeof intern->explained);
    return &intern->std;
}

static zend_function *address_info_get_constructor(zend_object *object) {
    zend_throw_error(NULL,
                     "Cannot directly construct AddressInfo, use socket_addrinfo_lookup() instead");
    return NULL;
}

static void address_info_free_obj(zend_object *object) {
    php_addrinfo *ai = address_info_from_obj(object);
    if (ai->handle >= 0) {
        php_sockets_sockets_address_info_drop_own(
            (php_sockets_sockets_own_address_info_t){ai->handle});
        php_sockets_types_addrinfo_explained_free(&ai->explained);
        ai->handle = -1;
    }
    zend_object_std_dtor(&ai->std);
}

void sb_address_info_minit(void) {
    zend_class_entry ce;
    INIT_CLASS_ENTRY(ce, "AddressInfo", NULL);
    address_info_ce = zend_register_internal_class_ex(&ce, NULL);
    address_info_ce->ce_flags |=
        ZEND_ACC_FINAL | ZEND_ACC_NO_DYNAMIC_PROPERTIES | ZEND_ACC_NOT_SERIALIZABLE;
    address_info_ce->create_object = address_info_create_object;
    memcpy(&address_info_object_handlers, &std_object_handlers,
           sizeof address_info_object_handlers);
    address_info_object_handlers.offset = XtOffsetOf(php_addrinfo, std);
    address_info_object_handlers.free_obj = address_info_free_obj;
    address_info_object_handlers.get_constructor = address_info_get_constructor;
    address_info_object_handlers.clone_obj = NULL;
    address_info_object_handlers.compare = zend_objects_not_comparable;
}

/* {{{ socket_addrinfo_lookup(string $host, ?string $service = null, array $hints = []): array|false */
PHP_FUNCTION(socket_addrinfo_lookup) {
    zend_string *hostname, *key;
    char *service = NULL;
    size_t service_len = 0;
    zval *hint, *zhints = NULL;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "S|s!a", &hostname, &service, &service_len,
                              &zhints) == FAILURE)
        RETURN_THROWS();

    php_sockets_types_addrinfo_hints_t hints;
    memset(&hints, 0, sizeof hints);
    if (zhints && !HT_IS_PACKED(Z_ARRVAL_P(zhints))) {
        ZEND_HASH_MAP_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(zhints), key, hint) {
            if (!key)
                continue;
            guest_option_s64_t *slot;
            if (zend_string_equals_literal(key, "ai_flags"))
                slot = &hints.ai_flags;
            else if (zend_string_equals_literal(key, "ai_socktype"))
                slot = &hints.ai_socktype;
            else if (zend_string_equals_literal(key, "ai_protocol"))
                slot = &hints.ai_protocol;
            else if (zend_string_equals_literal(key, "ai_family"))
                slot = &hints.ai_family;
            else {
                zend_argument_value_error(3, "must only contain array keys \"ai_flags\", "
                                             "\"ai_socktype\", \"ai_protocol\", or \"ai_family\"");
                RETURN_THROWS();
            }
            slot->is_some = true;
            slot->val = zval_get_long(hint);
#if PHP_VERSION_ID < 80500
            /* Before 8.5 (whose checks the host makes) PHP gives getaddrinfo() each as a C
             * int and any value: one it refuses (a family other than AF_UNSPEC / AF_INET /
             * AF_INET6, a negative type or flags) is a failed lookup, plain false. */
            slot->val = (int)slot->val;
            if (slot == &hints.ai_family ? slot->val != 0 && slot->val != sb_const.af_inet &&
                                               slot->val != sb_const.af_inet6
                                         : slot != &hints.ai_protocol && slot->val < 0)
                RETURN_FALSE;
#endif
        }
        ZEND_HASH_FOREACH_END();
    }

    /* getaddrinfo() sees C strings: they end at the first NUL. A name that is not UTF-8 cannot
     * travel as a WIT string, and resolves to nothing (false, as a failed lookup). */
    size_t host_len = strlen(ZSTR_VAL(hostname));
    if (service)
        service_len = strlen(service);
    if (!sb_is_utf8(ZSTR_VAL(hostname), host_len) || (service && !sb_is_utf8(service, service_len)))
        RETURN_FALSE;
    guest_string_t h = sb_str(ZSTR_VAL(hostname), host_len), s;
    if (service)
        s = sb_str(service, service_len);

    php_sockets_sockets_list_own_address_info_t found;
    php_sockets_types_lookup_error_t err;
    if (!php_sockets_sockets_addrinfo_lookup(&h, service ? &s : NULL, &hints, &found, &err)) {
        if (err.tag == PHP_SOCKETS_TYPES_LOOKUP_ERROR_INVALID_ARGUMENT) {
            sb_throw_invalid((const char *)err.val.invalid_argument.ptr,
                             err.val.invalid_argument.len);
            php_sockets_types_lookup_error_free(&err);
            RETURN_THROWS();
        }
        php_sockets_types_lookup_error_free(&err);
        RETURN_FALSE; /* PHP 8.2 reports a failed lookup as plain false */
    }
    array_init(return_value);
    for (size_t i = 0; i < found.len; i++) {
        zval zaddr;
        object_init_ex(&zaddr, address_info_ce);
        php_addrinfo *ai = Z_ADDRESS_INFO_P(&zaddr);
        ai->handle = found.ptr[i].__handle;
        php_sockets_sockets_method_address_info_explain(
            php_sockets_sockets_borrow_address_info(found.ptr[i]), &ai->explained);
        add_next_index_zval(return_value, &zaddr);
    }
    if (found.len)
        free(found.ptr);
}
/* }}} */

static bool sb_creation_failure(int code) {
    return code == sb_const.e_mfile || code == sb_const.e_nfile || code == sb_const.e_nobufs ||
           code == sb_const.e_nomem || code == sb_const.e_afnosupport ||
           code == sb_const.e_protonosupport || code == sb_const.e_socktnosupport;
}

static void sb_addrinfo_open(INTERNAL_FUNCTION_PARAMETERS, bool bind) {
    zval *arg1;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "O", &arg1, address_info_ce) == FAILURE)
        RETURN_THROWS();
    php_addrinfo *ai = Z_ADDRESS_INFO_P(arg1);
    php_sockets_sockets_borrow_address_info_t b = {ai->handle};
    php_sockets_sockets_own_socket_t own;
    sb_error err;
    bool ok = bind ? php_sockets_sockets_method_address_info_bind(b, &own, &err)
                   : php_sockets_sockets_method_address_info_connect(b, &own, &err);
    if (!ok) {
        /* The host makes the socket and binds (connects) it in one call: the errno says which
         * step failed, as PHP's two warnings do. */
        if (sb_creation_failure(sb_errno_of(&err)))
            sb_fail(&err, SB_WARN_ALWAYS, "Unable to create socket");
        else
            sb_fail(&err, SB_WARN_SOCKET, bind ? "Unable to bind address" : "Unable to connect address");
        if (EG(exception))
            RETURN_THROWS();
        RETURN_FALSE;
    }
    sb_socket_object(return_value, own, (int)ai->explained.ai_family);
}

/* {{{ socket_addrinfo_connect(AddressInfo $address): Socket|false */
PHP_FUNCTION(socket_addrinfo_connect) { sb_addrinfo_open(INTERNAL_FUNCTION_PARAM_PASSTHRU, false); }
/* }}} */

/* {{{ socket_addrinfo_bind(AddressInfo $address): Socket|false */
PHP_FUNCTION(socket_addrinfo_bind) { sb_addrinfo_open(INTERNAL_FUNCTION_PARAM_PASSTHRU, true); }
/* }}} */

/* {{{ socket_addrinfo_explain(AddressInfo $address): array */
PHP_FUNCTION(socket_addrinfo_explain) {
    zval *arg1, sockaddr;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "O", &arg1, address_info_ce) == FAILURE)
        RETURN_THROWS();
    const php_sockets_types_addrinfo_explained_t *e = &Z_ADDRESS_INFO_P(arg1)->explained;
    array_init(return_value);
    add_assoc_long(return_value, "ai_flags", (zend_long)e->ai_flags);
    add_assoc_long(return_value, "ai_family", (zend_long)e->ai_family);
    add_assoc_long(return_value, "ai_socktype", (zend_long)e->ai_socktype);
    add_assoc_long(return_value, "ai_protocol", (zend_long)e->ai_protocol);
    if (e->ai_canonname.is_some)
        add_assoc_stringl(return_value, "ai_canonname", (const char *)e->ai_canonname.val.ptr,
                          e->ai_canonname.val.len);
    array_init(&sockaddr);
    if (e->ai_family == sb_const.af_inet) {
        add_assoc_long(&sockaddr, "sin_port", e->ai_addr.port);
        add_assoc_stringl(&sockaddr, "sin_addr", (const char *)e->ai_addr.addr.ptr,
                          e->ai_addr.addr.len);
    } else if (e->ai_family == sb_const.af_inet6) {
        add_assoc_long(&sockaddr, "sin6_port", e->ai_addr.port);
        add_assoc_stringl(&sockaddr, "sin6_addr", (const char *)e->ai_addr.addr.ptr,
                          e->ai_addr.addr.len);
    }
    add_assoc_zval(return_value, "ai_addr", &sockaddr);
}
/* }}} */
