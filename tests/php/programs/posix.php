<?php
// ext/posix as a daemon-ish tool uses it: its own pid, "is it alive" probes, errors by number
// and text. (What depends on the machine, uids and the parent, is left out.)
var_dump(posix_getpid() === getmypid(), posix_getpgrp() > 0);
var_dump(posix_kill(posix_getpid(), 0));
// above pid_max (2^22): no such process
var_dump(posix_kill(4194305, 0), posix_get_last_error(), posix_strerror(posix_get_last_error()));
var_dump(posix_kill(posix_getpid(), 999), posix_errno(), posix_strerror(posix_errno()));
var_dump(posix_access(__DIR__ . '/no-such-file', POSIX_R_OK), posix_get_last_error(), posix_strerror(2));
var_dump(posix_access(__FILE__, POSIX_R_OK), posix_getcwd() !== false, posix_strerror(0), posix_strerror(4000));
var_dump(is_array(posix_uname()), is_array(posix_times()), posix_isatty(fopen(__FILE__, 'r')), posix_ttyname(fopen(__FILE__, 'r')));
var_dump(POSIX_F_OK, POSIX_W_OK);
