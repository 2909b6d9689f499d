//! sendmsg / recvmsg / control-message scenarios (each also in tests/php/scenarios.php where PHP can run it).

use crate::report::{keep, q, report};
use sockbox_guest::*;

/// Runs scenario `name` if this module has it; false otherwise.
pub fn run(name: &str, args: &[String]) -> bool {
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    match name {
        "msg-udp" => udp(),
        "msg-unix-dgram" => unix_dgram(arg(0)),
        "msg-unix-stream" => unix_stream(),
        "msg-rights" => rights(),
        "msg-credentials" => credentials(),
        "msg-ipv6-control" => ipv6_control(),
        "msg-probe" => probe(args),
        _ => return false,
    }
    true
}

fn t<T>(_: &T) -> String {
    "true".into()
}

fn int(n: &usize) -> String {
    n.to_string()
}

/// A message to `addr:port` (no family: the socket's).
fn to(addr: &str, port: i64, iov: &[&str]) -> Message {
    Message {
        name: Some(MsgName {
            addr: Some(addr.into()),
            port: Some(port),
            ..MsgName::default()
        }),
        iov: iov.iter().map(|s| s.as_bytes().to_vec()).collect(),
        control: vec![],
    }
}

fn data(iov: &[&str]) -> Message {
    Message {
        iov: iov.iter().map(|s| s.as_bytes().to_vec()).collect(),
        ..Message::default()
    }
}

fn request(controllen: Option<i64>, buffer_size: Option<i64>, want_name: bool) -> RecvmsgRequest {
    RecvmsgRequest {
        buffer_size,
        controllen,
        want_name,
    }
}

fn cmsg(level: i64, ty: i64, data: CmsgData) -> Cmsg {
    Cmsg {
        level,
        type_: ty,
        data,
    }
}

/// `COUNT iov [..] flags F control [..]`, as the PHP twin prints `$message`.
fn show(m: &ReceivedMessage) -> String {
    let iov: Vec<String> = m.iov.iter().map(|b| q(b)).collect();
    format!(
        "{} iov [{}] flags {} control [{}]",
        m.count,
        iov.join(","),
        m.flags,
        control(&m.control)
    )
}

fn control(c: &[Cmsg]) -> String {
    let items: Vec<String> = c
        .iter()
        .map(|c| {
            let data = match &c.data {
                CmsgData::Rights(r) => format!("rights {}", r.len()),
                CmsgData::Credentials(u) => {
                    format!("pid>0 {} uid {} gid {}", u.pid > 0, u.uid, u.gid)
                }
                CmsgData::Pktinfo(p) => match &p.ifindex {
                    Iface::Index(i) => format!("addr {} ifindex {i}", q(p.addr.as_bytes())),
                    Iface::Name(n) => format!("addr {} ifindex {n}", q(p.addr.as_bytes())),
                },
                CmsgData::Int(i) => i.to_string(),
            };
            format!("{}/{} {data}", c.level, c.type_)
        })
        .collect();
    items.join(",")
}

/// The sender: `null`, `F ADDR port-ok B` (IP, plus flowinfo and scope for IPv6), or
/// `F path-ok B` (AF_UNIX) against what the scenario expects.
fn sender(n: &Option<MsgName>, port: Option<i64>, path: Option<&str>) -> String {
    let Some(n) = n else { return "null".into() };
    let family = n.family.unwrap_or(0);
    match (&n.addr, &n.path) {
        (Some(addr), _) => {
            let mut s = format!("{family} {} port-ok {}", q(addr.as_bytes()), n.port == port);
            if let (Some(f), Some(scope)) = (n.flowinfo, n.scope_id) {
                s.push_str(&format!(" flowinfo {f} scope {scope}"));
            }
            s
        }
        (None, Some(p)) => format!("{family} path-ok {}", Some(p.as_str()) == path),
        (None, None) => format!("{family}"),
    }
}

fn udp_pair() -> (Socket, Socket, i64, i64) {
    let a = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    let b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP).unwrap();
    socket_bind(&a, "127.0.0.1", 0).unwrap();
    socket_bind(&b, "127.0.0.1", 0).unwrap();
    let pa = i64::from(socket_getsockname(&a).unwrap().port.unwrap());
    let pb = i64::from(socket_getsockname(&b).unwrap().port.unwrap());
    (a, b, pa, pb)
}

