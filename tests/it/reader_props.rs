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

/// Degenerate documents a few thousand lines long: each shape once made
/// some step of the reader take the square of its length (or swallowed the
/// rows after it). Read here at a size where that would show as minutes,
/// and checked for what they must still yield.
#[test]
fn degenerate_documents_read_in_one_pass() {
    const N: usize = 2_000;
    let tasks = |text: &str| {
        ingest::read(
            text,
            &Source { name: "degenerate.txt".into(), ..Source::default() },
            Directory::bundled(),
        )
        .tasks
    };
    // A stray quote opening a cell never closes: the rows below it stay rows.
    let mut csv = String::from("序号,工作任务,牵头单位,配合单位\n1,\"任务一,市民政局,市财政局\n");
    for n in 2..=N {
        csv.push_str(&format!("{n},推进养老服务{n},市民政局,市财政局\n"));
    }
    assert!(tasks(&csv).len() >= N - 1, "rows after a stray quote were swallowed");
    // Rows, then lines without a delimiter.
    let mut csv = String::from("序号,工作任务,牵头单位,配合单位\n1,任务,市民政局,市财政局\n");
    csv.push_str(&"没有逗号的说明文字\n".repeat(N));
    assert_eq!(tasks(&csv).len(), 1);
    // One cell of names run together, spaced or listed: read, not joined forever.
    for cell in ["市民政局甲".repeat(N), "甲乙 ".repeat(N), "甲市、".repeat(N)] {
        tasks(&format!("序号,工作任务,牵头单位,配合单位\n1,任务,{cell},市财政局\n"));
    }
    // Label lines after many items, and an item wrapping without end.
    let labels = format!("{}{}", "1.任务\n".repeat(N), "责任单位：市民政局\n".repeat(N));
    let read = tasks(&labels);
    assert!(
        read.iter().map(|t| t.units.len()).sum::<usize>() <= 16 * N,
        "labels shared with the square of items"
    );
    tasks(&format!("1.加强督导工作\n{}", "持续推进各项工作落实到位并加强检查\n".repeat(N)));
    // Cells per line: placeholders, single characters, columns printed one after another.
    tasks(&format!("序号\n工作任务\n牵头单位\n1\n{}", "/\n".repeat(N)));
    tasks(&format!("序号\n工作任务\n牵头单位\n1\n{}", "的\n".repeat(N)));
    tasks(&"序号\n1\n2\n".repeat(N));
    // Spaces, and a run-on header printed again and again.
    tasks(&format!("1{}牵头单位：市民政局", " ".repeat(20 * N)));
    tasks(&"序号重点任务牵头单位完成时限1推进工作。市民政局年底前\n".repeat(N));
    // Sub-item rows under no next number, in a piped table.
    let mut piped = String::from("| 序号 | 工作任务 | 牵头单位 |\n");
    for _ in 0..N {
        piped.push_str("| 1、 | 加强保护 |  |\n说明文字\n");
    }
    tasks(&piped);
}
