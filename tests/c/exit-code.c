/*
 * `exit-code N`: exits with status N through wasi:cli 0.2.12's `exit-with-code` (bindings in
 * tests/c/gen, from tests/c/wit), where wasi-libc's exit(N) would report only failure. The
 * tests check that N is what `sockbox run` exits with.
 */
#include <stdio.h>
#include <stdlib.h>

#include "exit_code.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: exit-code N (0..255)\n");
        return 2;
    }
    int code = atoi(argv[1]);
    printf("exiting with %d\n", code);
    fflush(stdout);
    wasi_cli_exit_exit_with_code((uint8_t)code);
    return 0; /* not reached */
}
