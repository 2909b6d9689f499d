/*
 * sendrecvmsg.c: socket_sendmsg(), socket_recvmsg(), socket_cmsg_space(). The message arrays
 * are converted in conversions.c; SCM_RIGHTS sockets travel in sendmsg's `rights` list.
 */
#define SOCKBOX_EXT_INTERNAL
#include "php_sockets.h"

#include <limits.h>

#define SB_CHECK_INT_ARG(l, arg_pos)                                                         \
    do {                                                                                     \
        if (ZEND_LONG_EXCEEDS_INT(l)) {                                                      \
            zend_argument_value_error((arg_pos), "must be between %d and %d", INT_MIN, INT_MAX); \
            RETURN_THROWS();                                                                 \
        }                                                                                    \
    } while (0)

/* {{{ socket_sendmsg(Socket $socket, array $message, int $flags = 0): int|false */
PHP_FUNCTION(socket_sendmsg) {
    zval *zsocket, *zmsg;
    zend_long flags = 0;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Oa|l", &zsocket, socket_ce, &zmsg, &flags) ==
        FAILURE)
        RETURN_THROWS();
    SB_CHECK_INT_ARG(flags, 3);
    php_socket *sock = Z_SOCKET_P(zsocket);
    ENSURE_SOCKET_VALID(sock);

    php_sockets_types_message_t msg;
    sb_msg_buf buf = {0};
    if (!sb_msg_from_zval(zmsg, sock, &msg, &buf)) {
        sb_msg_buf_free(&buf);
        if (EG(exception))
            RETURN_THROWS();
        RETURN_FALSE;
    }
    php_sockets_sockets_list_borrow_socket_t rights = {buf.rights, buf.nrights};
    uint64_t sent;
    sb_error err;
    bool ok = php_sockets_sockets_method_socket_sendmsg(sb_borrow(sock), &msg, &rights, flags,
                                                        &sent, &err);
    if (!ok) {
        int code = sb_errno_of(&err);
        if (code <= -10000 && msg.name.is_some && msg.name.val.addr.is_some) {
            /* PHP resolves `name['addr']` while converting: a failed lookup is its warning, then
             * the conversion's. */
            bool v6 = msg.name.val.family.is_some ? msg.name.val.family.val == sb_const.af_inet6
                                                  : sock->family == sb_const.af_inet6;
            php_error_docref(NULL, E_WARNING, "Host lookup failed [%d]: %s", code, sb_strerror(code));
            php_error_docref(NULL, E_WARNING,
                             "error converting user data (path: msghdr > name > addr): could not "
                             "resolve address '%.*s' to get an %s address",
                             (int)msg.name.val.addr.val.len, (const char *)msg.name.val.addr.val.ptr,
                             v6 ? "AF_INET6" : "AF_INET");
            php_sockets_types_error_free(&err);
        } else {
            sb_fail(&err, SB_WARN_SOCKET, "Error in sendmsg");
        }
        sb_msg_buf_free(&buf);
        if (EG(exception))
            RETURN_THROWS();
        RETURN_FALSE;
    }
    sb_msg_buf_free(&buf);
    RETURN_LONG((zend_long)sent);
}
/* }}} */

/* {{{ socket_recvmsg(Socket $socket, array &$message, int $flags = 0): int|false */
PHP_FUNCTION(socket_recvmsg) {
    zval *zsocket, *zmsg;
    zend_long flags = 0;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "Oa|l", &zsocket, socket_ce, &zmsg, &flags) ==
        FAILURE)
        RETURN_THROWS();
    SB_CHECK_INT_ARG(flags, 3);
    php_socket *sock = Z_SOCKET_P(zsocket);
    ENSURE_SOCKET_VALID(sock);

    php_sockets_types_recvmsg_request_t req;
    if (!sb_recv_request_from_zval(zmsg, sock, &req)) {
        if (EG(exception))
            RETURN_THROWS();
        RETURN_FALSE;
    }
    php_sockets_sockets_tuple2_received_message_list_own_socket_t got;
    sb_error err;
    if (!php_sockets_sockets_method_socket_recvmsg(sb_borrow(sock), &req, flags, &got, &err)) {
        sb_fail(&err, SB_WARN_ALWAYS, "Error in recvmsg");
        if (EG(exception))
            RETURN_THROWS();
        RETURN_FALSE;
    }
    zval result;
    if (got.f0.control_error.is_some) {
        /* A control message PHP cannot convert: PHP's warning, and false for the message
         * (the sockets that came with it are closed: nothing in PHP holds them). */
        const guest_string_t *why = &got.f0.control_error.val;
        php_error_docref(NULL, E_WARNING, "%.*s", (int)why->len, (const char *)why->ptr);
        for (size_t i = 0; i < got.f1.len; i++)
            php_sockets_sockets_socket_drop_own(got.f1.ptr[i]);
        if (got.f1.len)
            free(got.f1.ptr);
        ZVAL_FALSE(&result);
    } else {
        sb_received_to_zval(&got.f0, &got.f1, &result);
    }
    zend_long count = (zend_long)got.f0.count;
    php_sockets_types_received_message_free(&got.f0);
    zval_ptr_dtor(zmsg);
    ZVAL_COPY_VALUE(zmsg, &result);
    RETURN_LONG(count);
}
/* }}} */

/* {{{ socket_cmsg_space(int $level, int $type, int $num = 0): ?int */
PHP_FUNCTION(socket_cmsg_space) {
    zend_long level, type, n = 0;
    if (zend_parse_parameters(ZEND_NUM_ARGS(), "ll|l", &level, &type, &n) == FAILURE)
        RETURN_THROWS();
    SB_CHECK_INT_ARG(level, 1);
    SB_CHECK_INT_ARG(type, 2);
    SB_CHECK_INT_ARG(n, 3);
    uint64_t space;
    sb_error err;
    if (!php_sockets_sockets_cmsg_space(level, type, n, &space, &err)) {
        sb_fail(&err, SB_WARN_SOCKET, "Unable to compute space");
        if (EG(exception))
            RETURN_THROWS();
        RETURN_NULL();
    }
    RETURN_LONG((zend_long)space);
}
/* }}} */
