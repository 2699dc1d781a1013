//! Files that must be refused: each gets an error that names the file and
//! says what is wrong, and the store and the snapshot stay as they were.

use std::io::Write;

use dutygraph::engine::{Engine, EngineError};
use dutygraph::ingest::formats::OpenError;
use dutygraph::ingest::{DiagnosticCode, Source};
use dutygraph::store::Store;

use super::fixture::zip_of;

fn seeded() -> Engine {
    let engine = Engine::new(Store::temporary().unwrap()).unwrap();
    engine.load_seeds_if_empty().unwrap();
    engine
}

/// An OLE (Office 97–2003) container holding a stream of this name; the
/// format is told by the stream names, so nothing else is needed.
fn ole_with(stream: &str) -> Vec<u8> {
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(512, 0);
    bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(2048, 0);
    bytes
}

/// Ingests `bytes` as `name` into a seeded engine, checks that nothing
/// changed, and returns the error.
fn refused(name: &str, bytes: &[u8]) -> EngineError {
    let engine = seeded();
    let before = engine.store().catalog().unwrap();
    let source = Source { name: name.into(), place: Some("江门市".into()), ..Default::default() };
    let err = engine.ingest(bytes, &source).expect_err(name);
    assert!(err.to_string().contains(name), "the error names the file: {err}");
    assert_eq!(engine.store().catalog().unwrap(), before, "{name} changed the store");
    assert_eq!(*engine.snapshot().catalog, before, "{name} changed the snapshot");
    err
}

fn open_error(err: EngineError) -> OpenError {
    match err {
        EngineError::Open(e) => e,
        other => panic!("expected a file that cannot be opened, got {other}"),
    }
}

#[test]
fn a_corrupt_archive_is_refused() {
    let mut docx = zip_of(&[("word/document.xml", b"<w:document/>")]);
    docx.truncate(docx.len() / 2);
    let err = open_error(refused("分工表.docx", &docx));
    assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
    let err = open_error(refused("分工表.xlsx", b"PK\x03\x04\x14\x00 broken"));
    assert!(err.to_string().contains("not a readable"), "{err}");
}

#[test]
fn password_protected_and_legacy_files_are_refused_with_advice() {
    let err = open_error(refused("加密.xlsx", &ole_with("EncryptedPackage")));
    assert!(matches!(err, OpenError::Encrypted { .. }), "{err}");
    assert!(err.to_string().contains("without a password"), "{err}");
    let err = open_error(refused("分工表.doc", &ole_with("WordDocument")));
    assert!(matches!(err, OpenError::LegacyWord { .. }), "{err}");
    assert!(err.to_string().contains("save it as .docx"), "{err}");
}

#[test]
fn zip_bombs_are_refused_and_change_nothing() {
    // 64 MiB of spaces deflate to about 64 KiB; every part is inflated
    // through a counter that stops at the part limit (32 MiB).
    let spaces = vec![b' '; 64 << 20];
    for (name, part) in [("bomb.docx", "word/document.xml"), ("bomb.xlsx", "xl/worksheets/sheet1.xml")] {
        let mut parts: Vec<(&str, &[u8])> = vec![(part, &spaces)];
        if name.ends_with("xlsx") {
            parts.push(("xl/workbook.xml", b"<workbook/>"));
        }
        let bomb = zip_of(&parts);
        assert!(bomb.len() < 1 << 20, "{}", bomb.len());
        let err = open_error(refused(name, &bomb));
        assert!(matches!(err, OpenError::TooLarge { .. }), "{err}");
    }
}

#[test]
fn deep_xml_and_scanned_pdfs_are_refused() {
    let body = format!("<w:document>{}{}</w:document>", "<w:p>".repeat(100_000), "</w:p>".repeat(100_000));
    let err = open_error(refused("深.docx", &zip_of(&[("word/document.xml", body.as_bytes())])));
    assert!(matches!(err, OpenError::TooDeep { .. }), "{err}");
    let err = open_error(refused("扫描件.pdf", &super::pdf::scanned()));
    assert!(matches!(err, OpenError::NoTextLayer { pages: 2, .. }), "{err}");
    assert!(err.to_string().contains("no OCR"), "{err}");
}

#[test]
fn a_web_page_without_a_table_is_refused_by_the_reader() {
    let page = "<!DOCTYPE html><html><head><title>通知</title></head><body><p>会议通知：明天开会。</p></body></html>";
    match refused("通知.html", page.as_bytes()) {
        EngineError::Unreadable { diagnostics, .. } => {
            assert!(diagnostics.iter().any(|d| d.code == DiagnosticCode::NoTable), "{diagnostics:?}")
        }
        other => panic!("expected the reader's refusal, got {other}"),
    }
}

/// Runs `dutygraph extract FILE` in an address space of `limit_kib`, as a
/// shell's `ulimit -v` sets it; returns the exit code (None when killed)
/// and standard error.
fn extract_within(limit_kib: u64, file: &std::path::Path) -> (Option<i32>, String) {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {limit_kib} && exec \"$0\" extract \"$1\""))
        .arg(env!("CARGO_BIN_EXE_dutygraph"))
        .arg(file)
        // A backtrace's symbols would cost more memory than the reading.
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .output()
        .expect("sh runs");
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_zip_bomb_is_refused_in_an_address_space_smaller_than_it_inflates_to() {
    let dir = tempfile::tempdir().unwrap();
    // 512 MiB of spaces, deflated as they stream in: about 0.5 MiB on disk.
    let bomb = dir.path().join("bomb.docx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    out.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..512 {
        out.write_all(&chunk).unwrap();
    }
    out.finish().unwrap();
    const LIMIT_KIB: u64 = 128 * 1024;
    // The same limit leaves room to read a real table: the refusal below
    // is the reader's, not the limit's.
    let table = dir.path().join("table.docx");
    let seed = &dutygraph::seeds::bundled()[1];
    let parsed = dutygraph::ingest::read(&seed.text, &seed.source(), dutygraph::ingest::Directory::bundled());
    std::fs::write(&table, super::docx::docx(&super::seeds::printed(&parsed))).unwrap();
    let (code, stderr) = extract_within(LIMIT_KIB, &table);
    assert_eq!(code, Some(0), "{stderr}");

    let (code, stderr) = extract_within(LIMIT_KIB, &bomb);
    assert_eq!(code, Some(1), "refused with an error, not killed: {stderr}");
    assert!(stderr.contains("`bomb.docx`: part `word/document.xml` inflates past"), "{stderr}");
}
