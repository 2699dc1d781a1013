//! A deadline column the header does not name. Some tables print 完成时限
//! cells under a header that stops at the unit columns (the header word was
//! lost in conversion, or never printed). When most full rows end in a cell
//! that reads as a deadline, the header gains that column, and the reader
//! says so in a warning.
//!
//! This module must not change rows or cells; it only proposes a header.

use super::columns::{ColumnKind, Header};
use super::deadline::read_deadlines;
use super::raw::{Layout, RawItem};
use super::rows::{self, Event};
use super::units::{has_unit_suffix, split_units, Known};
use crate::model::MilestoneSource;

/// The header with a trailing deadline column when the rows carry one the
/// header does not name; `None` when the header already names a deadline
/// or the rows do not end in deadlines.
pub fn unnamed_deadline_column(layout: Layout, header: &Header, body: &[RawItem]) -> Option<Header> {
    if header.columns.contains(&ColumnKind::Deadline) {
        return None;
    }
    let mut wider = header.clone();
    wider.columns.push(ColumnKind::Deadline);
    let width = wider.columns.len();
    let (mut full, mut dated) = (0usize, 0usize);
    for event in rows::group(layout, &wider, body) {
        let last: Vec<String> = match event {
            Event::Row { cells, .. } if cells.len() >= width => {
                cells.last().map(|c| c.lines.clone()).unwrap_or_default()
            }
            // Rows matched to columns by content: the deadline column holds
            // what reads as a deadline, if anything does.
            Event::Aligned { cells } => {
                cells.iter().filter(|(j, _)| *j == width - 1).map(|(_, c)| c.text()).collect()
            }
            _ => continue,
        };
        full += 1;
        if reads_as_deadline(&last) {
            dated += 1;
        }
    }
    // Most full rows, and more than a stray one, must end in a deadline.
    (dated >= 2 && dated * 2 > full).then_some(wider)
}

/// A cell that reads as a deadline: a milestone or an ongoing mark, and not
/// a list of units (`各县市区人民政府` never does, but a unit cell may hold a
/// year in a parenthesis).
fn reads_as_deadline(lines: &[String]) -> bool {
    if lines.is_empty() {
        return false;
    }
    let d = read_deadlines(&lines.join("\n"), MilestoneSource::DeadlineColumn);
    if d.milestones.is_empty() && !d.ongoing {
        return false;
    }
    let names = split_units(lines, &|_| Known::Unknown);
    names.is_empty() || !names.iter().all(|n| has_unit_suffix(&n.printed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_cells_and_unit_cells() {
        let l = |s: &str| vec![s.to_string()];
        assert!(reads_as_deadline(&l("2020年底前")));
        assert!(reads_as_deadline(&l("持续实施")));
        assert!(reads_as_deadline(&l("２０２０年６月")));
        assert!(!reads_as_deadline(&l("市民政局、市财政局")));
        assert!(!reads_as_deadline(&l("推进医养结合")));
        assert!(!reads_as_deadline(&[]));
    }
}
