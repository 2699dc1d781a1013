//! A folder of files as published, loaded by the real binary
//! (`dutygraph ingest DIR`): its manifest.toml lists Word documents and
//! workbooks; each is stored with its tasks located in the file, and a
//! corrupt one is refused by name while the others are stored.

use std::fs;

use dutygraph::model::{Catalog, Location};
use dutygraph::store::Store;

use super::fixture::Doc;
use crate::support_bin::run;

const TITLE: &str = "珠海市养老服务体系建设重点任务分工表";

fn table_cell(row: u32) -> Location {
    Location::TableCell { table: 1, row, column: 1 }
}

fn sheet_cell(cell: &str) -> Location {
    Location::Cell { sheet: "Sheet1".into(), cell: cell.into() }
}

/// The locations of the tasks of the document read from `file`, in order.
fn stored_locations(catalog: &Catalog, file: &str) -> Vec<Location> {
    let docs: Vec<_> = catalog.documents().iter().filter(|d| d.source_name == file).collect();
    assert_eq!(docs.len(), 1, "`{file}` stored once: {:?}", catalog.documents());
    let mut tasks: Vec<_> = catalog.document_tasks(docs[0].id).collect();
    tasks.sort_by_key(|t| t.id.seq);
    tasks.iter().map(|t| t.location.clone()).collect()
}

#[test]
fn a_folder_of_word_and_excel_files_is_stored_and_a_corrupt_one_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, data) = (dir.path().join("附件"), dir.path().join("data"));
    fs::create_dir(&folder).unwrap();
    let word = super::docx::docx(&Doc::default().paragraph(TITLE).table(super::docx::merged_table()));
    fs::write(folder.join("分工表.docx"), &word).unwrap();
    // A download cut short: the zip's central directory is missing.
    fs::write(folder.join("损坏.docx"), &word[..word.len() / 2]).unwrap();
    fs::write(folder.join("分工表.xlsx"), super::sheet::xlsx(&super::sheet::merged_table())).unwrap();
    let entry =
        |file: &str| format!("[[document]]\nfile = \"{file}\"\nplace = \"珠海市\"\ntitle = \"{TITLE}\"\n\n");
    let manifest = ["分工表.docx", "损坏.docx", "分工表.xlsx"].map(entry).concat();
    fs::write(folder.join("manifest.toml"), manifest).unwrap();

    let out = run(&data, &["ingest", folder.to_str().unwrap(), "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a refusal fails the run");
    let refusals: Vec<&str> = stderr.lines().filter(|l| l.starts_with("refused: ")).collect();
    assert_eq!(refusals.len(), 1, "{stderr}");
    assert!(refusals[0].contains("`损坏.docx`"), "the refusal names the file: {stderr}");
    assert!(stderr.contains("1 documents were refused"), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON summary");
    assert_eq!(summary["documents"], 3, "{summary}");
    assert_eq!(summary["created"], 2, "{summary}");
    assert_eq!(summary["refused"], 1, "{summary}");
    assert_eq!(summary["tasks"], 3 + 4, "{summary}");

    let catalog = Store::open(&data).unwrap().catalog().unwrap();
    assert_eq!(catalog.documents().len(), 2);
    assert!(catalog.documents().iter().all(|d| d.title == TITLE && d.source_name != "损坏.docx"));
    // Tasks are located in the file as published: the Word table's rows
    // under a two-row header, the sheet's cells under a title row and a
    // two-row header.
    assert_eq!(stored_locations(&catalog, "分工表.docx"), [table_cell(3), table_cell(4), table_cell(5)]);
    assert_eq!(
        stored_locations(&catalog, "分工表.xlsx"),
        [sheet_cell("A4"), sheet_cell("A5"), sheet_cell("A6"), sheet_cell("A7")]
    );
}
