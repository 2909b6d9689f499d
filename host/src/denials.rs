//! The record of what the policy refused a guest: exact counters per kind of operation, and a
//! log line per denial, rate-limited so a guest denied in a loop cannot flood the log.
//!
//! One record serves both socket worlds of a guest: php:sockets calls and wasmtime-wasi's
//! wasi:sockets hooks (which run outside the store) count and log into the same [`Denials`].

use crate::policy::{Denial, Operation};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Denial log lines a guest may cause per second.
const DENIAL_LOGS_PER_SECOND: u32 = 20;

/// A guest's denial counters and log budget; clones share them.
#[derive(Clone, Debug)]
pub(crate) struct Denials(Arc<Mutex<Record>>);

#[derive(Debug)]
struct Record {
    guest: String,
    counts: BTreeMap<Operation, u64>,
    budget: LogBudget,
}

impl Denials {
    /// An empty record for the guest named `guest` in log lines.
    pub(crate) fn new(guest: impl Into<String>) -> Self {
        Denials(Arc::new(Mutex::new(Record {
            guest: guest.into(),
            counts: BTreeMap::new(),
            budget: LogBudget::default(),
        })))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Record> {
        // A panic elsewhere while holding the lock leaves counters that are still valid.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Renames the guest in later log lines.
    pub(crate) fn rename(&self, guest: String) {
        self.lock().guest = guest;
    }

    /// The counters so far.
    pub(crate) fn counts(&self) -> BTreeMap<Operation, u64> {
        self.lock().counts.clone()
    }

    /// Counts a denial and logs it with the rule that would allow it (unless this second's
    /// log budget is spent).
    pub(crate) fn record(&self, d: &Denial) {
        let mut r = self.lock();
        *r.counts.entry(d.operation).or_default() += 1;
        let Some(suppressed) = r.budget.take() else {
            return;
        };
        tracing::warn!(
            target: "sockbox::policy",
            guest = %r.guest,
            operation = ?d.operation,
            target_addr = %d.target,
            suppressed,
            "denied {:?} {}; {}{}",
            d.operation,
            d.target,
            d.advice(),
            if suppressed > 0 {
                format!(" ({suppressed} more denials not logged in the last second)")
            } else {
                String::new()
            }
        );
    }
}

/// A per-second budget of log lines.
#[derive(Debug)]
struct LogBudget {
    window: Instant,
    logged: u32,
    suppressed: u64,
}

impl Default for LogBudget {
    fn default() -> Self {
        LogBudget {
            window: Instant::now(),
            logged: 0,
            suppressed: 0,
        }
    }
}

impl LogBudget {
    /// `Some(lines suppressed since the last one logged)` if a line may be logged now.
    fn take(&mut self) -> Option<u64> {
        if self.window.elapsed() >= Duration::from_secs(1) {
            self.window = Instant::now();
            self.logged = 0;
        }
        if self.logged >= DENIAL_LOGS_PER_SECOND {
            self.suppressed += 1;
            return None;
        }
        self.logged += 1;
        Some(std::mem::take(&mut self.suppressed))
    }
}
