<?php
// An uncaught exception from socket code (a ValueError): status 255, as php-cli.
echo "before\n";
socket_strerror(PHP_INT_MAX);
