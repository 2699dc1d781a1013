//! Where a served snapshot's memory goes: `cargo run --release --example
//! memory -- DATA_DIR` opens a store as `dutygraph serve` does and prints the
//! bytes live on the heap after each stage (a counting allocator, so the
//! numbers are what the program holds, not what the allocator keeps), with
//! the process's RSS beside them. BENCHMARKS.md "Memory at 1000×" quotes it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use dutygraph::graph::Views;
use dutygraph::search::SearchIndex;
use dutygraph::store::Store;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size >= layout.size() {
                let live =
                    LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn status(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// Prints a stage: live heap, its change since the last stage, peak heap, RSS, time.
fn stage(what: &str, before: &mut usize, started: Instant) {
    let live = LIVE.load(Ordering::Relaxed);
    println!(
        "{what:<40} live {:>8.1} MiB  (+{:>7.1})  peak {:>8.1} MiB  RSS {:>7.1} MiB  {:>7.0} ms",
        mib(live),
        mib(live).max(0.0) - mib(*before),
        mib(PEAK.load(Ordering::Relaxed)),
        status("VmRSS:"),
        started.elapsed().as_secs_f64() * 1e3
    );
    *before = live;
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: memory DATA_DIR");
    let mut before = LIVE.load(Ordering::Relaxed);
    let t = Instant::now();
    let store = Store::open(std::path::Path::new(&dir)).expect("open the store");
    stage("Store::open", &mut before, t);
    let t = Instant::now();
    let catalog = store.catalog().expect("read the catalog");
    stage("store.catalog() (catalog + store cache)", &mut before, t);
    let t = Instant::now();
    drop(store);
    stage("store dropped (its cache freed)", &mut before, t);
    println!(
        "catalog: {} places, {} documents, {} departments, {} tasks, {} assignments, {} milestones",
        catalog.places().len(),
        catalog.documents().len(),
        catalog.departments().len(),
        catalog.tasks().len(),
        catalog.assignments().len(),
        catalog.milestones().len()
    );
    let catalog = Arc::new(catalog);
    let t = Instant::now();
    let views = Views::build_warm(Arc::clone(&catalog));
    stage("Views::build_warm", &mut before, t);
    let t = Instant::now();
    let search = SearchIndex::build(Arc::clone(&catalog));
    stage("SearchIndex::build", &mut before, t);
    let tasks = catalog.tasks().len().max(1);
    println!(
        "total live {:.1} MiB = {:.0} B per task",
        mib(LIVE.load(Ordering::Relaxed)),
        LIVE.load(Ordering::Relaxed) as f64 / tasks as f64
    );
    drop((views, search, catalog));
}
