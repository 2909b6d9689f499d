<?php
// exit(N) ends the script with status N, as php-cli.
echo "x\n";
exit(3);
