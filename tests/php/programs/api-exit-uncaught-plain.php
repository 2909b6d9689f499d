<?php
// An uncaught exception: PHP's message, shutdown functions, status 255.
echo "before\n";
throw new Exception("x");
