//! socket_addrinfo_* scenarios (each also in tests/php/scenarios.php where PHP can run it).

use crate::report::{keep, q, report};
use sockbox_guest::*;

/// Runs scenario `name` if this module has it; false otherwise.
pub fn run(name: &str, args: &[String]) -> bool {
    match name {
        "addrinfo-lookup" => lookups(),
        "addrinfo-connect-bind" => connect_bind(),
        "addrinfo-probe" => probe(args),
        _ => return false,
    }
    true
}

fn hints(flags: Option<i64>, socktype: Option<i64>, family: Option<i64>) -> AddrinfoHints {
    AddrinfoHints {
        ai_flags: flags,
        ai_socktype: socktype,
        ai_protocol: None,
        ai_family: family,
    }
}

/// `socket_addrinfo_explain()` as one line.
fn explain(ai: &AddressInfo) -> String {
    let e = socket_addrinfo_explain(ai);
    let canon = e
        .ai_canonname
        .as_deref()
        .map_or("-".into(), |c| q(c.as_bytes()));
    format!(
        "flags {} family {} socktype {} protocol {} canonname {} addr {} port {}",
        e.ai_flags,
        e.ai_family,
        e.ai_socktype,
        e.ai_protocol,
        canon,
        q(e.ai_addr.addr.as_bytes()),
        e.ai_addr.port
    )
}

/// Looks up and prints every result; a failure prints PHP 8.2's `false` (an invalid argument,
/// PHP's exception).
fn lookup(label: &str, host: &str, service: Option<&str>, h: AddrinfoHints) -> Vec<AddressInfo> {
    match socket_addrinfo_lookup(host, service, h) {
        Ok(list) => {
            println!("{label}: {} results", list.len());
            for ai in &list {
                println!("  {}", explain(ai));
            }
            list
        }
        Err(LookupError::Eai(_)) => {
            println!("{label}: false");
            Vec::new()
        }
        Err(LookupError::InvalidArgument(m)) => {
            println!("{label}: ValueError: {m}");
            Vec::new()
        }
    }
}

/// Literal lookups with a spread of hints, and localhost for IPv4.
fn lookups() {
    let stream4 = || hints(None, Some(SOCK_STREAM), Some(AF_INET));
    lookup(
        "127.0.0.1 no hints",
        "127.0.0.1",
        Some("80"),
        hints(None, None, None),
    );
    lookup("127.0.0.1 tcp", "127.0.0.1", Some("80"), stream4());
    lookup(
        "127.0.0.1 canonname",
        "127.0.0.1",
        Some("80"),
        hints(Some(AI_CANONNAME), None, None),
    );
    lookup(
        "::1 udp passive",
        "::1",
        Some("8080"),
        hints(Some(AI_CANONNAME | AI_PASSIVE), Some(SOCK_DGRAM), None),
    );
    lookup("::1 as AF_INET", "::1", Some("80"), stream4());
    lookup("127.1", "127.1", None, stream4());
    lookup("service name", "127.0.0.1", Some("http"), stream4());
    lookup(
        "localhost tcp",
        "localhost",
        Some("443"),
        hints(Some(AI_CANONNAME), Some(SOCK_STREAM), Some(AF_INET)),
    );
    lookup(
        "bad service",
        "127.0.0.1",
        Some("no-such-service"),
        stream4(),
    );
}

