<?php
// gethostbyaddr() on names that never reach DNS: 127.0.0.1 (/etc/hosts natively, `localhost`
// under sockbox with no rule), and strings that are no address (PHP's warning and false).
// Addresses that would make native php ask DNS are in tests/tests/network.rs, inside a
// namespace with its own hosts file.
foreach (['127.0.0.1', 'not an ip', '', '1.2.3', '127.0.0.1 ', '999.1.1.1',
          '::1::1', '0127.0.0.1', '[::1]', '127.0.0.1%lo'] as $ip) {
    echo json_encode($ip), ' => ';
    var_dump(gethostbyaddr($ip));
}
foreach (["127.0.0.1\0junk", []] as $bad) {
    try {
        gethostbyaddr($bad);
    } catch (Error $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