/// UDP with a destination name, truncation flags, and PHP's checks of both message arrays.
fn udp() {
    let (a, b, pa, pb) = udp_pair();
    let send = |label: &str, m: &Message| report(label, socket_sendmsg(&a, m, &[], 0), int);
    send("sendmsg", &to("127.0.0.1", pb, &["ab", "cd", ""]));
    report(
        "recvmsg",
        socket_recvmsg(&b, request(Some(100), Some(10), true), 0),
        |m| format!("{} name {}", show(m), sender(&m.name, Some(pa), None)),
    );
    send("sendmsg long", &to("127.0.0.1", pb, &["0123456789abcdef"]));
    report(
        "recvmsg short buffer",
        socket_recvmsg(&b, request(Some(100), Some(4), false), 0),
        |m| format!("{} name {}", show(m), sender(&m.name, None, None)),
    );
    send("sendmsg long", &to("127.0.0.1", pb, &["0123456789abcdef"]));
    report(
        "recvmsg MSG_TRUNC",
        socket_recvmsg(&b, request(Some(100), Some(4), false), MSG_TRUNC),
        show,
    );
    let checks: [(&str, RecvmsgRequest); 5] = [
        ("no controllen", request(None, Some(4), false)),
        ("controllen 0", request(Some(0), None, false)),
        ("controllen -1", request(Some(-1), None, false)),
        ("buffer_size -1", request(Some(10), Some(-1), false)),
        (
            "buffer_size 200 MiB",
            request(Some(10), Some(200 << 20), false),
        ),
    ];
    for (label, req) in checks {
        report(label, socket_recvmsg(&b, req, 0), show);
    }
    socket_clear_error(None);
    report(
        "recvmsg dontwait",
        socket_recvmsg(&b, request(Some(10), None, false), MSG_DONTWAIT),
        show,
    );
    println!(
        "global error: {} socket error: {}",
        socket_last_error(None),
        socket_last_error(Some(&b))
    );
    send("port 70000", &to("127.0.0.1", 70000, &["x"]));
    let family = |f: i64| Message {
        name: Some(MsgName {
            family: Some(f),
            path: Some("x".into()),
            addr: Some("::1".into()),
            ..MsgName::default()
        }),
        ..data(&["x"])
    };
    send("family AF_UNIX", &family(AF_UNIX));
    send("family AF_INET6", &family(AF_INET6));
    send("family 99", &family(99));
    send("no name", &data(&["x"]));
    println!(
        "global error: {} socket error: {}",
        socket_last_error(None),
        socket_last_error(Some(&a))
    );
    let with = |c: Cmsg| Message {
        control: vec![c],
        ..to("127.0.0.1", pb, &["x"])
    };
    send("cmsg 99/1", &with(cmsg(99, 1, CmsgData::Int(1))));
    let rights = cmsg(SOL_SOCKET, SCM_RIGHTS, CmsgData::Rights(vec![]));
    send("rights empty", &with(rights));
    let ints = cmsg(SOL_SOCKET, SCM_RIGHTS, CmsgData::Int(5));
    send("rights int", &with(ints));
    let creds = cmsg(
        SOL_SOCKET,
        SCM_CREDENTIALS,
        CmsgData::Credentials(Ucred {
            pid: -1,
            uid: 0,
            gid: 0,
        }),
    );
    send("credentials pid -1", &with(creds));
    let hoplimit = cmsg(IPPROTO_IPV6, IPV6_HOPLIMIT, CmsgData::Int(1 << 40));
    send("hoplimit 2^40", &with(hoplimit));
    report(
        "flags -1",
        socket_sendmsg(&a, &to("127.0.0.1", pb, &["x"]), &[], -1),
        int,
    );
}

