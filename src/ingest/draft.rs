//! A task as read, before units are split and resolved and deadlines read:
//! the meeting point of the table and prose shapes, so that both finish
//! through the same code.

use super::vocab::ColumnKind;

/// Why a list of units has the part it has: what the document printed
/// about it. `extract --explain` shows it for every unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Basis {
    /// The column the cell sits in, by its header word (牵头单位).
    Column { header: String },
    /// A label before the list (牵头单位：, 【配合部门】).
    Label { label: String },
    /// A verb after the names (X牵头, Y配合, Z负责).
    Verb { verb: String },
    /// Names before the task and a colon (市民政局：…).
    BeforeColon,
    /// A heading over the task names them (（一）市发展改革委牵头).
    Heading { heading: String },
    /// The row prints no unit: the merged cell of the row above.
    Merged,
    /// The cell says 同上 (as above): the row above's cell of its column.
    Ditto,
}

/// The printed text of one unit cell (or labelled list) and what its column
/// or label calls it; the role is settled per task (责任单位 beside 牵头单位
/// is support).
#[derive(Debug, Clone)]
pub struct UnitCell {
    pub kind: ColumnKind,
    pub basis: Basis,
    pub line: u32,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub line: u32,
    /// The last line the task was read from (its text, cells or labels).
    pub last_line: u32,
    pub number: Option<String>,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub measure: Option<String>,
    pub text: String,
    pub detail: Option<String>,
    pub deadline: Option<String>,
    pub units: Vec<UnitCell>,
}
