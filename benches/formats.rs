//! Reading speed per format: each seed printed as a Word document, a
//! workbook and a web page (the files the format tests write, merged cells
//! included) and as a PDF text layer, opened and read, beside the seed's
//! own text. Throughput is in bytes of the file.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
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
            ("html", html::html(&doc).into_bytes()),
            ("pdf", pdf_of(&seed.text)),
        ];
        for (format, bytes) in files {
            let name = format!("{}.{format}", seed.entry.file);
            group.throughput(Throughput::Bytes(bytes.len() as u64));
            group.bench_function(format!("{}/{format}", &seed.entry.file[..3]), |b| {
                b.iter(|| {
                    let input = formats::open(&bytes, &name).expect("the file opens");
                    black_box(ingest::read_input(&input, &source, Directory::bundled()))
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, formats);
criterion_main!(benches);
