//! Who does what in a task: its unit cells (with the column, label, verb
//! or heading that named them) → units with roles and ranks, resolved in
//! the document's place. The rules that give a unit its role live here:
//! 责任单位 beside 牵头单位 supports; a ★ or （牵头） marks a cell's lead and
//! makes the others of its cell supporters; rank 1 of the leads, the unit
//! printed first, is the primary lead.
//!
//! This module must not find cells in the text; the reader hands them over.

use serde::Serialize;

use super::directory::Resolver;
use super::draft::{Basis, Draft, UnitCell};
use super::lexicon;
use super::units::{self, split_units, Known, UnitName};
use super::vocab::{resolve_role, ColumnKind};
use super::{Diagnostic, DiagnosticCode, ParsedUnit, Severity};
use crate::model::Role;

/// Which rule settled a unit's role, beside what named it ([`Basis`]).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleRule {
    /// The role its column, label or verb names.
    AsNamed,
    /// 责任单位 in a task that also names 牵头 units: support.
    ResponsibleBesideLead,
    /// Marked ★ or （牵头） in its cell: lead.
    Marked,
    /// Unmarked in a cell where another unit is marked: support.
    BesideMarked,
}

fn warn(diags: &mut Vec<Diagnostic>, line: u32, code: DiagnosticCode, message: String) {
    diags.push(Diagnostic::new(line, Severity::Warning, code, message));
}

/// Splits and resolves a draft's units, lead units first, each role in
/// printed order (marked units first in their cell).
pub fn units(draft: &Draft, resolver: &Resolver, diags: &mut Vec<Diagnostic>) -> Vec<ParsedUnit> {
    let known = |name: &str| {
        let r = resolver.resolve(name);
        match (r.known, r.correction) {
            (true, None) if r.by_rule => Known::Rule,
            (true, None) => Known::Exact,
            (true, Some(_)) => Known::Corrected,
            (false, _) => Known::Unknown,
        }
    };
    let split: Vec<(Vec<UnitName>, &UnitCell)> = draft
        .units
        .iter()
        .map(|cell| {
            (
                split_units(&cell.lines, &known).into_iter().flat_map(|n| run_together(n, &known)).collect(),
                cell,
            )
        })
        .collect();
    let marked_cell = |names: &[UnitName]| names.iter().any(|n| n.starred);
    let marked = split.iter().any(|(names, _)| marked_cell(names));
    let has_lead = marked || draft.units.iter().any(|c| c.kind == ColumnKind::Lead);
    let role_of = |names: &[UnitName], c: &UnitCell, n: &UnitName| -> (Role, RoleRule) {
        if n.starred {
            return (Role::Lead, RoleRule::Marked);
        }
        if marked_cell(names) {
            return (Role::Support, RoleRule::BesideMarked);
        }
        let role = resolve_role(c.kind, has_lead).unwrap_or(Role::Support);
        let rule = if c.kind == ColumnKind::Responsible && role == Role::Support {
            RoleRule::ResponsibleBesideLead
        } else {
            RoleRule::AsNamed
        };
        (role, rule)
    };
    let mut units = Vec::new();
    for role in [Role::Lead, Role::Support] {
        let mut names: Vec<(UnitName, &UnitCell, RoleRule)> = Vec::new();
        for (in_cell, cell) in &split {
            let mut here: Vec<(&UnitName, RoleRule)> = in_cell
                .iter()
                .map(|n| (n, role_of(in_cell, cell, n)))
                .filter(|(_, (r, _))| *r == role)
                .map(|(n, (_, rule))| (n, rule))
                .collect();
            // Marked units go first, the others keep their order.
            here.sort_by_key(|(n, _)| !n.starred);
            names.extend(here.into_iter().map(|(n, rule)| (n.clone(), *cell, rule)));
        }
        for (i, (name, cell, rule)) in names.into_iter().enumerate() {
            let line = cell.line;
            let res = resolver.resolve(&name.printed);
            if !res.known {
                warn(
                    diags,
                    line,
                    DiagnosticCode::UnknownUnit,
                    format!(
                        "unit `{}` (line {line}) is not in the reference table; kept as printed",
                        name.printed
                    ),
                );
            }
            if let Some(correction) = &res.correction {
                warn(
                    diags,
                    line,
                    DiagnosticCode::CorrectedUnit,
                    format!("unit `{}` (line {line}): {correction}", name.printed),
                );
            }
            units.push(ParsedUnit {
                printed: name.printed,
                canonical: res.canonical,
                category: res.category,
                level: res.level,
                role,
                rank: u16::try_from(i + 1).unwrap_or(u16::MAX),
                known: res.known,
                line,
                basis: cell.basis.clone(),
                rule,
            });
        }
    }
    units
}

