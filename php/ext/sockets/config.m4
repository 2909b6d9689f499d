dnl sockbox's ext/sockets (php:sockets, see php_sockets.h), built into php.wasm by
dnl scripts/php-build with --enable-sockets.
dnl
dnl The configure script PHP ships is generated from PHP's own ext/sockets/config.m4 and is
dnl used as it is (no autoconf here): it compiles exactly the five sources named below with the
dnl tree's flags, so this extension keeps those file names, and scripts/php-build checks that
dnl the list below is the one the shipped configure compiles. None of PHP's platform checks
dnl apply: the extension needs no socket headers, only the php:sockets bindings, which
dnl scripts/php-build puts beside the sources (sockbox.h, gen/guest.h) and links
dnl (guest-sdk/c/sockbox.c, gen/guest.c, gen/guest_component_type.o).

PHP_ARG_ENABLE([sockets],
  [whether to enable sockets support],
  [AS_HELP_STRING([--enable-sockets],
    [Enable sockets support (sockbox php:sockets)])])

if test "$PHP_SOCKETS" != "no"; then
  AC_DEFINE([HAVE_SOCKETS], 1, [ ])
  PHP_NEW_EXTENSION(
    [sockets],
    [sockets.c multicast.c conversions.c sockaddr_conv.c sendrecvmsg.c],
    [$ext_shared],,
    [-DZEND_ENABLE_STATIC_TSRMLS_CACHE=1])
  PHP_INSTALL_HEADERS([ext/sockets/], [php_sockets.h])
fi
