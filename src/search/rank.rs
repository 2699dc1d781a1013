//! Ranking a search without scoring every match exactly.
//!
//! A term in most of the corpus (养老服务 in an elderly-care corpus) matches
//! most tasks, and scoring each with tantivy's scorers (a phrase query needs
//! the positions of every match) costs linear time in the matches with a
//! large constant: 90 ms at the 1000× corpus. The score of a task (see
//! `query.rs`) is a sum of word scores, which the postings give cheaply
//! (document and term frequency, no positions), and phrase scores, which
//! need positions. So ranking goes in two passes:
//!
//! 1. **Bounds.** Every (field, term) walks its words' postings once, in
//!    doc order, led by the rarest words that a match must hold one of
//!    (the others are only sought at their documents), in units of
//!    documents spread over the cores. A task gets the exact score of the
//!    words it holds and, for
//!    a phrase whose words are all there, the BM25 the phrase would have if
//!    it occurred as often as its rarest word (`phrase tf ≤ min word tf`, and
//!    BM25 grows with tf). That is an upper bound of the task's score, and
//!    equal to it in the common case, a phrase printed once. Matches are
//!    counted in this pass.
//! 2. **Exact scores**, best bounds first, in batches: the batch's tasks are
//!    scored exactly (tantivy's phrase scorer, seeking to each task), until
//!    the last hit wanted ranks ahead of every bound left.
//!
//! Both passes add the same parts in the same order, each part of the bound
//! at least the exact part, so the bound is never below the score in
//! floating point either (rounding is monotone) and the page is the one an
//! exact scoring of every match gives. `tests.rs` checks the page against
//! tantivy's own query of the same definition.

use std::cmp::Ordering;
use std::ops::Range;

use rayon::prelude::*;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, PhraseQuery, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use super::query::QueryTerm;
use super::schema::{Fields, TaskField};
use super::{SearchError, SourceOrder};

/// One hit as ranked: its score and the part of each field, in thousandths.
pub(super) struct Scored {
    pub(super) at: DocAddress,
    pub(super) milli: i64,
    pub(super) parts: [i64; TaskField::ALL.len()],
}

/// The page wanted and how many tasks match in all.
pub(super) struct Ranked {
    pub(super) total: usize,
    pub(super) page: Vec<Scored>,
}

/// Scores as ranked and shown: three decimals, as an integer so ties are exact.
pub(super) fn milli(score: Score) -> i64 {
    (f64::from(score) * 1000.0).round() as i64
}

/// A word's BM25 in one field, with its scores at one occurrence (almost
/// every posting) looked up instead of computed; the same floats either way.
struct WordScore {
    bm25: Bm25Weight,
    once: Box<[Score; 256]>,
}

impl WordScore {
    fn new(bm25: Bm25Weight) -> WordScore {
        let once = Box::new(std::array::from_fn(|fieldnorm| bm25.score(fieldnorm as u8, 1)));
        WordScore { bm25, once }
    }

    #[inline]
    fn score(&self, fieldnorm: u8, tf: u32) -> Score {
        if tf == 1 {
            self.once[usize::from(fieldnorm)]
        } else {
            self.bm25.score(fieldnorm, tf)
        }
    }
}

/// A term of the query in one field.
struct TermPlan {
    words: Vec<(Term, WordScore)>,
    /// Words a field must hold for the term to match there.
    half: usize,
    /// For a term of several words: the phrase and its BM25 weight.
    phrase: Option<(Box<dyn Weight>, Bm25Weight)>,
}

/// The query as the two passes read it: per field, its weight and terms.
struct Plan {
    fields: Vec<(tantivy::schema::Field, Score, Vec<TermPlan>)>,
}