/// Two names printed with no separator (`市民政局市财政局`): split when no
/// row of the table names the whole (the rule for governments may: 州气象局
/// 各县（市）政府 ends like one) and it splits into names that each read as
/// a unit, the later ones opening with a level.
fn run_together(name: UnitName, known: &dyn Fn(&str) -> Known) -> Vec<UnitName> {
    let whole = known(&name.printed);
    if name.printed.chars().count() < 6 || matches!(whole, Known::Exact | Known::Corrected) {
        return vec![name];
    }
    // A whole the government rule names splits only after a name with an
    // ending of its own: 各县（市）|区人民政府 and 贵港产业园|区管委会 are
    // one place's government.
    let ends_a_name = |p: &String| whole != Known::Rule || units::has_unit_suffix(p);
    match lexicon::split_run(&name.printed) {
        Some(parts)
            if parts.len() > 1
                && parts.iter().all(|p| lexicon::is_unit_name(p))
                && parts[..parts.len() - 1].iter().all(ends_a_name)
                && parts.iter().skip(1).all(|p| lexicon::opens_with_level(p)) =>
        {
            parts
                .into_iter()
                .enumerate()
                .map(|(i, printed)| UnitName { printed, starred: name.starred && i == 0 })
                .collect()
        }
        _ => vec![name],
    }
}

/// Why a unit has its role, in words, for `extract --explain`.
pub fn explain(unit: &ParsedUnit) -> String {
    let named = match &unit.basis {
        Basis::Column { header } => format!("in the {header} column"),
        Basis::Label { label } => format!("after the label {label}"),
        Basis::Verb { verb } if verb.is_empty() => "in a clause".to_string(),
        Basis::Verb { verb } => format!("before the verb {verb}"),
        Basis::BeforeColon => "named before the task and a colon".to_string(),
        Basis::Heading { heading } => format!("named by the heading `{heading}`"),
        Basis::Merged => "in the merged cell of the row above".to_string(),
        Basis::Ditto => "in the row above's cell, which this row's 同上 repeats".to_string(),
    };
    let rule = match unit.rule {
        RoleRule::AsNamed => String::new(),
        RoleRule::ResponsibleBesideLead => "; 责任 units support where the task names 牵头 units".to_string(),
        RoleRule::Marked => "; marked ★/（牵头） as its cell's lead".to_string(),
        RoleRule::BesideMarked => "; another unit of its cell is marked as the lead".to_string(),
    };
    let primary =
        if unit.role == Role::Lead && unit.rank == 1 { " (primary lead: printed first)" } else { "" };
    format!("{named} (line {}){rule}{primary}", unit.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_printed_together_are_split() {
        let unknown = |_: &str| Known::Unknown;
        let split = |t: &str| {
            run_together(UnitName { printed: t.into(), starred: false }, &unknown)
                .into_iter()
                .map(|n| n.printed)
                .collect::<Vec<_>>()
        };
        assert_eq!(split("市民政局市财政局"), ["市民政局", "市财政局"]);
        assert_eq!(split("县水务局县住建局"), ["县水务局", "县住建局"]);
        assert_eq!(split("市人力资源和社会保障局"), ["市人力资源和社会保障局"]);
        assert_eq!(split("各县市区人民政府"), ["各县市区人民政府"]);
        assert_eq!(split("市公安局交警支队"), ["市公安局交警支队"]);
        // The government rule names these wholes; only the first splits.
        let rule = |t: &str| {
            if t.ends_with("政府") || t.ends_with("管委会") {
                Known::Rule
            } else {
                Known::Unknown
            }
        };
        let split = |t: &str| {
            run_together(UnitName { printed: t.into(), starred: false }, &rule)
                .into_iter()
                .map(|n| n.printed)
                .collect::<Vec<_>>()
        };
        assert_eq!(split("州气象局各县（市）政府"), ["州气象局", "各县（市）政府"]);
        assert_eq!(split("各县（市）区人民政府"), ["各县（市）区人民政府"]);
        assert_eq!(split("贵港产业园区管委会"), ["贵港产业园区管委会"]);
    }
}
