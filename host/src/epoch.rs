//! The epoch ticker of a [`Runner`](crate::run::Runner): it advances the engine's epoch every
//! [`EPOCH_TICK`] while some guest is being polled (running wasm, or a host call that has not
//! yet returned `Pending`), so a guest computing without host calls yields to the others and a
//! wall-clock limit or a stop reaches it. While every guest waits (in `accept`, `select`, a
//! read) nothing runs wasm and the ticker sleeps: an idle process costs no CPU.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use wasmtime::EngineWeak;

/// How often the epoch ticks: a guest computing without host calls yields this often, so a
/// wall-clock limit or a dropped guest takes effect within one tick.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

/// How long the parked ticker sleeps before it looks again whether it should stop (the engine
/// dropped, the Runner dropped) when no guest wakes it.
const PARKED_RECHECK: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Shared {
    /// Guest futures inside `poll` right now.
    polled: AtomicUsize,
    stop: AtomicBool,
    /// The ticker is parked, or about to: a poll wakes it only then (no syscall otherwise).
    parked: AtomicBool,
    /// Held by the ticker while it decides to park, and by a poll that wakes it: no wake-up is
    /// lost between the ticker's check and its wait.
    park: Mutex<()>,
    unparked: Condvar,
}

/// The ticker thread's handle; dropping it stops the thread.
pub(crate) struct EpochTicker(Arc<Shared>);

impl EpochTicker {
    /// Starts the ticker thread for `engine` (it ends when the engine is gone, or on drop).
    pub(crate) fn start(engine: EngineWeak) -> std::io::Result<Self> {
        let shared = Arc::new(Shared::default());
        let ticker = shared.clone();
        std::thread::Builder::new()
            .name("sockbox-epoch".into())
            .spawn(move || {
                while !ticker.stop.load(Ordering::Relaxed) {
                    if ticker.polled.load(Ordering::SeqCst) == 0 {
                        let guard = ticker.park.lock().unwrap_or_else(|e| e.into_inner());
                        // Announced before the last look at `polled`, which a poll changes
                        // before it looks at `parked` (both SeqCst): one sees the other.
                        ticker.parked.store(true, Ordering::SeqCst);
                        let parked =
                            ticker
                                .unparked
                                .wait_timeout_while(guard, PARKED_RECHECK, |()| {
                                    ticker.polled.load(Ordering::SeqCst) == 0
                                });
                        ticker.parked.store(false, Ordering::SeqCst);
                        drop(parked);
                        continue;
                    }
                    std::thread::sleep(EPOCH_TICK);
                    match engine.upgrade() {
                        Some(engine) => engine.increment_epoch(),
                        None => break,
                    }
                }
            })?;
        Ok(EpochTicker(shared))
    }

    /// `future` (a guest's run), counted as polled while inside each `poll`.
    pub(crate) fn count<F: Future>(&self, future: F) -> Counted<F> {
        Counted {
            shared: self.0.clone(),
            future: Box::pin(future),
        }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.0.stop.store(true, Ordering::Relaxed);
        let _guard = self.0.park.lock().unwrap_or_else(|e| e.into_inner());
        self.0.unparked.notify_one();
    }
}

/// A guest's future that keeps the ticker awake while it is polled ([`EpochTicker::count`]).
pub(crate) struct Counted<F> {
    shared: Arc<Shared>,
    future: Pin<Box<F>>,
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let shared = self.shared.clone();
        shared.polled.fetch_add(1, Ordering::SeqCst);
        if shared.parked.load(Ordering::SeqCst) {
            let _guard = shared.park.lock().unwrap_or_else(|e| e.into_inner());
            shared.unparked.notify_one();
        }
        // Decremented on the way out, even if the guest's poll panics.
        struct Leave<'a>(&'a AtomicUsize);
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let _leave = Leave(&shared.polled);
        self.future.as_mut().poll(cx)
    }
}