impl Plan {
    fn new(searcher: &Searcher, fields: &Fields, terms: &[QueryTerm]) -> Result<Plan, SearchError> {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let mut plan = Plan { fields: Vec::with_capacity(TaskField::ALL.len()) };
        for f in TaskField::ALL {
            let (field, boost) = (fields.of(f), f.weight());
            let mut plans = Vec::with_capacity(terms.len());
            for term in terms {
                let mut words = Vec::with_capacity(term.words.len());
                for (_, word) in &term.words {
                    let word = Term::from_field_text(field, word);
                    let bm25 = Bm25Weight::for_terms(searcher, std::slice::from_ref(&word))?.boost_by(boost);
                    words.push((word, WordScore::new(bm25)));
                }
                let phrase = if term.words.len() > 1 {
                    let query = PhraseQuery::new_with_offset(
                        term.words.iter().map(|(at, w)| (*at, Term::from_field_text(field, w))).collect(),
                    );
                    // The weight tantivy's phrase scorer uses, boosted as it
                    // boosts it, so a bound and a score agree to the bit.
                    let bm25 = Bm25Weight::for_terms(searcher, &query.phrase_terms())?.boost_by(boost);
                    Some((query.weight(scoring)?, bm25))
                } else {
                    None
                };
                plans.push(TermPlan { half: term.words.len().div_ceil(2), words, phrase });
            }
            plan.fields.push((field, boost, plans));
        }
        Ok(plan)
    }
}

/// A term's words in one segment, walked in doc order.
struct Cursors<'p> {
    plan: &'p TermPlan,
    /// One per word the segment holds, in the term's word order.
    postings: Vec<(SegmentPostings, &'p WordScore)>,
    /// Which postings lead the walk: a task holding enough words for the
    /// term holds one of them (the rarest `n - half + 1` words; it lacks at
    /// most `n - half`), so the others are only sought at their documents.
    leads: Vec<bool>,
}

/// What a task holds of one term in one field.
struct Held {
    words: usize,
    score: Score,
    rarest: u32,
}

impl<'p> Cursors<'p> {
    fn open(plan: &'p TermPlan, segment: &SegmentReader) -> Result<Cursors<'p>, SearchError> {
        let mut postings = Vec::with_capacity(plan.words.len());
        if let Some((first, _)) = plan.words.first() {
            let index = segment.inverted_index(first.field())?;
            for (word, score) in &plan.words {
                let read = index.read_postings(word, IndexRecordOption::WithFreqs);
                if let Some(p) = read.map_err(tantivy::TantivyError::from)? {
                    postings.push((p, score));
                }
            }
        }
        // Words the segment lacks count as lacking: they lead nothing.
        let lacking = plan.words.len() - postings.len();
        let leading = (plan.words.len() + 1).saturating_sub(plan.half + lacking);
        let mut rarest: Vec<usize> = (0..postings.len()).collect();
        rarest.sort_by_key(|&i| postings[i].0.doc_freq());
        let mut leads = vec![false; postings.len()];
        for &i in rarest.iter().take(leading) {
            leads[i] = true;
        }
        Ok(Cursors { plan, postings, leads })
    }

    /// The next document at or after `from` that a leading word holds.
    fn next_doc(&mut self, from: DocId) -> DocId {
        let mut next = TERMINATED;
        for ((p, _), &lead) in self.postings.iter_mut().zip(&self.leads) {
            if lead {
                if p.doc() < from {
                    p.seek(from);
                }
                next = next.min(p.doc());
            }
        }
        next
    }

    /// The words at `doc`: cursors before it seek it, none moves past it.
    fn held(&mut self, doc: DocId, fieldnorm: u8) -> Held {
        let mut held = Held { words: 0, score: 0.0, rarest: u32::MAX };
        for (p, word) in &mut self.postings {
            if p.doc() < doc {
                p.seek(doc);
            }
            if p.doc() == doc {
                let tf = p.term_freq();
                held.words += 1;
                held.score += word.score(fieldnorm, tf);
                held.rarest = held.rarest.min(tf);
            }
        }
        held
    }

    /// The term's part of the score, given the phrase's score there (or its
    /// bound); `None` when the field holds too few of its words.
    fn part(&self, held: &Held, phrase: impl FnOnce() -> Score) -> Option<Score> {
        if held.words < self.plan.half {
            return None;
        }
        let all = held.words == self.plan.words.len() && self.plan.phrase.is_some();
        Some(if all { phrase() + held.score } else { held.score })
    }
}

/// A match as pass 1 leaves it: the bound of its score, its source-order key.
#[derive(Clone, Copy)]
struct Candidate {
    bound: i64,
    key: u64,
    at: DocAddress,
}

/// Best first: higher score, then earlier in source order.
fn rank_order(a: (i64, u64), b: (i64, u64)) -> Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1))
}

