//! Backup and restore with the real binary: `ingest` the seeds through the
//! CLI, `export`, `import` into a fresh data dir, `export` again. The two
//! exports are byte-identical and the two stores hold the same catalog; an
//! import into a non-empty dir, or of a damaged file, fails with a clear
//! message and changes nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use dutygraph::ingest::manifest::Manifest;
use dutygraph::model::Catalog;
use dutygraph::store::Store;

use crate::support_bin::run;

fn succeed(output: Output, what: &str) -> Output {
    assert!(output.status.success(), "{what} failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

fn export(data: &Path, out: &Path) -> Vec<u8> {
    succeed(run(data, &["export", "--out", out.to_str().unwrap()]), "export");
    fs::read(out).expect("the export file is written")
}

fn catalog(data: &Path) -> Catalog {
    Store::open(data).expect("the store opens").catalog().expect("the catalog loads")
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

#[test]
fn export_import_export_round_trips_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (original, restored) = (dir.path().join("original"), dir.path().join("restored"));
    let manifest = Manifest::bundled();
    for entry in &manifest.documents {
        let file = seeds_dir().join(&entry.file);
        let args = [
            "ingest",
            file.to_str().unwrap(),
            "--place",
            &entry.place,
            "--title",
            &entry.title,
            "--province",
            &entry.province,
            "--policy-area",
            &entry.policy_area,
        ];
        succeed(run(&original, &args), &entry.file);
    }
    let first = export(&original, &dir.path().join("a.jsonl"));
    let imported =
        succeed(run(&restored, &["import", dir.path().join("a.jsonl").to_str().unwrap()]), "import");
    assert!(String::from_utf8_lossy(&imported.stderr).contains("imported"));
    let second = export(&restored, &dir.path().join("b.jsonl"));
    assert!(first == second, "the export of the restored store differs from the original export");
    let (before, after) = (catalog(&original), catalog(&restored));
    assert_eq!(before.documents().len(), manifest.documents.len());
    assert!(before == after, "the restored catalog differs");
}

#[test]
fn refused_imports_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let seed = &dutygraph::seeds::bundled()[1];
    let file = dir.path().join(&seed.entry.file);
    fs::write(&file, &seed.text).unwrap();
    succeed(run(&data, &["ingest", file.to_str().unwrap(), "--place", &seed.entry.place]), "ingest");
    let backup = dir.path().join("backup.jsonl");
    let before = export(&data, &backup);

    // Into a non-empty dir: refused, with the way out in the message.
    let refused = run(&data, &["import", backup.to_str().unwrap()]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("empty"), "unclear refusal: {message}");
    assert!(export(&data, &dir.path().join("again.jsonl")) == before, "a refused import changed the store");

    // A damaged file (a record line cut short) into a fresh dir: refused,
    // and the dir stays empty.
    let text = String::from_utf8(before).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let middle = lines.len() / 2;
    let cut = &lines[middle][..lines[middle].len() / 2];
    lines[middle] = cut;
    let damaged = dir.path().join("damaged.jsonl");
    fs::write(&damaged, lines.join("\n") + "\n").unwrap();
    let fresh = dir.path().join("fresh");
    let refused = run(&fresh, &["import", damaged.to_str().unwrap()]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains(&format!("line {}", middle + 1)),
        "the message does not name the line: {message}"
    );
    assert!(Store::open(&fresh).unwrap().is_empty().unwrap(), "a refused import wrote records");
}
