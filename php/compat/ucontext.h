/* sockbox PHP compat (wasm32-wasip2): ucontext.h, which wasi-libc does not have.
 *
 * PHP's configure insists on ucontext.h when its fiber assembly is off, and Zend/zend_fibers.c
 * is then written against it. WebAssembly cannot switch stacks, so fibers are refused before
 * any of this is used (php/patches/fibers-refuse.patch); these bodies only let the file
 * compile and link. */
#ifndef SOCKBOX_COMPAT_UCONTEXT_H
#define SOCKBOX_COMPAT_UCONTEXT_H

#include <errno.h>
#include <stddef.h>

typedef struct {
    void *ss_sp;
    int ss_flags;
    size_t ss_size;
} stack_t;

typedef struct ucontext_t {
    struct ucontext_t *uc_link;
    stack_t uc_stack;
} ucontext_t;

static inline int getcontext(ucontext_t *ucp) { (void)ucp; errno = ENOSYS; return -1; }
static inline int setcontext(const ucontext_t *ucp) { (void)ucp; errno = ENOSYS; return -1; }
static inline void makecontext(ucontext_t *ucp, void (*func)(void), int argc, ...) { (void)ucp; (void)func; (void)argc; }
static inline int swapcontext(ucontext_t *oucp, const ucontext_t *ucp) { (void)oucp; (void)ucp; errno = ENOSYS; return -1; }

#endif