/// Ranks the tasks matching `terms` (and the filter, if any) and returns the
/// hits from `offset` to `offset + limit`, and the count of all matches.
pub(super) fn rank(
    searcher: &Searcher,
    fields: &Fields,
    terms: &[QueryTerm],
    filter: Option<&dyn Query>,
    order: &SourceOrder,
    offset: usize,
    limit: usize,
) -> Result<Ranked, SearchError> {
    let plan = Plan::new(searcher, fields, terms)?;
    let filter = filter.map(|q| q.weight(EnableScoring::disabled_from_searcher(searcher))).transpose()?;
    let units: Vec<(u32, Range<DocId>)> = (0u32..)
        .zip(searcher.segment_readers())
        .flat_map(|(ord, segment)| {
            let max = segment.max_doc();
            (0..max.div_ceil(UNIT_DOCS)).map(move |i| (ord, i * UNIT_DOCS..max.min((i + 1) * UNIT_DOCS)))
        })
        .collect();
    let unit = |(ord, docs): (u32, Range<DocId>)| {
        let segment = searcher.segment_reader(ord);
        bounds(&plan, segment, ord, docs, filter.as_deref(), order.segment(segment.segment_id()))
    };
    // One unit runs here: waking the pool's threads would cost more.
    let found: Vec<Vec<Candidate>> = if units.len() > 1 {
        units.into_par_iter().map(unit).collect::<Result<_, _>>()?
    } else {
        units.into_iter().map(unit).collect::<Result<_, _>>()?
    };
    let mut candidates: Vec<Candidate> = found.concat();
    let total = candidates.len();
    let wanted = offset.saturating_add(limit).min(total);
    if limit == 0 || wanted <= offset {
        return Ok(Ranked { total, page: Vec::new() });
    }

    let mut best: Vec<(Scored, u64)> = Vec::new();
    let mut rest = &mut candidates[..];
    // Unit tests start from one candidate, so that the stopping rule, not a
    // generous first batch, decides every page they check.
    let mut batch = if cfg!(test) { 1 } else { (2 * wanted).max(64) };
    while !rest.is_empty() {
        let cmp = |a: &Candidate, b: &Candidate| rank_order((a.bound, a.key), (b.bound, b.key));
        let take = batch.min(rest.len());
        if take < rest.len() {
            rest.select_nth_unstable_by(take - 1, cmp);
        }
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(take);
        best.extend(exact(searcher, &plan, head)?);
        best.sort_unstable_by(|a, b| rank_order((a.0.milli, a.1), (b.0.milli, b.1)));
        best.truncate(wanted);
        rest = tail;
        // Every candidate left ranks at best where the head's last bound
        // does: stop when the last hit wanted ranks ahead of it.
        let last = head.iter().max_by(|a, b| cmp(a, b)).map(|c| (c.bound, c.key));
        let settled = |kept: &(Scored, u64), last| rank_order((kept.0.milli, kept.1), last) == Ordering::Less;
        if best.len() == wanted && best.last().zip(last).is_some_and(|(kept, last)| settled(kept, last)) {
            break;
        }
        batch *= 2;
    }
    let page = best.into_iter().skip(offset).map(|(scored, _)| scored).collect();
    Ok(Ranked { total, page })
}

/// Documents per unit of pass 1: units run on all cores, and a unit's
/// arrays stay small enough for the cache. Unit tests cut the seeds into
/// several units, so that units' edges are crossed.
const UNIT_DOCS: u32 = if cfg!(test) { 61 } else { 16 * 1024 };

