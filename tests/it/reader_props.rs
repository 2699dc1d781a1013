//! Property tests: the reader never panics, on arbitrary text and on seeds
//! with lines deleted, duplicated or given stray tabs.

use dutygraph::ingest::{self, Directory, Source};
use proptest::prelude::*;

fn seed_lines() -> Vec<Vec<String>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed").lines().map(str::to_string).collect())
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Tab(usize),
    Pipe(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        any::<usize>().prop_map(Mutation::Tab),
        any::<usize>().prop_map(Mutation::Pipe),
    ]
}

fn read(text: &str) {
    let doc =
        ingest::read(text, &Source { name: "prop.txt".into(), ..Source::default() }, Directory::bundled());
    for t in &doc.tasks {
        assert!(
            t.line >= 1 && t.line as usize <= text.lines().count().max(1),
            "line {} out of range",
            t.line
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn never_panics_on_arbitrary_text(text in "(\\PC|[\\t\\n|、，（）()★ 1一.市局])*") {
        read(&text);
    }

    #[test]
    fn never_panics_on_mutated_seeds(seed in 0usize..5, mutations in prop::collection::vec(mutation(), 1..12)) {
        let mut lines = seed_lines().swap_remove(seed);
        for m in mutations {
            if lines.is_empty() {
                break;
            }
            let n = lines.len();
            match m {
                Mutation::Delete(i) => { lines.remove(i % n); }
                Mutation::Duplicate(i) => { let l = lines[i % n].clone(); lines.insert(i % n, l); }
                Mutation::Tab(i) => { let l = &mut lines[i % n]; let at = l.char_indices().nth(i % (l.chars().count() + 1)).map_or(l.len(), |(b, _)| b); l.insert(at, '\t'); }
                Mutation::Pipe(i) => lines[i % n].push_str(" |"),
            }
        }
        read(&lines.join("\n"));
    }
}
