//! One copy of each repeated string in a catalog: unit names as printed,
//! chapter, section and measure headings, deadline cells and milestone
//! words repeat across the tasks of a document and the documents of a
//! place, so records share them through `Arc<str>` instead of each holding
//! its own copy (at 1000× the seeds, 750k assignments print ~1k names).

use std::collections::HashSet;
use std::sync::Arc;

use super::{Assignment, Milestone, Task};

/// Equal strings made one shared allocation.
#[derive(Default)]
pub(super) struct Interner {
    seen: HashSet<Arc<str>>,
}

impl Interner {
    fn share(&mut self, value: &mut Arc<str>) {
        match self.seen.get(&**value) {
            Some(kept) => *value = Arc::clone(kept),
            None => {
                self.seen.insert(Arc::clone(value));
            }
        }
    }

    fn share_opt(&mut self, value: &mut Option<Arc<str>>) {
        if let Some(v) = value {
            self.share(v);
        }
    }

    pub(super) fn tasks(&mut self, tasks: &mut [Task]) {
        for t in tasks {
            self.share_opt(&mut t.number);
            self.share_opt(&mut t.chapter);
            self.share_opt(&mut t.section);
            self.share_opt(&mut t.measure);
            self.share_opt(&mut t.deadline);
        }
    }

    pub(super) fn assignments(&mut self, assignments: &mut [Assignment]) {
        for a in assignments {
            self.share(&mut a.printed);
        }
    }

    pub(super) fn milestones(&mut self, milestones: &mut [Milestone]) {
        for m in milestones {
            self.share(&mut m.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_one_allocation() {
        let mut interner = Interner::default();
        let mut a: Arc<str> = Arc::from("市民政局");
        let mut b: Arc<str> = Arc::from(String::from("市民政局"));
        let mut c: Arc<str> = Arc::from("市财政局");
        interner.share(&mut a);
        interner.share(&mut b);
        interner.share(&mut c);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(&*b, "市民政局");
    }
}
