//! Similar tasks: the Jaccard index of the tasks' shingle sets.
//!
//! # Definition
//! The score of tasks A and B is J(A, B) = |S(A) ∩ S(B)| / |S(A) ∪ S(B)|,
//! where S(T) is the set of character bigrams of T's task text after
//! normalising (traditional characters simplified, full-width ASCII
//! narrowed, ASCII lowercased) and removing every character that is not a
//! letter or digit ([`text::shingles`]). Measure, detail and headings are not
//! part of it. J is 1 for texts with the same bigrams (the same task in
//! traditional characters, or punctuated differently), 0 for texts sharing
//! none.
//!
//! # Finding every task above a threshold
//! No sampling: a task B with J(A, B) ≥ t shares at least k = ⌈t·|S(A)|⌉
//! bigrams with A (since |S(A) ∪ S(B)| ≥ |S(A)|), so it contains at least one
//! of any |S(A)| − k + 1 of A's bigrams. The index's shingle field gives the
//! tasks holding A's |S(A)| − k + 1 rarest bigrams; each is then scored
//! exactly. This is prefix filtering (Chaudhuri et al. 2006, Bayardo et al.
//! 2007): exact, and cheaper the higher the threshold.

use std::collections::HashMap;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::query::task_of;
use super::text::{jaccard, shingle_text, shingles};
use super::{SearchError, SearchIndex};
use crate::model::{Catalog, DocumentId, TaskId};

/// The threshold `similarTasks` and `alignDocuments` use when given none.
pub const DEFAULT_MIN_SCORE: f64 = 0.3;

/// A task and its score against another.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    pub task: TaskId,
    pub score: f64,
}

/// Two documents' tasks paired: each pair the best-scoring one left.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// (task of A, task of B, J), in A's order.
    pub pairs: Vec<(TaskId, TaskId, f64)>,
    /// A's tasks with no partner, in order.
    pub only_a: Vec<TaskId>,
    /// B's tasks with no partner, in order.
    pub only_b: Vec<TaskId>,
}

impl SearchIndex {
    /// Every other task with J ≥ `min_score` (0 < `min_score` ≤ 1) against
    /// `task`, best first (ties in source order), at most `limit`. Empty for
    /// a task the catalog does not hold or whose text has no letter or digit.
    ///
    /// Complexity: the postings of the task's rarest bigrams, plus one
    /// Jaccard per task found there.
    pub fn similar(&self, task: TaskId, min_score: f64, limit: usize) -> Result<Vec<Similar>, SearchError> {
        let live = self.live()?;
        let Some(a) = self.catalog.task(task) else { return Ok(Vec::new()) };
        let mine = shingles(&a.text);
        if mine.is_empty() {
            return Ok(Vec::new());
        }
        let field = live.shared.fields.shingles;
        let searcher = &live.searcher;
        let must_share = ((min_score * mine.len() as f64) - 1e-9).ceil().max(1.0) as usize;
        let prefix = mine.len().saturating_sub(must_share) + 1;
        let mut rarest: Vec<(u64, Term)> = mine
            .iter()
            .map(|&s| {
                let term = Term::from_field_text(field, &shingle_text(s));
                Ok((searcher.doc_freq(&term)?, term))
            })
            .collect::<Result<_, SearchError>>()?;
        rarest.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.cmp(&y.1)));
        let query = BooleanQuery::union(
            rarest
                .into_iter()
                .take(prefix)
                .map(|(_, t)| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
                .collect(),
        );
        let found = searcher.search(&query, &DocSetCollector)?;
        let mut out: Vec<Similar> = found
            .into_iter()
            .filter_map(|at| task_of(searcher, at))
            .filter(|&id| id != task)
            .filter_map(|id| self.catalog.task(id))
            .map(|b| Similar { task: b.id, score: jaccard(&mine, &shingles(&b.text)) })
            .filter(|s| s.score >= min_score)
            .collect();
        let order = live.order(&self.catalog);
        let source = |id: TaskId| order.key(id);
        out.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| source(x.task).cmp(&source(y.task))));
        out.truncate(limit);
        Ok(out)
    }
}

/// Pairs the tasks of documents `a` and `b`: of all pairs with J ≥
/// `min_score`, the best-scoring one is taken, then the best among tasks
/// not yet paired, and so on (ties: earlier in A, then earlier in B). Each
/// task is in at most one pair. Greedy, not a maximum-weight matching: a
/// pair is kept because it is the best left, which is what a reader
/// comparing the two tables by hand would do.
pub fn align(catalog: &Catalog, a: DocumentId, b: DocumentId, min_score: f64) -> Alignment {
    let side = |d| catalog.document_tasks(d).map(|t| (t.id, shingles(&t.text))).collect::<Vec<_>>();
    let (ta, tb) = (side(a), side(b));
    let mut candidates = Vec::new();
    for (i, (_, sa)) in ta.iter().enumerate() {
        for (j, (_, sb)) in tb.iter().enumerate() {
            let score = jaccard(sa, sb);
            if score >= min_score && score > 0.0 {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_a, mut used_b) = (vec![false; ta.len()], vec![false; tb.len()]);
    let mut partner: HashMap<usize, (usize, f64)> = HashMap::new();
    for (score, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            partner.insert(i, (j, score));
        }
    }
    let pairs = (0..ta.len()).filter_map(|i| partner.get(&i).map(|&(j, s)| (ta[i].0, tb[j].0, s))).collect();
    let unused = |side: &[(TaskId, Vec<u64>)], used: &[bool]| {
        side.iter().zip(used).filter(|(_, &u)| !u).map(|((id, _), _)| *id).collect()
    };
    Alignment { pairs, only_a: unused(&ta, &used_a), only_b: unused(&tb, &used_b) }
}
