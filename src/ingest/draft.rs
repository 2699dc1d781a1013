//! A task as read, before units are split and resolved and deadlines read:
//! the meeting point of the table and prose shapes, so that both finish
//! through the same code.

use super::vocab::ColumnKind;

/// The printed text of one unit cell (or labelled list) and what its column
/// or label calls it; the role is settled per task (责任单位 beside 牵头单位
/// is support).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCell {
    pub kind: ColumnKind,
    pub line: u32,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub line: u32,
    pub number: Option<String>,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub measure: Option<String>,
    pub text: String,
    pub detail: Option<String>,
    pub deadline: Option<String>,
    pub units: Vec<UnitCell>,
}
