//! Running a wasi:cli command component with php:sockets: the engine, the store state, and
//! one call that runs a guest to completion. The `sockbox` CLI, the tests and the benchmark
//! all run guests through this module.

use crate::check::{CheckFuture, CheckRequest, EmbedderCheck};
use crate::epoch::EpochTicker;
use crate::{Limits, Policy, SocketsCtx, SocketsCtxView};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::p2::bindings::{Command, CommandPre};
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtx, WasiCtxView, WasiView};

/// How much guest stdout/stderr a captured run keeps.
const CAPTURE_LIMIT: usize = 16 << 20;

/// Native stack wasm frames may use by default: an interpreter's deep recursion (PHP's
/// `serialize()` of a 3,000-deep array) needs megabytes, not wasmtime's default 512 KiB.
pub const DEFAULT_MAX_WASM_STACK: usize = 8 << 20;

/// Stack kept for host functions above the wasm frames on each guest's stack.
const HOST_STACK: usize = 2 << 20;

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

impl crate::SocketsView for GuestState {
    fn sockets(&mut self) -> SocketsCtxView<'_> {
        SocketsCtxView {
            ctx: &mut self.sockets,
            table: &mut self.table,
        }
    }
}

/// What one guest run gets: its policy, limits, arguments and I/O. Built with
/// [`GuestConfig::new`] and the setters, so new settings can be added.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
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
    /// Host directories the guest may see; nothing else of the filesystem.
    pub dirs: Vec<Preopen>,
    /// The embedder's own check beside the policy ([`GuestConfig::check`]).
    check: Option<EmbedderCheck>,
}

impl GuestConfig {
    /// A run under `policy` with default limits, no arguments, no environment, inherited
    /// stdio, no time limit and no directories.
    pub fn new(policy: Policy) -> Self {
        GuestConfig {
            policy,
            ..GuestConfig::default()
        }
    }

    /// Sets the limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets `argv` (`argv[0]` first).
    pub fn args(mut self, args: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.args = args.into_iter().map(Into::into).collect();
        self
    }

    /// Adds an environment variable.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    /// Captures stdout and stderr, and feeds `stdin`.
    pub fn capture(mut self, stdin: Vec<u8>) -> Self {
        self.capture = Some(stdin);
        self
    }

    /// Stops the guest after `limit`.
    pub fn wall_clock_limit(mut self, limit: Duration) -> Self {
        self.wall_clock_limit = Some(limit);
        self
    }

    /// Preopens a directory.
    pub fn dir(mut self, dir: Preopen) -> Self {
        self.dirs.push(dir);
        self
    }

    /// Adds the embedder's own check, asked after the policy allowed an operation
    /// ([`SocketsCtx::with_check`], [`crate::check`]).
    pub fn check(
        mut self,
        check: impl Fn(CheckRequest) -> CheckFuture + Send + Sync + 'static,
    ) -> Self {
        self.check = Some(EmbedderCheck::new(check));
        self
    }
}

/// A host directory made visible to a guest (`--dir`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Preopen {
    /// The directory on the host.
    pub host: std::path::PathBuf,
    /// The path the guest sees it at.
    pub guest: String,
    /// Whether the guest may create, change and remove files in it.
    pub writable: bool,
}

impl Preopen {
    /// `host` seen by the guest at `guest`, writable or read-only.
    pub fn new(
        host: impl Into<std::path::PathBuf>,
        guest: impl Into<String>,
        writable: bool,
    ) -> Self {
        Preopen {
            host: host.into(),
            guest: guest.into(),
            writable,
        }
    }
}

/// An embedder's own engine settings, applied before sockbox's (see [`RunnerOptions::engine`]).
type EngineHook = Arc<dyn Fn(&mut Config) + Send + Sync>;

/// How the engine is set up, for every guest a [`Runner`] runs.
#[derive(Clone)]
#[non_exhaustive]
pub struct RunnerOptions {
    /// Native stack wasm frames may use before the guest traps with a stack overflow.
    pub max_wasm_stack: usize,
    /// Use wasmtime's on-disk compilation cache (feature `cache`), so a component is compiled
    /// once, not at every start.
    pub cache: bool,
    engine: Option<EngineHook>,
}

impl Default for RunnerOptions {
    fn default() -> Self {
        RunnerOptions {
            max_wasm_stack: DEFAULT_MAX_WASM_STACK,
            cache: true,
            engine: None,
        }
    }
}

