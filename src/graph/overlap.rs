//! Overlap between departments: which tasks two units share, in which role
//! pairs, and how large the overlap is relative to their task sets.

use std::sync::Arc;

use serde::Serialize;

use crate::model::{DepartmentId, TaskId};

use super::net::{describe, Net, Part};
use super::{Actor, ActorKey, GraphError, Scope, Views};

/// Shared tasks of `a` and `b` by the role each plays (a unit that is both
/// lead and support of a task counts as lead).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RolePairCounts {
    /// Both lead.
    pub lead_lead: u32,
    /// `a` leads, `b` supports.
    pub lead_support: u32,
    /// `a` supports, `b` leads.
    pub support_lead: u32,
    /// Both support.
    pub support_support: u32,
}

/// How much two departments overlap. `A` and `B` are the sets of tasks each
/// takes part in, in any role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    pub a: Actor,
    pub b: Actor,
    /// `|A|`.
    pub a_tasks: u32,
    /// `|B|`.
    pub b_tasks: u32,
    /// `|A ∩ B|`.
    pub shared_tasks: u32,
    /// `|A ∪ B|`.
    pub union_tasks: u32,
    /// Jaccard index `|A ∩ B| / |A ∪ B|`; 0 when both sets are empty.
    pub jaccard: f64,
    /// Overlap (Szymkiewicz–Simpson) coefficient `|A ∩ B| / min(|A|, |B|)`;
    /// 0 when either set is empty.
    pub overlap_coefficient: f64,
    pub role_pairs: RolePairCounts,
    /// The shared tasks, in catalog order.
    pub shared_task_ids: Vec<TaskId>,
}

/// One partner of a department, for "who does X work with most".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    pub partner: Actor,
    /// `|A ∩ B|`.
    pub shared_tasks: u32,
    /// `|A ∩ B| / |A ∪ B|`.
    pub jaccard: f64,
    /// `|A ∩ B| / min(|A|, |B|)`.
    pub overlap_coefficient: f64,
    /// Role pairs, the department first.
    pub role_pairs: RolePairCounts,
}

/// Pairwise overlaps of the top-N actors of a scope, for heat maps. Row and
/// column `i` are `actors[i]`; the diagonal holds an actor's own task count
/// and 1.0 (0.0 for an actor with no task).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapMatrix {
    pub scope: Scope,
    /// Actors by total tasks descending, ties in actor order.
    pub actors: Vec<Actor>,
    /// `|A ∩ B|`.
    pub shared: Vec<Vec<u32>>,
    /// Jaccard index.
    pub jaccard: Vec<Vec<f64>>,
    /// Overlap coefficient.
    pub overlap_coefficient: Vec<Vec<f64>>,
}

struct Pairwise {
    shared: Vec<usize>,
    roles: RolePairCounts,
    a: u32,
    b: u32,
}

