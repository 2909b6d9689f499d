<?php
// ReflectionFunction of every ext/sockets function: parameters, types, defaults, by-reference, return type, __toString().
$fs = array_values(array_diff(get_extension_funcs('sockets'), ['socket_atmark', 'stream_socket_pair'])); // those two: ext-ownership
echo count($fs), "\n";
foreach ($fs as $f) {
    $r = new ReflectionFunction($f);
    echo $r->__toString();
    echo $f, " req=", $r->getNumberOfRequiredParameters(), " n=", $r->getNumberOfParameters(),
        " ret=", var_export((string)$r->getReturnType(), true), " depr=", (int)$r->isDeprecated(),
        " byref=", (int)$r->returnsReference(), " variadic=", (int)$r->isVariadic(), " internal=", (int)$r->isInternal(),
        " ext=", $r->getExtensionName(), " tentative=", (int)$r->hasTentativeReturnType(), "\n";
    echo "  doc=", var_export($r->getDocComment(), true), " attrs=", count($r->getAttributes()), "\n";
    foreach ($r->getParameters() as $p) {
        echo "  #", $p->getPosition(), " \$", $p->getName(), " type=", var_export((string)$p->getType(), true),
            " allowsNull=", (int)$p->allowsNull(), " opt=", (int)$p->isOptional(), " ref=", (int)$p->isPassedByReference(),
            " canByVal=", (int)$p->canBePassedByValue(),
            " var=", (int)$p->isVariadic(), " defAvail=", (int)$p->isDefaultValueAvailable();
        if ($p->isDefaultValueAvailable()) {
            echo " def=", var_export($p->getDefaultValue(), true), " isConst=", (int)$p->isDefaultValueConstant();
            if ($p->isDefaultValueConstant()) echo " cname=", $p->getDefaultValueConstantName();
        }
        $t = $p->getType();
        if ($t) echo " tclass=", get_class($t), " builtin=", ($t instanceof ReflectionNamedType ? (int)$t->isBuiltin() : '-');
        echo "\n";
        echo "  ", $p->__toString(), "\n";
    }
}
