<?php
// ReflectionClass of Socket and AddressInfo: flags, methods, properties, __toString().
function t($f) { try { $r = $f(); echo "ok: "; var_dump($r); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
foreach (['Socket', 'AddressInfo'] as $cn) {
    $c = new ReflectionClass($cn);
    echo $c->__toString();
    echo "final=", (int)$c->isFinal(), " abstract=", (int)$c->isAbstract(), " clone=", (int)$c->isCloneable(),
        " inst=", (int)$c->isInstantiable(), " internal=", (int)$c->isInternal(), " iface=", (int)$c->isInterface(),
        " ext=", var_export($c->getExtensionName(), true), " parent=", var_export($c->getParentClass(), true),
        " ctor=", var_export($c->getConstructor(), true), " iter=", (int)$c->isIterable(), "\n";
    echo "modifiers=", $c->getModifiers(), " ", implode(' ', Reflection::getModifierNames($c->getModifiers())), "\n";
    var_dump($c->getMethods(), $c->getProperties(), $c->getAttributes(), $c->getInterfaceNames(), $c->getConstants(), $c->getTraitNames());
    var_dump($c->getStaticProperties(), $c->getDefaultProperties(), $c->getDocComment(), $c->getFileName(), $c->getStartLine());
    var_dump(class_implements($cn), class_parents($cn), get_class_methods($cn), get_class_vars($cn));
    var_dump($c->isReadOnly() ?? null);
    t(fn() => new $cn());
    t(fn() => $c->newInstance());
    t(fn() => $c->newInstanceWithoutConstructor());
    t(fn() => $c->newInstanceArgs([]));
    t(fn() => unserialize('O:' . strlen($cn) . ':"' . $cn . '":0:{}'));
    t(fn() => unserialize('C:' . strlen($cn) . ':"' . $cn . '":0:{}'));
}
var_dump(class_exists('Socket'), class_exists('socket'), class_exists('AddressInfo'), interface_exists('Socket'));
$r = new ReflectionClass('socket'); echo $r->getName(), "\n";
