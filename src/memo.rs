//! A bounded memo of values computed once per key, for derived answers that
//! depend on an argument a client chooses freely (the views of the documents
//! in force on a date, a ranking of divergent topics at a threshold): the
//! last few keys asked stay ready, and no client can make it hold more.

use std::sync::{Arc, Mutex, OnceLock};

/// Values by key, most recently asked last, at most `capacity` keys: asking
/// for another drops the least recently asked. A value is computed once
/// while its key is kept; concurrent askers of one key wait for that one
/// computation instead of starting their own.
pub struct Recent<K, V> {
    capacity: usize,
    cells: Mutex<Vec<(K, Arc<OnceLock<V>>)>>,
}

impl<K: PartialEq, V: Clone> Recent<K, V> {
    /// An empty memo keeping at most `capacity` keys.
    pub fn new(capacity: usize) -> Recent<K, V> {
        Recent { capacity, cells: Mutex::new(Vec::new()) }
    }

    /// The value for `key`, computed by `init` unless it is kept.
    ///
    /// Complexity: O(capacity) to find the key, plus `init` once per key.
    pub fn get_or_init(&self, key: K, init: impl FnOnce() -> V) -> V {
        let cell = {
            // A poisoned lock only means a computation panicked; the list
            // is still consistent.
            let mut kept = self.cells.lock().unwrap_or_else(|e| e.into_inner());
            let cell = match kept.iter().position(|(k, _)| *k == key) {
                Some(at) => kept.remove(at).1,
                None => Arc::default(),
            };
            kept.push((key, Arc::clone(&cell)));
            if kept.len() > self.capacity {
                kept.remove(0);
            }
            cell
        };
        // The lock is released: a long computation blocks only its own key.
        cell.get_or_init(init).clone()
    }

    /// How many keys are kept now.
    pub fn len(&self) -> usize {
        self.cells.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no key is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn keeps_the_most_recently_asked_keys_and_computes_each_once() {
        let memo = Recent::new(2);
        let runs = Cell::new(0);
        let ask = |k: u32| {
            memo.get_or_init(k, || {
                runs.set(runs.get() + 1);
                k * 10
            })
        };
        assert_eq!((ask(1), ask(2), ask(1)), (10, 20, 10));
        assert_eq!(runs.get(), 2);
        // 3 drops 2, the least recently asked; 1 stays.
        assert_eq!(ask(3), 30);
        assert_eq!(memo.len(), 2);
        ask(1);
        assert_eq!(runs.get(), 3);
        ask(2);
        assert_eq!(runs.get(), 4);
    }
}
