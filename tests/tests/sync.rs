//! The synchronous embedding API: a plain (non-async) wasmtime store, no tokio runtime of the
//! embedder's own, running real guests.

use sockbox::{Policy, SocketsCtx, SocketsCtxView, SocketsView};
use sockbox_tests::guest_path;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::p2::bindings::sync::Command;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    sockets: SocketsCtx,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl SocketsView for State {
    fn sockets(&mut self) -> SocketsCtxView<'_> {
        SocketsCtxView {
            ctx: &mut self.sockets,
            table: &mut self.table,
        }
    }
}

fn run_sync(guest: &str, args: &[&str], policy: Policy) -> String {
    let engine = Engine::default();
    let mut linker: Linker<State> = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
    sockbox::add_to_linker_sync(&mut linker).unwrap();
    let out = MemoryOutputPipe::new(1 << 20);
    let wasi = WasiCtx::builder()
        .args(&[guest])
        .args(args)
        .stdout(out.clone())
        .build();
    let mut store = Store::new(
        &engine,
        State {
            wasi,
            table: ResourceTable::new(),
            sockets: SocketsCtx::new(policy),
        },
    );
    let component = Component::from_file(&engine, guest_path(guest)).unwrap();
    let command = Command::instantiate(&mut store, &component, &linker).unwrap();
    command
        .wasi_cli_run()
        .call_run(&mut store)
        .unwrap()
        .expect("guest succeeded");
    String::from_utf8(out.contents().to_vec()).unwrap()
}

#[test]
fn sync_embedding_runs_the_pair_example() {
    assert_eq!(
        run_sync("socket-pair", &[], Policy::deny_all()),
        "string(10) \"ABCdef123\n\"\n"
    );
}

#[test]
fn sync_embedding_blocks_and_selects() {
    let out = run_sync("sockbox-test-guest", &["select"], Policy::deny_all());
    assert!(
        out.contains("select some: 3\n") && out.contains("select timeout: 0\n"),
        "{out}"
    );
    let out = run_sync(
        "sockbox-test-guest",
        &["tcp-v4"],
        sockbox_tests::loopback_policy(&[]),
    );
    assert!(out.contains("read: \"hello over tcp\"\n"), "{out}");
}