impl Pairwise {
    /// Merge of two sorted participation lists. Complexity: O(|A| + |B|).
    fn of(a: &[Part], b: &[Part]) -> Pairwise {
        let (mut i, mut j) = (0, 0);
        let mut out = Pairwise {
            shared: Vec::new(),
            roles: RolePairCounts::default(),
            a: a.len() as u32,
            b: b.len() as u32,
        };
        while i < a.len() && j < b.len() {
            match a[i].task.cmp(&b[j].task) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    out.shared.push(a[i].task as usize);
                    let r = &mut out.roles;
                    match (a[i].lead, b[j].lead) {
                        (true, true) => r.lead_lead += 1,
                        (true, false) => r.lead_support += 1,
                        (false, true) => r.support_lead += 1,
                        (false, false) => r.support_support += 1,
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        out
    }

    fn union(&self) -> u32 {
        self.a + self.b - self.shared.len() as u32
    }

    fn jaccard(&self) -> f64 {
        let u = self.union();
        if u == 0 {
            0.0
        } else {
            self.shared.len() as f64 / u as f64
        }
    }

    fn overlap_coefficient(&self) -> f64 {
        let m = self.a.min(self.b);
        if m == 0 {
            0.0
        } else {
            self.shared.len() as f64 / m as f64
        }
    }
}

impl Views {
    /// Overlap of two departments (in any places; departments of different
    /// places share no task).
    ///
    /// Arguments: two department ids (may be equal). Returns: the overlap;
    /// a department with no task has an empty task set. Errors for unknown
    /// ids. Complexity: O(|A| + |B|).
    pub fn overlap(&self, a: DepartmentId, b: DepartmentId) -> Result<Overlap, GraphError> {
        let net = self.net(&Scope::all())?;
        let parts_of = |id: DepartmentId| -> Result<&[Part], GraphError> {
            if self.catalog().department(id).is_none() {
                return Err(GraphError::UnknownDepartment(id));
            }
            Ok(net.index.get(&ActorKey::Department(id)).map_or(&[][..], |&i| &net.parts[i][..]))
        };
        let (pa, pb) = (parts_of(a)?, parts_of(b)?);
        let p = Pairwise::of(pa, pb);
        Ok(Overlap {
            a: describe(self.catalog(), ActorKey::Department(a)),
            b: describe(self.catalog(), ActorKey::Department(b)),
            a_tasks: p.a,
            b_tasks: p.b,
            shared_tasks: p.shared.len() as u32,
            union_tasks: p.union(),
            jaccard: p.jaccard(),
            overlap_coefficient: p.overlap_coefficient(),
            role_pairs: p.roles,
            shared_task_ids: p.shared.iter().map(|&t| net.tasks[t]).collect(),
        })
    }

    /// The departments a department shares most tasks with.
    ///
    /// Arguments: the department and how many partners to keep.
    /// Returns: partners by shared tasks descending, then Jaccard
    /// descending, then actor order. Complexity: O(Σ over partners of
    /// |A| + |B|).
    pub fn top_partners(&self, department: DepartmentId, limit: usize) -> Result<Vec<Partner>, GraphError> {
        let (net, a) = self.department_net(department)?;
        let mut partners: Vec<Partner> = net
            .neighbours(a)
            .into_iter()
            .map(|(b, _)| {
                let p = Pairwise::of(&net.parts[a], &net.parts[b]);
                Partner {
                    partner: net.actors[b].clone(),
                    shared_tasks: p.shared.len() as u32,
                    jaccard: p.jaccard(),
                    overlap_coefficient: p.overlap_coefficient(),
                    role_pairs: p.roles,
                }
            })
            .collect();
        partners.sort_by(|x, y| y.shared_tasks.cmp(&x.shared_tasks).then(y.jaccard.total_cmp(&x.jaccard)));
        partners.truncate(limit);
        Ok(partners)
    }

    /// Pairwise overlaps of the `top_n` actors of a scope by total tasks.
    ///
    /// Arguments: scope (departments or merged categories), `top_n`.
    /// Returns: the matrices. Complexity: O(V log V + N² · k) for k tasks
    /// per actor; O(N²) when cached (matrices are memoised per scope and N).
    pub fn overlap_matrix(&self, scope: &Scope, top_n: usize) -> Result<OverlapMatrix, GraphError> {
        let net = self.net(scope)?;
        let m = self.memo_overlap_matrix(scope, top_n, || Arc::new(matrix(&net, scope, top_n)));
        Ok((*m).clone())
    }
}

/// The overlap matrix of a scope's network; see [`Views::overlap_matrix`].
fn matrix(net: &Net, scope: &Scope, top_n: usize) -> OverlapMatrix {
    let top = top_by_tasks(net, top_n);
    let size = top.len();
    let mut m = OverlapMatrix {
        scope: scope.clone(),
        actors: top.iter().map(|&a| net.actors[a].clone()).collect(),
        shared: vec![vec![0; size]; size],
        jaccard: vec![vec![0.0; size]; size],
        overlap_coefficient: vec![vec![0.0; size]; size],
    };
    for (i, &a) in top.iter().enumerate() {
        for (j, &b) in top.iter().enumerate().skip(i) {
            let p = Pairwise::of(&net.parts[a], &net.parts[b]);
            for (x, y) in [(i, j), (j, i)] {
                m.shared[x][y] = p.shared.len() as u32;
                m.jaccard[x][y] = p.jaccard();
                m.overlap_coefficient[x][y] = p.overlap_coefficient();
            }
        }
    }
    m
}

/// Positions of the `n` actors with most tasks, ties in actor order.
pub(crate) fn top_by_tasks(net: &Net, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..net.node_count()).collect();
    order.sort_by(|&a, &b| net.parts[b].len().cmp(&net.parts[a].len()));
    order.truncate(n);
    order
}
