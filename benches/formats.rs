//! Reading speed per format: each seed printed as a Word document, an Excel
//! and an OpenDocument workbook and a web page (the files the format tests
//! write, merged cells included) and as a PDF text layer, opened and read,
//! beside the seed's own text. Throughput is in bytes of the file.
//!
//! No writer of Excel 97-2003 (.xls) is at hand in Rust, so .xls is measured
//! on the test fixture `tests/fixtures/formats/merged.xls` (written by
//! xlwt), beside the same table written as .xlsx and .ods.

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use std::hint::black_box;

use dutygraph::ingest::{self, formats, Directory};

// The writers of `tests/it/formats/`, reused so the bench reads exactly the
// files the tests check (their tests are compiled out here).
#[allow(dead_code, unused_imports)]
#[path = "../tests/it/formats/docx.rs"]
mod docx;
#[allow(dead_code, unused_imports)]
#[path = "../tests/it/formats/fixture.rs"]
mod fixture;
#[allow(dead_code, unused_imports)]
#[path = "../tests/it/formats/html.rs"]
mod html;
#[allow(dead_code, unused_imports)]
#[path = "../tests/it/formats/pdf.rs"]
mod pdf;
#[allow(dead_code, unused_imports)]
#[path = "../tests/it/formats/seeds.rs"]
mod seeds;
#[allow(dead_code, unused_imports)]
#[path = "../tests/it/formats/sheet.rs"]
mod sheet;

/// A PDF of the seed's lines, 50 to a page, each line one printed cell.
fn pdf_of(text: &str) -> Vec<u8> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let pages: Vec<pdf::Page<'_>> =
        lines.chunks(50).map(|page| page.iter().map(|l| vec![l.trim()]).collect()).collect();
    pdf::pdf(&pages)
}

fn formats(c: &mut Criterion) {
    let mut group = c.benchmark_group("reader/format");
    group.sample_size(20);
    for seed in dutygraph::seeds::bundled() {
        let source = seed.source();
        let parsed = ingest::read(&seed.text, &source, Directory::bundled());
        let doc = seeds::printed(&parsed);
        let files = [
            ("text", seed.text.clone().into_bytes()),
            ("docx", docx::docx(&doc)),
            ("xlsx", sheet::xlsx(&doc)),
            ("ods", sheet::ods(&doc)),
            ("html", html::html(&doc).into_bytes()),
            ("pdf", pdf_of(&seed.text)),
        ];
        for (format, bytes) in files {
            let name = format!("{}.{format}", seed.entry.file);
            bench_file(&mut group, &format!("{}/{format}", &seed.entry.file[..3]), &name, &bytes, &source);
        }
    }
    // The .xls fixture and its table in the other workbook formats.
    let source = ingest::Source::default();
    let xls = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/merged.xls"))
        .expect("the .xls fixture");
    let doc = xls_fixture_table();
    for (format, bytes) in [("xls", xls), ("xlsx", sheet::xlsx(&doc)), ("ods", sheet::ods(&doc))] {
        let name = format!("merged.{format}");
        bench_file(&mut group, &format!("merged.xls/{format}"), &name, &bytes, &source);
    }
    group.finish();
}

/// Opens and reads `bytes` as the file `name`.
fn bench_file(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    name: &str,
    bytes: &[u8],
    source: &ingest::Source,
) {
    let read = |bytes: &[u8]| {
        let input = formats::open(bytes, name).expect("the file opens");
        ingest::read_input(&input, source, Directory::bundled())
    };
    // A misread file would be timed on another path than a reading.
    let parsed = read(bytes);
    assert!(!parsed.tasks.is_empty() && !parsed.has_errors(), "{name}: {:?}", parsed.diagnostics);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function(id, |b| b.iter(|| black_box(read(bytes))));
}

/// The table `tests/fixtures/formats/make_xls.py` writes into merged.xls:
/// a title merged across the table, and a lead unit merged over two tasks.
fn xls_fixture_table() -> fixture::Doc {
    let (c, s) = (fixture::Cell::new, fixture::Cell::spanning);
    fixture::Doc::default().paragraph("珠海市养老服务体系建设重点任务分工表").table(fixture::Table {
        rows: vec![
            vec![c("序号"), c("重点任务"), c("牵头单位"), c("配合单位")],
            vec![c("1"), c("建设社区养老服务综合体"), s("市民政局", 2, 1), c("市财政局")],
            vec![c("2"), c("落实养老服务补贴制度"), c("市卫生健康委")],
            vec![c("3"), c("培育养老护理人才队伍"), c("市财政局"), c("")],
        ],
    })
}

criterion_group!(benches, formats);
criterion_main!(benches);