/// Pass 1 over documents `docs` of one segment: every live match of the
/// query and the filter, with the upper bound of its score.
fn bounds(
    plan: &Plan,
    segment: &SegmentReader,
    ord: u32,
    docs: Range<DocId>,
    filter: Option<&dyn Weight>,
    keys: Option<&[u64]>,
) -> Result<Vec<Candidate>, SearchError> {
    let start = docs.start;
    let at = move |doc: DocId| (doc - start) as usize;
    let len = at(docs.end);
    let mut bound = vec![0.0 as Score; len];
    let mut matched = vec![false; len];
    for (field, _, terms) in &plan.fields {
        let norms = segment.get_fieldnorms_reader(*field)?;
        for term in terms {
            let mut cursors = Cursors::open(term, segment)?;
            let mut doc = cursors.next_doc(docs.start);
            while doc < docs.end {
                let fieldnorm = norms.fieldnorm_id(doc);
                let held = cursors.held(doc, fieldnorm);
                let phrase =
                    || term.phrase.as_ref().map_or(0.0, |(_, bm25)| bm25.score(fieldnorm, held.rarest));
                if let Some(part) = cursors.part(&held, phrase) {
                    bound[at(doc)] += part;
                    matched[at(doc)] = true;
                }
                doc = cursors.next_doc(doc + 1);
            }
        }
    }
    if let Some(weight) = filter {
        let mut allowed = vec![false; len];
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut doc = if scorer.doc() < docs.start { scorer.seek(docs.start) } else { scorer.doc() };
        while doc < docs.end {
            allowed[at(doc)] = true;
            doc = scorer.advance();
        }
        matched.iter_mut().zip(allowed).for_each(|(m, a)| *m &= a);
    }
    let alive = segment.alive_bitset();
    let mut out = Vec::new();
    for doc in docs.filter(|&doc| matched[at(doc)] && alive.is_none_or(|a| a.is_alive(doc))) {
        let key = keys.and_then(|k| k.get(doc as usize).copied()).unwrap_or(u64::MAX);
        out.push(Candidate { bound: milli(bound[at(doc)]), key, at: DocAddress::new(ord, doc) });
    }
    Ok(out)
}

/// Pass 2: the exact scores of some candidates, with their source keys.
fn exact(
    searcher: &Searcher,
    plan: &Plan,
    candidates: &[Candidate],
) -> Result<Vec<(Scored, u64)>, SearchError> {
    let mut sorted: Vec<Candidate> = candidates.to_vec();
    sorted.sort_unstable_by_key(|c| (c.at.segment_ord, c.at.doc_id));
    let mut out = Vec::with_capacity(sorted.len());
    for group in sorted.chunk_by(|a, b| a.at.segment_ord == b.at.segment_ord) {
        let segment = searcher.segment_reader(group[0].at.segment_ord);
        let mut per_field = Vec::with_capacity(plan.fields.len());
        for (field, boost, terms) in &plan.fields {
            let norms = segment.get_fieldnorms_reader(*field)?;
            let mut open = Vec::with_capacity(terms.len());
            for term in terms {
                let phrase = term.phrase.as_ref().map(|(w, _)| w.scorer(segment, *boost)).transpose()?;
                open.push((Cursors::open(term, segment)?, phrase));
            }
            per_field.push((norms, open));
        }
        for c in group {
            let doc = c.at.doc_id;
            let mut score: Score = 0.0;
            let mut parts = [0.0 as Score; TaskField::ALL.len()];
            for (f, (norms, open)) in per_field.iter_mut().enumerate() {
                let fieldnorm = norms.fieldnorm_id(doc);
                for (cursors, phrase) in open.iter_mut() {
                    let held = cursors.held(doc, fieldnorm);
                    if let Some(part) = cursors.part(&held, || phrase_at(phrase, doc)) {
                        score += part;
                        parts[f] += part;
                    }
                }
            }
            let scored = Scored { at: c.at, milli: milli(score), parts: parts.map(milli) };
            out.push((scored, c.key));
        }
    }
    Ok(out)
}

/// The phrase's score at `doc`, for a scorer standing at or before it.
fn phrase_at(phrase: &mut Option<Box<dyn Scorer>>, doc: DocId) -> Score {
    let Some(p) = phrase else { return 0.0 };
    if p.doc() < doc {
        p.seek(doc);
    }
    if p.doc() == doc {
        p.score()
    } else {
        0.0
    }
}
