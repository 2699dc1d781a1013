//! How many GraphQL operations execute at once, and on which threads.
//!
//! Operations are CPU work: on a machine of N cores, more than N of them at
//! once finish no sooner, but each one still builds its answer (an
//! async-graphql value tree, about 50 MB for the all-places timeline at
//! 100×) at the same time as the others. The [`Gate`] hands out a fixed
//! number of turns; an operation waits for one without holding a thread
//! ([`Gate::enter`]) and then runs on one of the gate's own threads
//! ([`Gate::run`]), one thread per turn, until its answer is encoded.
//!
//! One thread per turn, rather than tokio's blocking pool, because of the
//! allocator: mimalloc keeps the pages a thread freed for that thread's
//! next allocations, and gives them back to the system only when the thread
//! allocates again. On the blocking pool an operation lands on whichever of
//! its threads is idle, so after a while every thread of the pool holds the
//! memory of the largest answer it once built; on the gate's threads the
//! next operation reuses it. Memory of answers being built is bounded by the
//! turns, not by the clients' connections or the pool's size.
//!
//! Turns are given in the order they were asked for (tokio's semaphore is
//! fair), so a stream of cheap operations cannot starve an expensive one,
//! and an expensive one holds one turn however long it runs.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

/// The turns of execution one server shares between its requests, and the
/// threads they run on.
#[derive(Debug)]
pub struct Gate {
    turns: Arc<Semaphore>,
    size: usize,
    /// Operations waiting for a turn now.
    waiting: AtomicUsize,
    /// Work for the gate's threads, started with the first [`Gate::run`]:
    /// a gate that never runs anything starts none. The threads end when
    /// the gate is dropped.
    work: OnceLock<Sender<Work>>,
}

/// A turn to execute, from [`Gate::enter`]; the next waiting operation gets
/// it when this is dropped.
#[derive(Debug)]
pub struct Turn(#[expect(dead_code, reason = "held for its drop")] OwnedSemaphorePermit);

/// Work that panicked on a gate's thread; the thread lives on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the work panicked")]
pub struct Panicked;

type Work = Box<dyn FnOnce() + Send>;

impl Gate {
    /// A gate of `size` turns (at least 1).
    pub fn new(size: usize) -> Gate {
        let size = size.max(1);
        Gate {
            turns: Arc::new(Semaphore::new(size)),
            size,
            waiting: AtomicUsize::new(0),
            work: OnceLock::new(),
        }
    }

    /// A gate of one turn per core, the default: CPU-bound operations gain
    /// no throughput from more.
    pub fn per_core() -> Gate {
        Gate::new(cores())
    }

    /// Waits for a turn. Dropping the future gives up the place in the
    /// queue (a request past its deadline stops waiting this way).
    pub async fn enter(&self) -> Turn {
        if let Ok(turn) = self.turns.clone().try_acquire_owned() {
            return Turn(turn);
        }
        let _waiting = Waiting::count(&self.waiting);
        // The semaphore is never closed, so acquiring only waits.
        let turn = self.turns.clone().acquire_owned().await.expect("the gate's semaphore is never closed");
        Turn(turn)
    }

    /// Runs `work` on one of the gate's threads, holding `turn` until it
    /// returns, and answers what it returned. Dropping the future does not
    /// stop the work: it runs to its end and gives the turn back then (so
    /// work past its deadline still counts against the turns).
    pub fn run<T: Send + 'static>(
        &self,
        turn: Turn,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> impl std::future::Future<Output = Result<T, Panicked>> {
        let (answer, answered) = oneshot::channel();
        let job: Work = Box::new(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(work)).map_err(|_| Panicked);
            drop(turn);
            // The requester may have given up waiting; the answer is then dropped.
            let _ = answer.send(result);
        });
        // A turn is held, so at most `size` jobs are queued or running and a
        // thread is free or about to be.
        if let Err(mpsc::SendError(job)) = self.work().send(job) {
            // Only when no thread could be started (they do not end while
            // the gate lives). Run here, the work still gives its turn back
            // and answers: an operation that needs a runtime of its own then
            // answers `Panicked` (500) rather than hang its requester.
            job();
        }
        async move { answered.await.unwrap_or(Err(Panicked)) }
    }

    /// The number of turns.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Operations holding a turn now.
    pub fn executing(&self) -> usize {
        self.size - self.turns.available_permits()
    }

    /// Operations waiting for a turn now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// The sender to the gate's threads, starting them the first time.
    fn work(&self) -> &Sender<Work> {
        self.work.get_or_init(|| {
            let (send, receive) = mpsc::channel::<Work>();
            let receive = Arc::new(Mutex::new(receive));
            for i in 0..self.size {
                let receive = receive.clone();
                let started = std::thread::Builder::new()
                    .name(format!("dutygraph-op-{i}"))
                    .spawn(move || serve_work(&receive));
                if let Err(e) = started {
                    // Fewer threads run the same work; with none, `run` runs it in place.
                    tracing::error!(error = %e, "cannot start a thread to run operations");
                }
            }
            send
        })
    }
}

/// A gate thread's life: the next work, until the gate is dropped.
fn serve_work(receive: &Mutex<Receiver<Work>>) {
    loop {
        let next = receive.lock().unwrap_or_else(PoisonError::into_inner).recv();
        match next {
            Ok(job) => job(),
            Err(mpsc::RecvError) => return,
        }
    }
}

impl Default for Gate {
    fn default() -> Gate {
        Gate::per_core()
    }
}

/// The cores this process may run on (2 when the system does not say).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Counts one waiting operation while it lives, also when its wait is
/// given up.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn count(counter: &'a AtomicUsize) -> Waiting<'a> {
        counter.fetch_add(1, Ordering::Relaxed);
        Waiting(counter)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_turn_is_given_back_when_dropped_and_a_given_up_wait_is_uncounted() {
        let gate = Arc::new(Gate::new(1));
        let first = gate.enter().await;
        assert_eq!((gate.executing(), gate.waiting()), (1, 0));
        let waiter = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.enter().await })
        };
        while gate.waiting() == 0 {
            tokio::task::yield_now().await;
        }
        assert!(!waiter.is_finished());
        drop(first);
        let second = waiter.await.unwrap();
        assert_eq!((gate.executing(), gate.waiting()), (1, 0));
        // A wait given up (its future dropped) leaves no count behind.
        let given_up = gate.enter();
        assert!(futures_util::FutureExt::now_or_never(given_up).is_none());
        assert_eq!(gate.waiting(), 0);
        drop(second);
        assert_eq!(gate.executing(), 0);
        assert_eq!(Gate::new(0).size(), 1);
    }

    #[tokio::test]
    async fn work_runs_on_the_gates_threads_and_gives_its_turn_back() {
        let gate = Gate::new(2);
        let name = || std::thread::current().name().map(str::to_string);
        let ran_on = gate.run(gate.enter().await, name).await.unwrap();
        assert!(ran_on.is_some_and(|n| n.starts_with("dutygraph-op-")));
        assert_eq!(gate.executing(), 0);
        let panicked = gate.run(gate.enter().await, || panic!("a resolver bug")).await;
        assert_eq!(panicked, Err::<(), _>(Panicked));
        assert_eq!(gate.executing(), 0);
        // The thread that ran it lives on.
        for _ in 0..4 {
            assert_eq!(gate.run(gate.enter().await, || 1 + 1).await, Ok(2));
        }
    }
}
