/*
 * setjmp/longjmp in a wasm32-wasip2 guest (PHP's zend_try / zend_bailout need exactly this).
 * main() setjmp's, calls three functions deep, and the innermost longjmp's back out. What it
 * prints proves the unwinding was right: the value longjmp passed arrives, the code after the
 * innermost call never runs, and a local of main() changed before the jump (volatile, as C
 * requires) keeps its new value. A second round checks that the jump buffer can be reused.
 *
 * Built with -mexception-handling -mllvm -wasm-enable-sjlj (scripts/c-toolchain's wrapper), so
 * the host must load wasm exceptions: "exceptions proposal not enabled" means it does not.
 */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth_reached;

static void level3(int round) {
    depth_reached = 3;
    printf("level3: longjmp(env, %d)\n", 40 + round);
    longjmp(env, 40 + round);
}

static void level2(int round) {
    depth_reached = 2;
    level3(round);
    puts("level2: not reached");
}

static void level1(int round) {
    depth_reached = 1;
    level2(round);
    puts("level1: not reached");
}

int main(void) {
    volatile int rounds = 0;
    for (int round = 1; round <= 2; round++) {
        int value = setjmp(env);
        if (value == 0) {
            rounds++;
            printf("round %d: setjmp returned 0, calling level1\n", round);
            level1(round);
            puts("main: not reached");
            return 1;
        }
        printf("round %d: setjmp returned %d after depth %d, rounds=%d\n", round, value,
               depth_reached, rounds);
        if (value != 40 + round || depth_reached != 3 || rounds != round)
            return 1;
    }
    puts("unwound correctly");
    return 0;
}
