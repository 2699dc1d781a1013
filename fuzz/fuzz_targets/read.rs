//! Fuzzes the reader end to end: arbitrary bytes are decoded, and whatever
//! decodes is read with the bundled directory. Neither may panic; every
//! task must point at a line of the text.
#![no_main]

use dutygraph::ingest::{self, Directory, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = ingest::decode(bytes, "fuzz.txt") else { return };
    let source = Source { name: "fuzz.txt".into(), ..Source::default() };
    let doc = ingest::read(&text, &source, Directory::bundled());
    let lines = text.lines().count().max(1) as u32;
    for t in &doc.tasks {
        assert!((1..=lines).contains(&t.line), "task line {} of {lines}", t.line);
    }
});
