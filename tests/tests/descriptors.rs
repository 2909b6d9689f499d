//! Tests that count the host process's descriptors: a binary of their own, run one at a time,
//! so no other test opens or closes descriptors meanwhile.

use sockbox::bindings::php::sockets::sockets::{Host, HostSocket};
use sockbox::bindings::php::sockets::types::{Error as WitError, OptionValue};
use sockbox::{HostError, Limits, Policy};
use sockbox_tests::{HostGuest, config, run, run_async, tokio_runtime};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use wasmtime::component::Resource;

/// Descriptors the process may have open in this binary: low, so the budget is reachable.
const NOFILE: u64 = 512;

/// Serialises the tests and lowers `RLIMIT_NOFILE` before any socket exists (the host reads
/// its descriptor budget from it once).
fn exclusive() -> MutexGuard<'static, ()> {
    static LOCK: OnceLock<Mutex<()>> = OnceLock::new();
    let lock = LOCK.get_or_init(|| {
        let limit = libc::rlimit {
            rlim_cur: NOFILE,
            rlim_max: NOFILE.max(current_hard_limit()),
        };
        // SAFETY: setrlimit reads a valid rlimit; lowering the soft limit is always allowed.
        assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) }, 0);
        Mutex::new(())
    });
    lock.lock().unwrap_or_else(|e| e.into_inner())
}

fn current_hard_limit() -> u64 {
    let mut l = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit through a valid pointer.
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) }, 0);
    l.rlim_max
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    sockbox_tests::block_on_bounded(Duration::from_secs(20), f)
}

/// A guest whose only limit is `max_sockets`.
fn guest(max_sockets: usize) -> HostGuest {
    HostGuest::with_limits(
        Policy::deny_all(),
        Limits::default().max_sockets(max_sockets),
    )
}

fn is_emfile<T>(r: &Result<T, HostError>) -> bool {
    matches!(r, Err(HostError::Php(WitError::Errno(libc::EMFILE))))
}

#[test]
fn exported_streams_hold_a_socket_slot_after_close() {
    let _one = exclusive();
    let before = open_fds();
    let mut g = guest(8);
    let streams = block_on(async {
        let mut streams = Vec::new();
        let mut refused = false;
        for _ in 0..40 {
            let s = match Host::create(&mut g.v(), 1, 1, 0).await {
                Ok(s) => s,
                Err(e) => {
                    refused = is_emfile(&Err::<(), _>(e));
                    break;
                }
            };
            let r = HostSocket::export_stream(&mut g.v(), Resource::new_borrow(s.rep())).await;
            let Ok(pair) = r else {
                refused = is_emfile(&r);
                HostSocket::drop(&mut g.v(), s).await.unwrap();
                break;
            };
            streams.push(pair);
            HostSocket::close(&mut g.v(), Resource::new_borrow(s.rep()))
                .await
                .unwrap();
        }
        assert!(
            refused,
            "create/export/close never reached the socket limit"
        );
        streams
    });
    assert!(
        open_fds() <= before + 8,
        "{} descriptors held under a limit of 8",
        open_fds() - before
    );
    // Giving the streams back gives the slots back.
    for (input, output) in streams {
        g.table.delete(input).unwrap();
        g.table.delete(output).unwrap();
    }
    assert_eq!(g.ctx.open_sockets(), 0);
    assert!(open_fds() <= before);
}

#[test]
fn reading_peer_pidfd_installs_no_descriptor() {
    let _one = exclusive();
    let mut g = guest(8);
    block_on(async {
        let (a, _b) = Host::create_pair(&mut g.v(), 1, 1, 0).await.unwrap();
        let before = open_fds();
        for option in [77, 76] {
            for _ in 0..20 {
                let h = Resource::new_borrow(a.rep());
                let _ = HostSocket::get_option(&mut g.v(), h, 1, option).await;
                let h = Resource::new_borrow(a.rep());
                let _ = HostSocket::set_option(&mut g.v(), h, 1, option, OptionValue::Int(1)).await;
            }
        }
        assert_eq!(open_fds(), before);
    });
}

#[test]
fn guests_together_cannot_take_the_hosts_last_descriptors() {
    let _one = exclusive();
    let budget = sockbox::host_descriptor_limit();
    assert!(budget < NOFILE as usize, "budget {budget} of {NOFILE}");
    let mut guests: Vec<HostGuest> = (0..4).map(|_| guest(1000)).collect();
    block_on(async {
        for g in &mut guests {
            loop {
                let r = Host::create(&mut g.v(), 2, 1, 0).await;
                if r.is_err() {
                    assert!(is_emfile(&r), "{r:?}");
                    break;
                }
            }
        }
    });
    assert!(sockbox::host_descriptors_in_use() <= budget);
    // The host itself still has descriptors to work with.
    let files: Vec<_> = (0..32)
        .map(|_| std::fs::File::open("/proc/self/status").expect("host out of descriptors"))
        .collect();
    drop(files);
    drop(guests);
    assert_eq!(sockbox::host_descriptors_in_use(), 0);
}

#[test]
fn guest_exit_closes_every_descriptor() {
    let _one = exclusive();
    // Warm up: compile and load everything once so only the guests' own descriptors vary.
    run(
        "sockbox-test-guest",
        &["probe", "max-sockets"],
        Policy::deny_all(),
    );
    let before = open_fds();
    for _ in 0..20 {
        let mut cfg = config(
            "sockbox-test-guest",
            &["probe", "max-sockets"],
            Policy::deny_all(),
        );
        cfg.limits = Limits::default().max_sockets(50);
        tokio_runtime().block_on(run_async("sockbox-test-guest", cfg));
    }
    let after = open_fds();
    assert!(
        after <= before + 2,
        "descriptors leaked: {before} before, {after} after"
    );
}

#[test]
fn a_blocked_accept_holds_no_place_in_the_budgets() {
    let _one = exclusive();
    let policy = Policy::deny_all().allow_bind("127.0.0.1:*").unwrap();
    let mut g = HostGuest::with_limits(policy, Limits::default().max_sockets(2));
    block_on(async {
        let l = Host::create(&mut g.v(), 2, 1, 0).await.unwrap();
        let h = || Resource::new_borrow(l.rep());
        HostSocket::bind(&mut g.v(), h(), "127.0.0.1".into(), 0)
            .await
            .unwrap();
        HostSocket::listen(&mut g.v(), h(), 4).await.unwrap();
        let port = HostSocket::getsockname(&mut g.v(), h())
            .await
            .unwrap()
            .port
            .unwrap();
        let in_use = sockbox::host_descriptors_in_use();
        {
            let mut v = g.v();
            let accept = HostSocket::accept(&mut v, h());
            tokio::pin!(accept);
            tokio::select! {
                r = &mut accept => panic!("accepted without a peer: {r:?}"),
                _ = tokio::time::sleep(Duration::from_millis(50)) => {}
            }
            // Thousands of idle servers must not use up the host's descriptors by waiting.
            assert_eq!(sockbox::host_descriptors_in_use(), in_use);
            let _peer = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
            accept.await.unwrap();
        }
        assert_eq!(sockbox::host_descriptors_in_use(), in_use + 1);
        // At the guest's limit (listener and accepted socket) a new peer stays queued.
        let _second = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let r = HostSocket::accept(&mut g.v(), h()).await;
        assert!(is_emfile(&r), "{r:?}");
        assert_eq!(sockbox::host_descriptors_in_use(), in_use + 1);
    });
    drop(g);
    assert_eq!(sockbox::host_descriptors_in_use(), 0);
}
