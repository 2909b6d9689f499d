/* sockbox PHP compat (wasm32-wasip2): strerror() gives glibc's texts, as php-cli prints them
 * ("Address already in use", "File name too long", "Too many open files"), where wasi-libc has
 * musl's ("Address in use", "Filename too long", "No file descriptors available"): every
 * warning PHP builds from strerror() then reads as natively. The project's ext/sockets maps
 * the number to Linux's and takes the host's text (php_sockets_linux_strerror(); it calls the
 * real strerror() as `(strerror)(e)` for numbers Linux does not share). */
#ifndef SOCKBOX_COMPAT_STRING_H
#define SOCKBOX_COMPAT_STRING_H

#include_next <string.h>

const char *php_sockets_linux_strerror(int wasi_errno);
#define strerror(e) ((char *)php_sockets_linux_strerror(e))

#endif