/// AF_UNIX datagrams to a path: the receiver learns the sender's path.
fn unix_dgram(dir: &str) {
    let (pa, pb) = (format!("{dir}/a.sock"), format!("{dir}/b.sock"));
    let a = socket_create(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    let b = socket_create(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    socket_bind(&a, &pa, 0).unwrap();
    socket_bind(&b, &pb, 0).unwrap();
    let named = |path: &str, family: Option<i64>| Message {
        name: Some(MsgName {
            family,
            path: Some(path.into()),
            ..MsgName::default()
        }),
        ..data(&["to b"])
    };
    report(
        "sendmsg",
        socket_sendmsg(&a, &named(&pb, None), &[], 0),
        int,
    );
    report(
        "recvmsg",
        socket_recvmsg(&b, request(Some(1), None, true), 0),
        |m| format!("{} name {}", show(m), sender(&m.name, None, Some(&pa))),
    );
    report(
        "empty path",
        socket_sendmsg(&a, &named("", None), &[], 0),
        int,
    );
    let long = "x".repeat(108);
    report(
        "long path",
        socket_sendmsg(&a, &named(&long, None), &[], 0),
        int,
    );
    report(
        "family AF_INET",
        socket_sendmsg(&a, &named(&pb, Some(AF_INET)), &[], 0),
        int,
    );
    let anon = socket_create(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    report(
        "unnamed sender",
        socket_sendmsg(&anon, &named(&pb, None), &[], 0),
        int,
    );
    report(
        "recvmsg",
        socket_recvmsg(&b, request(Some(1), None, true), 0),
        |m| format!("{} name {}", show(m), sender(&m.name, None, None)),
    );
}

/// A stream pair: buffers arrive as one, no sender name, end of stream is a zero count.
fn unix_stream() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    report(
        "sendmsg",
        socket_sendmsg(&a, &data(&["st", "ream"]), &[], 0),
        int,
    );
    report(
        "recvmsg",
        socket_recvmsg(&b, request(Some(1), None, true), 0),
        |m| format!("{} name {}", show(m), sender(&m.name, None, None)),
    );
    report(
        "sendmsg nothing",
        socket_sendmsg(&a, &data(&[]), &[], 0),
        int,
    );
    socket_close(&a).unwrap();
    report(
        "recvmsg at eof",
        socket_recvmsg(&b, request(Some(1), None, false), 0),
        show,
    );
}

/// SCM_RIGHTS: a socket passed over a socket pair, used on the other side; then two passed
/// with room for one descriptor.
fn rights() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let (x, y) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let pass = |positions: Vec<u32>| Message {
        control: vec![cmsg(SOL_SOCKET, SCM_RIGHTS, CmsgData::Rights(positions))],
        ..data(&["fd"])
    };
    report("sendmsg", socket_sendmsg(&a, &pass(vec![0]), &[&x], 0), int);
    report("close x", socket_close(&x), t);
    let space = socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1).unwrap() as i64;
    let Some(m) = keep(
        "recvmsg",
        socket_recvmsg(&b, request(Some(space), None, false), 0),
        show,
    ) else {
        return;
    };
    let Some(CmsgData::Rights(positions)) = m.control.first().map(|c| &c.data) else {
        return;
    };
    let got = &m.rights[positions[0] as usize];
    report(
        "write via passed",
        socket_write(got, "via passed", None),
        |n| n.to_string(),
    );
    report("read", socket_read(&y, 100, PHP_BINARY_READ), |d| q(d));
    report("passed name", socket_getsockname(got), |n| {
        q(n.address.as_bytes())
    });
    let (p, r) = socket_create_pair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    report(
        "sendmsg two",
        socket_sendmsg(&a, &pass(vec![0, 1]), &[&p, &r], 0),
        int,
    );
    // CMSG_LEN(sizeof(int)): room for exactly one descriptor.
    report(
        "recvmsg room for one",
        socket_recvmsg(&b, request(Some(20), None, false), 0),
        |m| format!("{} sockets {}", show(m), m.rights.len()),
    );
}

/// SCM_CREDENTIALS: the kernel attaches the sender's credentials once SO_PASSCRED is set, and
/// a sender may state its own.
fn credentials() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    report(
        "SO_PASSCRED",
        socket_set_option(&b, SOL_SOCKET, SO_PASSCRED, OptionValue::Int(1)),
        t,
    );
    report(
        "sendmsg",
        socket_sendmsg(&a, &data(&["creds"]), &[], 0),
        int,
    );
    let space = socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS, 0).unwrap() as i64;
    let Some(m) = keep(
        "recvmsg",
        socket_recvmsg(&b, request(Some(space), None, true), 0),
        |m| format!("{} name {}", show(m), sender(&m.name, None, None)),
    ) else {
        return;
    };
    let stated = Message {
        control: m.control.clone(),
        ..data(&["stated"])
    };
    report(
        "sendmsg own credentials",
        socket_sendmsg(&a, &stated, &[], 0),
        int,
    );
    report(
        "recvmsg",
        socket_recvmsg(&b, request(Some(space), None, false), 0),
        show,
    );
    report("sendmsg", socket_sendmsg(&a, &data(&["x"]), &[], 0), int);
    report(
        "recvmsg no room",
        socket_recvmsg(&b, request(Some(8), None, false), 0),
        show,
    );
}

/// IPv6 ancillary data: TCLASS and PKTINFO sent, PKTINFO / HOPLIMIT / TCLASS received.
fn ipv6_control() {
    let a = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP).unwrap();
    let b = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP).unwrap();
    socket_bind(&a, "::1", 0).unwrap();
    socket_bind(&b, "::1", 0).unwrap();
    let pa = i64::from(socket_getsockname(&a).unwrap().port.unwrap());
    let pb = i64::from(socket_getsockname(&b).unwrap().port.unwrap());
    for (label, opt) in [
        ("IPV6_RECVPKTINFO", IPV6_RECVPKTINFO),
        ("IPV6_RECVHOPLIMIT", IPV6_RECVHOPLIMIT),
        ("IPV6_RECVTCLASS", IPV6_RECVTCLASS),
    ] {
        report(
            label,
            socket_set_option(&b, IPPROTO_IPV6, opt, OptionValue::Int(1)),
            t,
        );
    }
    let pktinfo = Pktinfo {
        addr: "::1".into(),
        ifindex: Iface::Index(0),
    };
    let m = Message {
        control: vec![
            cmsg(IPPROTO_IPV6, IPV6_TCLASS, CmsgData::Int(40)),
            cmsg(IPPROTO_IPV6, IPV6_PKTINFO, CmsgData::Pktinfo(pktinfo)),
        ],
        ..to("::1", pb, &["v6"])
    };
    report("sendmsg", socket_sendmsg(&a, &m, &[], 0), int);
    report(
        "recvmsg",
        socket_recvmsg(&b, request(Some(200), None, true), 0),
        |m| format!("{} name {}", show(m), sender(&m.name, Some(pa), None)),
    );
}

