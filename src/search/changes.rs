//! What changed between two documents of one place: tasks added, dropped and
//! kept (through [`align`]), and each department's part before and after.
//!
//! # Definitions
//! - Kept: the pairs of [`align`] (a task of `a` and one of `b` with Jaccard
//!   index J ≥ the threshold, paired greedily best first); dropped: the
//!   tasks of `a` left unpaired; added: the tasks of `b` left unpaired.
//! - A department is matched across the two documents by its canonical name
//!   within the place (which is what its id is made of, so one id).
//! - Its lead (support) count in a document is the number of the document's
//!   tasks it leads (supports), any rank.
//! - Its role in a task is lead, support or none; a role change is a kept
//!   pair in which its role in `b`'s task differs from its role in `a`'s.

use std::collections::{BTreeMap, HashMap};

use super::similar::{align, Alignment};
use crate::model::{Catalog, DepartmentId, DocumentId, Role, TaskId};

/// Two documents of one place compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    pub alignment: Alignment,
    /// Every department taking part in either document, in catalog order
    /// (by name).
    pub departments: Vec<DepartmentChange>,
}

/// One department's part in two documents of its place.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentChange {
    pub department: DepartmentId,
    /// Tasks it leads in `a`, in `b`.
    pub lead: (u32, u32),
    /// Tasks it supports in `a`, in `b`.
    pub support: (u32, u32),
    /// Kept pairs where its role differs: (task of `a`, task of `b`, role in
    /// `a`, role in `b`), in the order of `a`.
    pub role_changes: Vec<(TaskId, TaskId, Option<Role>, Option<Role>)>,
}

impl DepartmentChange {
    /// Whether anything about it differs between the documents.
    pub fn changed(&self) -> bool {
        self.lead.0 != self.lead.1 || self.support.0 != self.support.1 || !self.role_changes.is_empty()
    }
}

/// Compares documents `a` and `b` (the caller checks they are of one place).
///
/// Complexity: that of [`align`] (|a| × |b| Jaccard indexes) plus the
/// documents' assignments.
pub fn changes(catalog: &Catalog, a: DocumentId, b: DocumentId, min_score: f64) -> Changes {
    let alignment = align(catalog, a, b, min_score);
    let role = |task: TaskId| -> HashMap<DepartmentId, Role> {
        // Assignments run lead first, so a unit printed in both cells keeps lead.
        let mut roles = HashMap::new();
        for x in catalog.task_assignments(task) {
            roles.entry(x.department).or_insert(x.role);
        }
        roles
    };
    let mut by_department: BTreeMap<usize, DepartmentChange> = BTreeMap::new();
    fn entry<'m>(
        map: &'m mut BTreeMap<usize, DepartmentChange>,
        catalog: &Catalog,
        d: DepartmentId,
    ) -> &'m mut DepartmentChange {
        let at = catalog.department_position(d).unwrap_or(usize::MAX);
        map.entry(at).or_insert_with(|| DepartmentChange {
            department: d,
            lead: (0, 0),
            support: (0, 0),
            role_changes: Vec::new(),
        })
    }
    for (side, doc) in [(0, a), (1, b)] {
        for task in catalog.document_tasks(doc) {
            for (d, r) in role(task.id) {
                let e = entry(&mut by_department, catalog, d);
                let count = if r == Role::Lead { &mut e.lead } else { &mut e.support };
                if side == 0 {
                    count.0 += 1;
                } else {
                    count.1 += 1;
                }
            }
        }
    }
    for &(ta, tb, _) in &alignment.pairs {
        let (ra, rb) = (role(ta), role(tb));
        let mut named: Vec<DepartmentId> = ra.keys().chain(rb.keys()).copied().collect();
        named.sort_unstable();
        named.dedup();
        for d in named {
            let (from, to) = (ra.get(&d).copied(), rb.get(&d).copied());
            if from != to {
                entry(&mut by_department, catalog, d).role_changes.push((ta, tb, from, to));
            }
        }
    }
    Changes { alignment, departments: by_department.into_values().collect() }
}