impl std::fmt::Debug for RunnerOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunnerOptions")
            .field("max_wasm_stack", &self.max_wasm_stack)
            .field("cache", &self.cache)
            .field("engine", &self.engine.as_ref().map(|_| "(hook)"))
            .finish()
    }
}

impl RunnerOptions {
    /// Sets [`RunnerOptions::max_wasm_stack`].
    pub fn max_wasm_stack(mut self, bytes: usize) -> Self {
        self.max_wasm_stack = bytes;
        self
    }

    /// Sets [`RunnerOptions::cache`].
    pub fn cache(mut self, on: bool) -> Self {
        self.cache = on;
        self
    }

    /// Lets the embedder tune wasmtime's engine: `hook` gets the [`Config`] before sockbox
    /// applies what its guests need (epoch interruption, wasm exceptions, the stack sizes of
    /// these options), which therefore cannot be undone here. For example the
    /// pooling allocator (with wasmtime's `pooling-allocator` feature), memory reservations, or,
    /// for thousands of guests in one process, `memory_init_cow(false)`: each guest then maps
    /// two regions fewer (see docs/performance.md).
    ///
    /// ```
    /// use sockbox::run::{Runner, RunnerOptions};
    /// let options = RunnerOptions::default().engine(|config| {
    ///     config.memory_init_cow(false);
    /// });
    /// let runner = Runner::with_options(options)?;
    /// # Ok::<(), wasmtime::Error>(())
    /// ```
    pub fn engine(mut self, hook: impl Fn(&mut Config) + Send + Sync + 'static) -> Self {
        self.engine = Some(Arc::new(hook));
        self
    }
}

/// How a guest run ended.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code: the guest's `exit-with-code` status, else 0 when `run` returned Ok and 1
    /// when it returned Err.
    pub exit_code: i32,
    /// Captured stdout (empty unless captured).
    pub stdout: Vec<u8>,
    /// Captured stderr (empty unless captured).
    pub stderr: Vec<u8>,
    /// The guest's php:sockets state at the end (denial counters, open sockets).
    pub sockets: SocketsCtx,
}

/// The error of a run stopped by [`GuestConfig::wall_clock_limit`].
#[derive(Debug)]
pub struct WallClockLimit(pub Duration);

impl std::fmt::Display for WallClockLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "guest stopped: wall-clock limit of {:?} reached", self.0)
    }
}

impl std::error::Error for WallClockLimit {}

/// A component linked against a [`Runner`]'s imports ([`Runner::prepare`]); cheap to clone.
#[derive(Clone)]
pub struct Prepared(CommandPre<GuestState>);

/// An engine and linker, ready to run many guests (compile once, run many).
pub struct Runner {
    engine: Engine,
    linker: Linker<GuestState>,
    ticker: Arc<EpochTicker>,
}

impl Runner {
    /// [`Runner::with_options`] with the default options.
    pub fn new() -> wasmtime::Result<Self> {
        Self::with_options(RunnerOptions::default())
    }

    /// Builds the engine (async, epoch interruption, wasm exceptions, an interpreter-sized
    /// stack, compilation cache) and the linker with wasmtime-wasi (wasi:sockets under the
    /// policy) and php:sockets.
    pub fn with_options(options: RunnerOptions) -> wasmtime::Result<Self> {
        let mut config = Config::new();
        if let Some(hook) = &options.engine {
            hook(&mut config);
        }
        config
            .epoch_interruption(true)
            .wasm_exceptions(true)
            .max_wasm_stack(options.max_wasm_stack)
            .async_stack_size(options.max_wasm_stack.saturating_add(HOST_STACK));
        #[cfg(feature = "cache")]
        if options.cache
            && let Ok(cache) = wasmtime::Cache::from_file(None)
        {
            config.cache(Some(cache));
        }
        let engine = Engine::new(&config)?;
        let mut linker = Linker::new(&engine);
        // wasi:cli 0.2.12's `exit-with-code` is part of it: a guest's exact status arrives.
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        crate::wasi_sockets::add_to_linker(&mut linker)?;
        crate::add_to_linker_async(&mut linker)?;
        let ticker = Arc::new(EpochTicker::start(engine.weak())?);
        Ok(Runner {
            engine,
            linker,
            ticker,
        })
    }