/// One sendmsg / recvmsg against the policy or the limits: `msg-probe OP [ARGS]`.
fn probe(args: &[String]) {
    let a = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    let n = |i: usize| a(i).parse::<i64>().unwrap_or(0);
    match a(0) {
        "sendmsg" => {
            let family = if a(1).contains(':') {
                AF_INET6
            } else {
                AF_INET
            };
            let s = socket_create(family, SOCK_DGRAM, SOL_UDP).unwrap();
            report(
                "sendmsg",
                socket_sendmsg(&s, &to(a(1), n(2), &["x"]), &[], 0),
                int,
            );
        }
        "unix-sendmsg" => {
            let s = socket_create(AF_UNIX, SOCK_DGRAM, 0).unwrap();
            let m = Message {
                name: Some(MsgName {
                    path: Some(a(1).into()),
                    ..MsgName::default()
                }),
                ..data(&["x"])
            };
            report("sendmsg", socket_sendmsg(&s, &m, &[], 0), int);
        }
        "recv-rights" => recv_rights(a(1)),
        "rights-limit" => rights_limit(),
        "rights-errors" => rights_errors(),
        "forged-credentials" => forged_credentials(),
        "recvmsg-cap" => {
            let (x, y) = socket_create_pair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
            socket_write(&x, vec![7u8; 10_000], None).unwrap();
            report(
                "recvmsg 100 MiB buffer",
                socket_recvmsg(&y, request(Some(1 << 30), Some(100 << 20), false), 0),
                |m| format!("{} kept {} flags {}", m.count, m.iov[0].len(), m.flags),
            );
        }
        other => println!("unknown msg probe {other}"),
    }
}

/// Connects to a unix socket whose (native) peer passes descriptors, and uses what arrives.
fn recv_rights(path: &str) {
    let s = socket_create(AF_UNIX, SOCK_STREAM, 0).unwrap();
    report("connect", socket_connect(&s, path, None), t);
    let space = socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 4).unwrap() as i64;
    let Some(m) = keep(
        "recvmsg",
        socket_recvmsg(&s, request(Some(space), None, false), 0),
        |m| format!("{} sockets {}", show(m), m.rights.len()),
    ) else {
        return;
    };
    for got in &m.rights {
        report(
            "write via passed",
            socket_write(got, "from the guest", None),
            |n| n.to_string(),
        );
    }
}

/// Two sockets passed to a guest with room for one more socket: one arrives, MSG_CTRUNC.
fn rights_limit() {
    let (a, b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let (x, y) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let m = Message {
        control: vec![cmsg(SOL_SOCKET, SCM_RIGHTS, CmsgData::Rights(vec![0, 1]))],
        ..data(&["fd"])
    };
    report("sendmsg", socket_sendmsg(&a, &m, &[&x, &y], 0), int);
    let space = socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 2).unwrap() as i64;
    report(
        "recvmsg",
        socket_recvmsg(&b, request(Some(space), None, false), 0),
        |m| format!("{} sockets {}", show(m), m.rights.len()),
    );
}

/// SCM_RIGHTS naming what it cannot pass.
fn rights_errors() {
    let (a, _b) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let (x, _y) = socket_create_pair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let m = Message {
        control: vec![cmsg(SOL_SOCKET, SCM_RIGHTS, CmsgData::Rights(vec![0, 1]))],
        ..data(&["fd"])
    };
    report(
        "position out of range",
        socket_sendmsg(&a, &m, &[&x], 0),
        int,
    );
    socket_close(&x).unwrap();
    report("closed socket", socket_sendmsg(&a, &m, &[&x, &x], 0), int);
}

/// Credentials other than the host process's own are refused as the kernel refuses an
/// unprivileged sender, whatever the host's privileges.
fn forged_credentials() {
    let (a, _b) = socket_create_pair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    let m = Message {
        control: vec![cmsg(
            SOL_SOCKET,
            SCM_CREDENTIALS,
            CmsgData::Credentials(Ucred {
                pid: 1,
                uid: 0,
                gid: 0,
            }),
        )],
        ..data(&["forged"])
    };
    report("sendmsg pid 1", socket_sendmsg(&a, &m, &[], 0), int);
    println!("global error: {}", socket_last_error(None));
}
