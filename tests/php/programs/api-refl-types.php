<?php
// Parameter and return types of ext/sockets functions as strings, with nullability.
set_error_handler(function ($no, $msg) { echo "  E$no: $msg\n"; return true; });
function ty($t) {
    if ($t === null) return 'none';
    $o = get_class($t) . '(' . (int)$t->allowsNull() . ')';
    if ($t instanceof ReflectionNamedType) return $o . ':' . $t->getName() . ':' . (int)$t->isBuiltin();
    return $o . '[' . implode(',', array_map('ty', $t->getTypes())) . ']';
}
$fs = get_extension_funcs('sockets');
foreach (['socket_select', 'socket_create', 'socket_accept', 'socket_last_error', 'socket_import_stream', 'socket_export_stream',
          'socket_get_option', 'socket_cmsg_space', 'socket_addrinfo_lookup', 'socket_addrinfo_bind', 'socket_recvmsg', 'socket_close', 'socket_getopt', 'socket_setopt'] as $f) {
    $r = new ReflectionFunction($f);
    echo "$f ret=", ty($r->getReturnType()), " tent=", ty($r->getTentativeReturnType()), " name=", $r->getName(), " short=", $r->getShortName(), " ns=", var_export($r->getNamespaceName(), true),
        " file=", var_export($r->getFileName(), true), " line=", var_export($r->getStartLine(), true), " closure=", (int)$r->isClosure(),
        " gen=", (int)$r->isGenerator(), " static=", var_export($r->getStaticVariables(), true), " user=", (int)$r->isUserDefined(), "\n";
    foreach ($r->getParameters() as $p) {
        echo "  ", $p->getName(), " ", ty($p->getType()), " arr=", (int)@$p->isArray(), " call=", (int)@$p->isCallable(), " cls=", var_export(@$p->getClass()?->getName(), true),
            " promoted=", (int)$p->isPromoted(), " fn=", $p->getDeclaringFunction()->getName(), " dc=", var_export($p->getDeclaringClass(), true), "\n";
        if ($p->isDefaultValueAvailable()) { echo "   def: "; var_dump($p->getDefaultValue()); }
    }
    $c = $r->getClosure();
    echo "  closure: ", get_class($c), " ", (new ReflectionFunction($c))->getName(), "\n";
    echo "  ext: ", $r->getExtension()->getName(), "\n";
}
$p = new ReflectionParameter('socket_read', 'mode'); echo $p, "\n";
$p = new ReflectionParameter('socket_read', 2); echo $p, "\n";
try { new ReflectionParameter('socket_read', 5); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
try { new ReflectionParameter('socket_read', 'nope'); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
try { new ReflectionFunction('socket_nope'); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
try { socket_nope(); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
var_dump(function_exists('socket_create'), function_exists('socket_getopt'), function_exists('socket_wsaprotocol_info_export'),
    function_exists('socket_wsaprotocol_info_import'), function_exists('socket_wsaprotocol_info_release'), function_exists('socket_set_timeout'));
// get_defined_functions() order: fn-order; socket_atmark: ext-ownership
