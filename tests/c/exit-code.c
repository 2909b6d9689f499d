/*
 * `exit-code N`: exit(N) in a guest linked with the C SDK, whose _Exit reports N through
 * wasi:cli's exit-with-code (wasi-libc's own reports only success or failure). The tests
 * check that N is what `sockbox run` exits with.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: exit-code N (0..255)\n");
        return 2;
    }
    int code = atoi(argv[1]);
    printf("exiting with %d\n", code);
    exit(code);
}