/// addrinfo_bind then listen, addrinfo_connect to it, a round trip; UDP bind; a refused
/// connect (global error only).
fn connect_bind() {
    let t = |_: &Socket| "true".to_string();
    let stream4 = hints(None, Some(SOCK_STREAM), Some(AF_INET));
    let Some(ai) = lookup("lookup", "127.0.0.1", Some("0"), stream4).pop() else {
        return;
    };
    let Some(l) = keep("addrinfo_bind", socket_addrinfo_bind(&ai), t) else {
        return;
    };
    report("listen", socket_listen(&l, 5), |_| "true".into());
    let port = socket_getsockname(&l).unwrap().port.unwrap().to_string();
    let stream4 = hints(None, Some(SOCK_STREAM), Some(AF_INET));
    let Some(to) = socket_addrinfo_lookup("127.0.0.1", Some(&port), stream4)
        .ok()
        .and_then(|mut v| v.pop())
    else {
        return;
    };
    let Some(c) = keep("addrinfo_connect", socket_addrinfo_connect(&to), t) else {
        return;
    };
    let s = socket_accept(&l).unwrap();
    report("write", socket_write(&c, "over addrinfo", None), |n| {
        n.to_string()
    });
    report("read", socket_read(&s, 100, PHP_BINARY_READ), |d| q(d));
    report("peer port matches", socket_getpeername(&s), |n| {
        (n.port == socket_getsockname(&c).unwrap().port).to_string()
    });
    let dgram = hints(None, Some(SOCK_DGRAM), Some(AF_INET));
    if let Some(u) = socket_addrinfo_lookup("127.0.0.1", Some("0"), dgram)
        .ok()
        .and_then(|mut v| v.pop())
    {
        report("udp addrinfo_bind", socket_addrinfo_bind(&u), t);
    }
    socket_close(&l).unwrap();
    let stream4 = hints(None, Some(SOCK_STREAM), Some(AF_INET));
    // Port 1: closed, and outside the ephemeral range, so the client can never be handed the
    // same port and connect to itself (as it could with the listener's just-freed port).
    if let Some(gone) = socket_addrinfo_lookup("127.0.0.1", Some("1"), stream4)
        .ok()
        .and_then(|mut v| v.pop())
    {
        socket_clear_error(None);
        report("connect to closed port", socket_addrinfo_connect(&gone), t);
        println!("global error: {}", socket_last_error(None));
    }
}

/// One lookup or addrinfo call against the policy: `addrinfo-probe OP [ARGS]`.
fn probe(args: &[String]) {
    let a = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    let eai = |r: core::result::Result<Vec<AddressInfo>, LookupError>| match r {
        Ok(list) => {
            let shown: Vec<String> = list.iter().map(explain).collect();
            format!("{} [{}]", list.len(), shown.join("; "))
        }
        Err(LookupError::Eai(code)) => format!("EAI {code}"),
        Err(LookupError::InvalidArgument(m)) => format!("ValueError: {m}"),
    };
    let stream = |family| hints(None, Some(SOCK_STREAM), family);
    match a(0) {
        "lookup" => println!(
            "lookup {}: {}",
            a(1),
            eai(socket_addrinfo_lookup(a(1), None, stream(None)))
        ),
        "name-of" => println!(
            "name of {}: {}",
            a(1),
            match name_of_address(a(1)) {
                Ok(name) => name,
                Err(LookupError::Eai(code)) => format!("EAI {code}"),
                Err(LookupError::InvalidArgument(m)) => format!("ValueError: {m}"),
            }
        ),
        "connect" | "bind" => {
            let Some(ai) = socket_addrinfo_lookup(a(1), Some(a(2)), stream(None))
                .ok()
                .and_then(|mut v| v.pop())
            else {
                println!("lookup failed");
                return;
            };
            let r = if a(0) == "connect" {
                socket_addrinfo_connect(&ai)
            } else {
                socket_addrinfo_bind(&ai)
            };
            report(a(0), r, |_| "true".into());
            println!("global error: {}", socket_last_error(None));
        }
        "hints" => {
            for (label, h) in [
                ("flags -256", hints(Some(-256), None, None)),
                ("socktype 2^31", hints(None, Some(1 << 31), None)),
                ("family AF_UNIX", hints(None, None, Some(AF_UNIX))),
                ("family AF_UNSPEC", hints(None, Some(SOCK_STREAM), Some(0))),
            ] {
                println!(
                    "{label}: {}",
                    eai(socket_addrinfo_lookup("127.0.0.1", None, h))
                );
            }
        }
        "localhost" => println!(
            "localhost: {}",
            eai(socket_addrinfo_lookup(
                "localhost",
                Some("80"),
                hints(Some(AI_CANONNAME), Some(SOCK_STREAM), None)
            ))
        ),
        other => println!("unknown addrinfo probe {other}"),
    }
}
