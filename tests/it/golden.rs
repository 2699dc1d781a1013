//! Golden tests for the reader: every `tests/golden/*.txt` and every seed
//! document is read with the bundled directory and its dump (tasks and
//! diagnostics) compared with the `.json` beside it. `UPDATE_EXPECT=1`
//! rewrites the dumps (expect-test); review the diff before committing.

use std::path::{Path, PathBuf};

use dutygraph::ingest::{self, Directory, ParsedDocument, Source};

/// The seeds' places, as the seed manifest will give them.
pub const SEED_CITIES: &[(&str, &str)] =
    &[("000", "珠海市"), ("001", "江门市"), ("002", "三亚市"), ("003", "咸阳市"), ("004", "永州市")];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name().expect("file name").to_string_lossy().into_owned()
}

/// Reads a seed with its place, as ingest will.
pub fn read_seed(prefix: &str) -> ParsedDocument {
    let path = txt_files(&root().join("seeds"))
        .into_iter()
        .find(|p| file_name(p).starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    read_path(&path, seed_place(&path))
}

fn seed_place(path: &Path) -> Option<String> {
    let name = file_name(path);
    SEED_CITIES.iter().find(|(p, _)| name.starts_with(p)).map(|(_, c)| c.to_string())
}

pub fn read_path(path: &Path, place: Option<String>) -> ParsedDocument {
    let bytes = std::fs::read(path).expect("read input");
    let name = file_name(path);
    let text = ingest::decode(&bytes, &name).expect("decodable input");
    let source = Source { name, place, ..Source::default() };
    ingest::read(&text, &source, Directory::bundled())
}

fn check(expected: &Path, doc: &ParsedDocument) {
    let actual = serde_json::to_string_pretty(doc).expect("serialisable") + "\n";
    expect_test::expect_file![expected].assert_eq(&actual);
}

#[test]
fn golden_dumps() {
    let golden = root().join("tests/golden");
    for input in txt_files(&golden) {
        check(&input.with_extension("json"), &read_path(&input, None));
    }
    for input in txt_files(&root().join("seeds")) {
        let expected = golden.join("seeds").join(file_name(&input)).with_extension("json");
        check(&expected, &read_path(&input, seed_place(&input)));
    }
}

/// Reads one golden input (`tests/golden/<name>.txt`) with the place its title names.
fn read_golden(name: &str) -> ParsedDocument {
    read_path(&root().join("tests/golden").join(name), None)
}

fn unit_names(doc: &ParsedDocument, role: dutygraph::model::Role) -> Vec<Vec<&str>> {
    doc.tasks
        .iter()
        .map(|t| t.units.iter().filter(|u| u.role == role).map(|u| u.printed.as_str()).collect())
        .collect()
}

fn codes(doc: &ParsedDocument) -> Vec<&str> {
    doc.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// 永州 layout: a continuation row's 具体内容 cell lists `2.…；3.…`; those
/// items are not new rows, and the row above keeps its units.
#[test]
fn numbered_items_inside_a_cell_are_not_rows() {
    use dutygraph::model::Role;
    let doc = read_golden("018_numbered_items_in_cells.txt");
    assert_eq!(doc.tasks.len(), 6, "{:#?}", doc.diagnostics);
    let numbers: Vec<&str> = doc.tasks.iter().filter_map(|t| t.number.as_deref()).collect();
    assert_eq!(numbers, ["1", "1", "2", "2", "2", "3"]);
    let leads: Vec<usize> = unit_names(&doc, Role::Lead).iter().map(Vec::len).collect();
    assert_eq!(leads, [3, 4, 3, 2, 2, 2]);
    assert_eq!(doc.tasks[3].text, "开展孝亲敬老系列评选活动");
    assert!(doc.tasks[3].detail.as_deref().unwrap().starts_with("3.到2020年"));
    assert!(doc.tasks.iter().all(|t| t.deadline.is_some()));
    assert!(
        !codes(&doc).iter().any(|c| matches!(*c, "short-row" | "no-task-text" | "no-units")),
        "{:#?}",
        doc.diagnostics
    );
}

/// A name wrapped after a part the directory would "correct" is one name;
/// a short tail does not stick to a complete name before it.
#[test]
fn wrapped_unit_names_join_before_typo_correction() {
    use dutygraph::model::Role;
    let doc = read_golden("019_wrapped_unit_names.txt");
    assert_eq!(unit_names(&doc, Role::Lead), [vec!["市人力资源社会保障局"], vec!["市教育局"]]);
    assert_eq!(
        unit_names(&doc, Role::Support),
        [vec!["市卫健委", "济南银保监分局"], vec!["市人力资源社会保障局", "市民政局"]]
    );
    assert_eq!(doc.tasks[0].units[0].canonical, "市人力资源和社会保障局");
    assert!(doc.tasks.iter().flat_map(|t| &t.units).all(|u| u.known));
    assert!(
        !codes(&doc).iter().any(|c| matches!(*c, "corrected-unit" | "unknown-unit")),
        "{:#?}",
        doc.diagnostics
    );
}

/// Rows carry a 完成时限 cell the header does not name: it is read as the
/// deadline, with a warning on the header line.
#[test]
fn an_unnamed_trailing_deadline_column_is_found() {
    use dutygraph::model::Role;
    for (file, leads, supports) in [
        ("020_unnamed_deadline_column.txt", vec![1, 1, 1], vec![2, 1, 1]),
        ("021_unnamed_deadline_spaced.txt", vec![1, 1, 1], vec![0, 0, 0]),
    ] {
        let doc = read_golden(file);
        assert_eq!(doc.tasks.len(), 3, "{file}");
        let l: Vec<usize> = unit_names(&doc, Role::Lead).iter().map(Vec::len).collect();
        let s: Vec<usize> = unit_names(&doc, Role::Support).iter().map(Vec::len).collect();
        assert_eq!((l, s), (leads, supports), "{file}");
        let deadlines: Vec<Option<&str>> = doc.tasks.iter().map(|t| t.deadline.as_deref()).collect();
        assert!(deadlines.iter().all(Option::is_some), "{file}: {deadlines:?}");
        assert_eq!(doc.tasks.iter().filter(|t| t.ongoing).count(), 1, "{file}");
        assert!(doc.tasks.iter().flat_map(|t| &t.units).all(|u| u.known), "{file}");
        let warning = doc.diagnostics.iter().find(|d| d.code == "unnamed-deadline-column");
        assert_eq!(
            warning.map(|d| (d.line, d.severity)),
            Some((2, dutygraph::ingest::Severity::Warning)),
            "{file}"
        );
    }
}

/// Numbered prose items (`1.`, `（1）`, `一是`) that wrap onto further lines
/// are one task each, with the units of their (possibly wrapped) parenthesis.
#[test]
fn wrapped_prose_items_are_joined() {
    use dutygraph::model::Role;
    let doc = read_golden("022_prose_wrapped.txt");
    let texts: Vec<&str> = doc.tasks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "建立养老服务联席会议制度，定期研究解决养老服务发展中的重大问题。",
            "落实养老机构用地政策，2021年底前完成专项规划编制。",
            "开展养老护理员职业技能培训，持续实施。",
            "加强养老服务人才队伍建设",
        ]
    );
    assert_eq!(
        unit_names(&doc, Role::Support),
        [vec!["市发改委", "市财政局"], vec!["各县市区人民政府"], vec![], vec![]]
    );
    let leads: Vec<usize> = unit_names(&doc, Role::Lead).iter().map(Vec::len).collect();
    assert_eq!(leads, [1, 1, 1, 1]);
    assert_eq!(doc.tasks[1].milestones.len(), 1);
    assert!(doc.tasks[2].ongoing);
    assert_eq!(doc.tasks[3].chapter.as_deref(), Some("二、加强队伍建设"));
    assert!(doc.diagnostics.is_empty(), "{:#?}", doc.diagnostics);
}

/// A 责任单位 cell that names roles itself (`牵头单位：…` / `配合单位：…`,
/// `A牵头，B配合`) gives lead and support units, not leads only.
#[test]
fn roles_written_inside_a_unit_cell() {
    use dutygraph::model::Role;
    let doc = read_golden("023_roles_inside_unit_cells.txt");
    assert_eq!(
        unit_names(&doc, Role::Lead),
        [vec!["市民政局"], vec!["市自然资源和规划局"], vec!["市人社局"]]
    );
    // `（牵头）` marks the cell's lead: the other units of the cell support it.
    assert_eq!(
        unit_names(&doc, Role::Support),
        [vec!["市发改委", "市财政局"], vec!["市民政局"], vec!["市民政局"]]
    );
    assert!(doc.diagnostics.is_empty(), "{:#?}", doc.diagnostics);
}