    /// Compiles (or loads from the cache) a component file (feature `compiler`).
    #[cfg(feature = "compiler")]
    pub fn load(&self, path: impl AsRef<std::path::Path>) -> wasmtime::Result<Component> {
        let path = path.as_ref();
        Component::from_file(&self.engine, path)
            .map_err(|e| e.context(format!("loading {}", path.display())))
    }

    /// Links `component` against this runner's imports once: [`Runner::run_prepared`] then
    /// instantiates it without resolving its imports again (what a server that starts the same
    /// guest many times wants).
    pub fn prepare(&self, component: &Component) -> wasmtime::Result<Prepared> {
        Ok(Prepared(CommandPre::new(
            self.linker.instantiate_pre(component)?,
        )?))
    }

    /// Runs a wasi:cli command component to completion.
    pub async fn run(&self, component: &Component, cfg: GuestConfig) -> wasmtime::Result<Outcome> {
        self.run_prepared(&self.prepare(component)?, cfg).await
    }

    /// Runs a component [`prepare`](Runner::prepare)d by this runner to completion.
    pub async fn run_prepared(
        &self,
        prepared: &Prepared,
        cfg: GuestConfig,
    ) -> wasmtime::Result<Outcome> {
        let sockets = guest_sockets(&cfg);
        run_guest(&self.engine, &self.ticker, prepared, cfg, sockets, None).await
    }

    /// Instantiates a prepared component for `cfg` without running it (a server that keeps
    /// guests warm for the requests to come): [`Instantiated::run`] runs it later. The
    /// wall-clock limit counts from `run`.
    pub async fn instantiate(
        &self,
        prepared: &Prepared,
        cfg: GuestConfig,
    ) -> wasmtime::Result<Instantiated> {
        let (mut store, captured) = new_store(&self.engine, &cfg, guest_sockets(&cfg))?;
        let command = self
            .ticker
            .count(prepared.0.instantiate_async(&mut store))
            .await?;
        Ok(Instantiated {
            store,
            command,
            captured,
            limit: cfg.wall_clock_limit,
            ticker: self.ticker.clone(),
        })
    }

    /// Starts a prepared component on a task of its own (inside a tokio runtime) and returns
    /// at once: the handle shows what the guest holds while it runs, stops it, and waits for
    /// its [`Outcome`].
    pub fn spawn(&self, prepared: &Prepared, cfg: GuestConfig) -> RunningGuest {
        let sockets = guest_sockets(&cfg);
        let (denials, slots) = (sockets.denials.clone(), sockets.slots.clone());
        let stop = Arc::new(tokio::sync::Notify::new());
        let (engine, ticker) = (self.engine.clone(), self.ticker.clone());
        let (prepared, signal) = (prepared.clone(), stop.clone());
        let task = tokio::spawn(async move {
            run_guest(&engine, &ticker, &prepared, cfg, sockets, Some(signal)).await
        });
        RunningGuest {
            task,
            stop,
            denials,
            slots,
        }
    }
}

/// A guest [`Runner::instantiate`]d and not yet run.
pub struct Instantiated {
    store: Store<GuestState>,
    command: Command,
    captured: Captured,
    limit: Option<Duration>,
    ticker: Arc<EpochTicker>,
}

impl Instantiated {
    /// Runs the guest to completion (or its wall-clock limit).
    pub async fn run(self) -> wasmtime::Result<Outcome> {
        let Instantiated {
            mut store,
            command,
            captured,
            limit,
            ticker,
        } = self;
        let run = ticker.count(command.wasi_cli_run().call_run(&mut store));
        let result = bounded(run, limit, None).await;
        outcome(store, captured, result)
    }
}

/// A guest started by [`Runner::spawn`].
pub struct RunningGuest {
    task: tokio::task::JoinHandle<wasmtime::Result<Outcome>>,
    stop: Arc<tokio::sync::Notify>,
    denials: crate::denials::Denials,
    slots: Arc<std::sync::atomic::AtomicUsize>,
}

impl RunningGuest {
    /// Asks the guest to stop: wherever it is (computing, or blocked in a host call such as
    /// `socket_accept`), its run ends with [`Stopped`] and everything it held is closed.
    /// Asked before the guest started, it stops it as it starts.
    pub fn stop(&self) {
        self.stop.notify_one();
    }

    /// Sockets the guest holds now (as [`SocketsCtx::open_sockets`]).
    pub fn open_sockets(&self) -> usize {
        self.slots.load(Ordering::SeqCst)
    }

