//! Deadline phrases → milestones.
//! PLACEHOLDER INTERFACE — to be implemented.

use super::ParsedMilestone;
use crate::model::MilestoneSource;

/// What a deadline cell or task text promises.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deadlines {
    pub milestones: Vec<ParsedMilestone>,
    /// 持续实施 / 长期 / 持续推进: the task is ongoing.
    pub ongoing: bool,
}

/// Reads every dated commitment in `text`.
pub fn read_deadlines(_text: &str, _source: MilestoneSource) -> Deadlines {
    Deadlines::default()
}
