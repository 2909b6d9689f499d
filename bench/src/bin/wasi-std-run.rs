//! Runs a wasi:cli command component on plain wasmtime-wasi, without sockbox: the host of the
//! `wasi-std` column of `scripts/bench`. The guest gets the host's stdio and network (the
//! stock `wasi:sockets`, with TCP enabled), as a user running a std::net program on wasmtime
//! would.
//!
//! `wasi-std-run COMPONENT [ARGS]...`

use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::p2::bindings::Command;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// The store's data: the WASI context and its resource table.
struct State {
    wasi: WasiCtx,
    table: ResourceTable,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

fn main() -> wasmtime::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: wasi-std-run COMPONENT [ARGS]...");
        std::process::exit(2);
    };

    let mut config = Config::new();
    // The same compilation cache as `sockbox run`, so neither pays for cranelift twice.
    if let Ok(cache) = wasmtime::Cache::from_file(None) {
        config.cache(Some(cache));
    }
    let engine = Engine::new(&config)?;
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    let component = Component::from_file(&engine, path)?;

    let wasi = WasiCtx::builder()
        .inherit_stdio()
        .inherit_network()
        .allow_tcp(true)
        .allow_ip_name_lookup(true)
        .args(&args)
        .build();
    let table = ResourceTable::new();
    let mut store = Store::new(&engine, State { wasi, table });

    // A current-thread runtime, as `sockbox run` uses, so both hosts run on one thread.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        let command = Command::instantiate_async(&mut store, &component, &linker).await?;
        command.wasi_cli_run().call_run(&mut store).await
    });
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(())) => std::process::exit(1),
        Err(e) => match e.downcast_ref::<wasmtime_wasi::I32Exit>() {
            Some(exit) => std::process::exit(exit.0),
            None => Err(e),
        },
    }
}