    /// What the policy refused it so far (as [`SocketsCtx::denials`]).
    pub fn denials(&self) -> std::collections::BTreeMap<crate::policy::Operation, u64> {
        self.denials.counts()
    }

    /// Whether the run has ended.
    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }

    /// Waits for the run to end.
    pub async fn wait(self) -> wasmtime::Result<Outcome> {
        self.task.await.map_err(wasmtime::Error::new)?
    }
}

/// The error of a run ended by [`RunningGuest::stop`].
#[derive(Debug)]
pub struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("guest stopped by its embedder")
    }
}

impl std::error::Error for Stopped {}

/// The php:sockets state a run of `cfg` starts with.
fn guest_sockets(cfg: &GuestConfig) -> SocketsCtx {
    let name = cfg.args.first().cloned().unwrap_or_else(|| "guest".into());
    let mut sockets = SocketsCtx::new(cfg.policy.clone())
        .with_limits(cfg.limits.clone())
        .with_guest_name(name);
    for dir in &cfg.dirs {
        sockets = sockets.with_guest_dir(&dir.guest, &dir.host, dir.writable);
    }
    sockets.check = cfg.check.clone();
    sockets
}

/// Captured stdout and stderr of a run that asked for them.
type Captured = Option<(MemoryOutputPipe, MemoryOutputPipe)>;

/// One run of a prepared component, to its end, its wall-clock limit, or `stop`.
async fn run_guest(
    engine: &Engine,
    ticker: &EpochTicker,
    prepared: &Prepared,
    cfg: GuestConfig,
    sockets: SocketsCtx,
    stop: Option<Arc<tokio::sync::Notify>>,
) -> wasmtime::Result<Outcome> {
    let (mut store, captured) = new_store(engine, &cfg, sockets)?;
    // Counted, so the epoch ticks while the guest runs and sleeps while it waits.
    let run = ticker.count(async {
        let command = prepared.0.instantiate_async(&mut store).await?;
        command.wasi_cli_run().call_run(&mut store).await
    });
    let result = bounded(run, cfg.wall_clock_limit, stop).await;
    outcome(store, captured, result)
}

/// The store a run of `cfg` starts with: WASI (preopens, arguments, environment, stdio
/// captured or inherited), php:sockets, the memory limit and epoch yields.
fn new_store(
    engine: &Engine,
    cfg: &GuestConfig,
    sockets: SocketsCtx,
) -> wasmtime::Result<(Store<GuestState>, Captured)> {
    let mut wasi = WasiCtx::builder();
    crate::wasi_sockets::configure(&mut wasi, &sockets);
    for dir in &cfg.dirs {
        let perms = if dir.writable {
            FsPerms::ReadWrite
        } else {
            FsPerms::ReadOnly
        };
        wasi.preopened_dir(&dir.host, &dir.guest, perms)
            .map_err(|e| e.context(format!("--dir {}", dir.host.display())))?;
    }
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
    let memory = wasmtime::StoreLimitsBuilder::new()
        .memory_size(cfg.limits.max_memory)
        .build();
    let mut store = Store::new(
        engine,
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
    Ok((store, captured))
}

/// Runs `run` within the wall-clock limit and until `stop`. Dropping the run (as the limit
/// does) ends the guest wherever it is.
async fn bounded(
    run: impl Future<Output = wasmtime::Result<Result<(), ()>>>,
    limit: Option<Duration>,
    stop: Option<Arc<tokio::sync::Notify>>,
) -> wasmtime::Result<Result<(), ()>> {
    let limited = async {
        match limit {
            Some(limit) => match tokio::time::timeout(limit, run).await {
                Ok(r) => r,
                Err(_) => Err(wasmtime::Error::new(WallClockLimit(limit))),
            },
            None => run.await,
        }
    };
    match stop {
        Some(stop) => tokio::select! {
            biased; // a stop asked for wins, even over a run that is ending
            () = stop.notified() => Err(wasmtime::Error::new(Stopped)),
            r = limited => r,
        },
        None => limited.await,
    }
}

/// The outcome of a run that ended with `result`: its exit status, what it printed, its
/// php:sockets state.
fn outcome(
    store: Store<GuestState>,
    captured: Captured,
    result: wasmtime::Result<Result<(), ()>>,
) -> wasmtime::Result<Outcome> {
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
