//! Running a wasi:cli command component with php:sockets: the engine, the store state, and
//! one call that runs a guest to completion. The `sockbox` CLI, the tests and the benchmark
//! all run guests through this module.

use crate::{Limits, Policy, SocketsCtx, SocketsView};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::p2::bindings::Command;
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
use wasmtime_wasi::{I32Exit, WasiCtx, WasiCtxView, WasiView};

/// How often the epoch ticks: a guest computing without host calls yields this often, so a
/// wall-clock limit or a dropped guest takes effect within one tick.
const EPOCH_TICK: Duration = Duration::from_millis(10);

/// How much guest stdout/stderr a captured run keeps.
const CAPTURE_LIMIT: usize = 16 << 20;

/// The store data of a guest: WASI, php:sockets, and their shared resource table.
pub struct GuestState {
    wasi: WasiCtx,
    table: ResourceTable,
    sockets: SocketsCtx,
    memory: wasmtime::StoreLimits,
}

impl WasiView for GuestState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl crate::SocketsState for GuestState {
    fn sockets(&mut self) -> SocketsView<'_> {
        SocketsView {
            ctx: &mut self.sockets,
            table: &mut self.table,
        }
    }
}

/// What one guest run gets: its policy, limits, arguments and I/O.
#[derive(Clone, Debug, Default)]
pub struct GuestConfig {
    /// The capability policy.
    pub policy: Policy,
    /// Per-guest limits.
    pub limits: Limits,
    /// `argv`, including `argv[0]`.
    pub args: Vec<String>,
    /// Environment variables.
    pub env: Vec<(String, String)>,
    /// Capture stdout/stderr (and feed this stdin) instead of inheriting the host's.
    pub capture: Option<Vec<u8>>,
    /// Stop the guest after this long.
    pub wall_clock_limit: Option<Duration>,
}

/// How a guest run ended.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code (0 when `run` returned Ok, 1 when it returned Err).
    pub exit_code: i32,
    /// Captured stdout (empty unless captured).
    pub stdout: Vec<u8>,
    /// Captured stderr (empty unless captured).
    pub stderr: Vec<u8>,
    /// The guest's php:sockets state at the end (denial counters, open sockets).
    pub sockets: SocketsCtx,
}

/// An engine and linker, ready to run many guests (compile once, run many).
pub struct Runner {
    engine: Engine,
    linker: Linker<GuestState>,
    ticker_stop: Arc<AtomicBool>,
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.ticker_stop.store(true, Ordering::Relaxed);
    }
}

impl Runner {
    /// Builds the engine (async, epoch interruption, compilation cache) and the linker with
    /// wasmtime-wasi and php:sockets.
    pub fn new() -> wasmtime::Result<Self> {
        let mut config = Config::new();
        config.epoch_interruption(true);
        #[cfg(feature = "cache")]
        if std::env::var_os("SOCKBOX_NO_CACHE").is_none()
            && let Ok(cache) = wasmtime::Cache::from_file(None)
        {
            config.cache(Some(cache));
        }
        let engine = Engine::new(&config)?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        crate::add_to_linker(&mut linker, |s: &mut GuestState| SocketsView {
            ctx: &mut s.sockets,
            table: &mut s.table,
        })?;
        let ticker_stop = Arc::new(AtomicBool::new(false));
        let (stop, weak) = (ticker_stop.clone(), engine.weak());
        std::thread::Builder::new()
            .name("sockbox-epoch".into())
            .spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(EPOCH_TICK);
                    match weak.upgrade() {
                        Some(engine) => engine.increment_epoch(),
                        None => break,
                    }
                }
            })?;
        Ok(Runner {
            engine,
            linker,
            ticker_stop,
        })
    }

    /// Compiles (or loads from the cache) a component file (feature `compiler`).
    #[cfg(feature = "compiler")]
    pub fn load(&self, path: impl AsRef<std::path::Path>) -> wasmtime::Result<Component> {
        let path = path.as_ref();
        Component::from_file(&self.engine, path)
            .map_err(|e| e.context(format!("loading {}", path.display())))
    }

    /// Runs a wasi:cli command component to completion.
    pub async fn run(&self, component: &Component, cfg: GuestConfig) -> wasmtime::Result<Outcome> {
        let mut wasi = WasiCtx::builder();
        // wasi:sockets stays off (no socket, no descriptor) until it goes through the policy.
        wasi.allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false);
        wasi.args(&cfg.args);
        for (k, v) in &cfg.env {
            wasi.env(k, v);
        }
        let captured = match &cfg.capture {
            Some(stdin) => {
                let (out, err) = (
                    MemoryOutputPipe::new(CAPTURE_LIMIT),
                    MemoryOutputPipe::new(CAPTURE_LIMIT),
                );
                wasi.stdin(MemoryInputPipe::new(stdin.clone()))
                    .stdout(out.clone())
                    .stderr(err.clone());
                Some((out, err))
            }
            None => {
                wasi.inherit_stdio();
                None
            }
        };
        let name = cfg.args.first().cloned().unwrap_or_else(|| "guest".into());
        let memory = wasmtime::StoreLimitsBuilder::new()
            .memory_size(cfg.limits.max_memory)
            .build();
        let sockets = SocketsCtx::new(cfg.policy)
            .with_limits(cfg.limits)
            .with_guest_name(name);
        let mut store = Store::new(
            &self.engine,
            GuestState {
                wasi: wasi.build(),
                table: ResourceTable::new(),
                sockets,
                memory,
            },
        );
        store.limiter(|s| &mut s.memory);
        store.set_epoch_deadline(1);
        store.epoch_deadline_async_yield_and_update(1);
        let run = async {
            let command = Command::instantiate_async(&mut store, component, &self.linker).await?;
            command.wasi_cli_run().call_run(&mut store).await
        };
        let result = match cfg.wall_clock_limit {
            Some(limit) => match tokio::time::timeout(limit, run).await {
                Ok(r) => r,
                Err(_) => Err(wasmtime::Error::msg(format!(
                    "guest stopped: wall-clock limit of {limit:?} reached"
                ))),
            },
            None => run.await,
        };
        let exit_code = match result {
            Ok(Ok(())) => 0,
            Ok(Err(())) => 1,
            Err(e) => match e.downcast_ref::<I32Exit>() {
                Some(exit) => exit.0,
                None => return Err(e),
            },
        };
        let (stdout, stderr) = match captured {
            Some((out, err)) => (out.contents().to_vec(), err.contents().to_vec()),
            None => (vec![], vec![]),
        };
        let state = store.into_data();
        Ok(Outcome {
            exit_code,
            stdout,
            stderr,
            sockets: state.sockets,
        })
    }
}
