//! Bad input: empty and binary files, text that is no task table, other
//! encodings (GBK, GB18030, a BOM, CRLF), full-width digits and spaces, a
//! table without a unit column, units nobody knows. Each gives the same
//! tasks as the clean seed where it should, or a clear error or diagnostic
//! naming the file or line; none panics.

use dutygraph::ingest::{self, DecodeError, Directory, ParsedDocument, Severity, Source};
use dutygraph::model::{Category, Level};

use crate::golden::SEED_CITIES;

fn seed_path(prefix: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::read_dir(&dir)
        .expect("seeds dir")
        .map(|e| e.expect("entry").path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .unwrap_or_else(|| panic!("no seed {prefix}"))
}

fn seed_text(prefix: &str) -> String {
    std::fs::read_to_string(seed_path(prefix)).expect("seed is UTF-8")
}

fn place(prefix: &str) -> Option<String> {
    SEED_CITIES.iter().find(|(p, _)| *p == prefix).map(|(_, c)| c.to_string())
}

/// Decodes `bytes` as a file named `name` and reads it in the seed's place.
fn read_bytes(bytes: &[u8], name: &str, prefix: &str) -> ParsedDocument {
    let text = ingest::decode(bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
    read_text(&text, name, prefix)
}

/// Reads `text` in the seed's place; any other prefix leaves the place to the title.
fn read_text(text: &str, name: &str, prefix: &str) -> ParsedDocument {
    let source = Source { name: name.into(), place: place(prefix), ..Source::default() };
    ingest::read(text, &source, Directory::bundled())
}

/// Tasks (with units and milestones) and diagnostics as JSON, to compare
/// two reads of the same table.
fn dump(doc: &ParsedDocument) -> serde_json::Value {
    serde_json::json!({ "tasks": doc.tasks, "diagnostics": doc.diagnostics })
}

const SEEDS: [&str; 5] = ["000", "001", "002", "003", "004"];

#[test]
fn an_empty_file_is_refused_by_name() {
    for bytes in [&b""[..], b"  \r\n\n\t\n", "\u{feff}".as_bytes()] {
        let err = ingest::decode(bytes, "empty.txt").unwrap_err();
        assert_eq!(err, DecodeError::Empty { name: "empty.txt".into() });
        assert!(err.to_string().contains("`empty.txt` is empty"), "{err}");
    }
}

#[test]
fn binary_data_is_refused_by_name() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    let err = ingest::decode(png, "chart.png").unwrap_err();
    assert!(matches!(err, DecodeError::Binary { ref name, offset: 8 } if name == "chart.png"), "{err:?}");
    assert!(err.to_string().contains("chart.png") && err.to_string().contains("binary"), "{err}");
    // Control bytes without a NUL are binary too.
    let err = ingest::decode(b"\x01\x02\x03\x04\x05table", "odd.bin").unwrap_err();
    assert!(err.to_string().contains("odd.bin"), "{err}");
}

#[test]
fn text_that_is_not_a_task_table_says_so() {
    let text = "关于做好2020年春节期间安全生产工作的通知\n各区、各部门：\n春节将至，请做好安全生产工作。\n1.加强值班值守。\n2.做好应急准备。\n";
    let doc = read_text(text, "notice.txt", "title");
    assert!(doc.tasks.is_empty(), "{:?}", doc.tasks);
    let errors: Vec<_> = doc.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{:?}", doc.diagnostics);
    assert_eq!(errors[0].code, "no-table");
    assert!(errors[0].message.contains("notice.txt"), "{}", errors[0].message);
}

#[test]
fn gbk_and_gb18030_copies_read_like_the_utf8_seed() {
    for prefix in SEEDS {
        let text = seed_text(prefix);
        let clean = dump(&read_text(&text, "seed.txt", prefix));
        for encoding in [encoding_rs::GBK, encoding_rs::GB18030] {
            let (bytes, _, unmappable) = encoding.encode(&text);
            assert!(!unmappable, "seed {prefix} fits {}", encoding.name());
            assert!(std::str::from_utf8(&bytes).is_err(), "the copy is not UTF-8");
            let doc = read_bytes(&bytes, "seed.txt", prefix);
            assert_eq!(dump(&doc), clean, "seed {prefix} in {}", encoding.name());
        }
    }
}

#[test]
fn a_bom_and_crlf_line_ends_change_nothing() {
    for prefix in SEEDS {
        let text = seed_text(prefix);
        let clean = dump(&read_text(&text, "seed.txt", prefix));
        let bom = format!("\u{feff}{text}");
        assert_eq!(dump(&read_bytes(bom.as_bytes(), "seed.txt", prefix)), clean, "seed {prefix} with a BOM");
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(dump(&read_bytes(crlf.as_bytes(), "seed.txt", prefix)), clean, "seed {prefix} with CRLF");
        // The reader itself, given undecoded CRLF text and a BOM, agrees too.
        assert_eq!(dump(&read_text(&format!("\u{feff}{crlf}"), "seed.txt", prefix)), clean, "seed {prefix}");
    }
}

/// Every digit full-width, and full-width spaces around number and deadline
/// cells and inside deadlines (`\t　１`, `２０２０年　６月`).
fn widen(text: &str) -> String {
    let wide: String = text
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    wide.lines()
        .map(|l| match l.strip_prefix('\t') {
            Some(cell) if cell.chars().next().is_some_and(|c| ('０'..='９').contains(&c)) => {
                format!("\t　{}　", cell.replacen('年', "年　", 1))
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn full_width_digits_and_spaces_read_like_ascii() {
    for prefix in SEEDS {
        let text = seed_text(prefix);
        let wide = widen(&text);
        assert!(wide.contains('　') || prefix == "003", "seed {prefix} got full-width spaces");
        assert!(!wide.chars().any(|c| c.is_ascii_digit()), "seed {prefix}");
        let clean = read_text(&text, "seed.txt", prefix);
        let doc = read_text(&wide, "wide.txt", prefix);
        assert_eq!(dump(&doc), dump(&clean), "seed {prefix} with full-width digits");
        assert!(!doc.tasks.is_empty());
    }
    // 永州 numbers its rows in a 序号 column and prints dates as deadlines.
    let doc = read_text(&widen(&seed_text("004")), "wide.txt", "004");
    assert_eq!(doc.tasks[0].number.as_deref(), Some("1"));
    assert_eq!(doc.tasks[0].deadline.as_deref(), Some("2019年11月"));
    assert_eq!(doc.tasks[0].milestones[0].date.to_string(), "2019-11-30");
}

#[test]
fn a_table_without_a_unit_column_reports_it_at_the_header() {
    let text = "岳阳市养老服务重点任务清单\n\t序号\n\t工作任务\n\t完成时限\n\n\t1\n\t建立养老服务联席会议制度\n\t2020年底前\n\n\t2\n\t落实养老机构用地政策\n\t持续实施\n";
    let doc = read_text(text, "no_units.txt", "title");
    assert_eq!(doc.tasks.len(), 2);
    assert!(doc.tasks.iter().all(|t| t.units.is_empty()));
    assert_eq!(doc.tasks[0].milestones.len(), 1);
    assert!(doc.tasks[1].ongoing);
    let error = doc.diagnostics.iter().find(|d| d.code == "no-unit-column").expect("no-unit-column");
    assert_eq!((error.line, error.severity), (2, Severity::Error));
    assert!(error.message.contains("line 2"), "{}", error.message);
    let no_units: Vec<u32> =
        doc.diagnostics.iter().filter(|d| d.code == "no-units").map(|d| d.line).collect();
    assert_eq!(no_units, [6, 10]);
}

#[test]
fn units_nobody_knows_are_kept_as_other_with_their_line() {
    let text = "岳阳市养老服务重点任务清单\n\t序号\n\t工作任务\n\t牵头单位\n\t配合单位\n\n\t1\n\t建立养老服务联席会议制度\n\t市民政局\n\t岳阳市康乐养老服务中心、\n市银发互助协会\n\n\t2\n\t开展老年教育\n\t市老年大学筹备处\n\t市财政局\n";
    let doc = read_text(text, "unknown.txt", "title");
    assert_eq!(doc.place.as_deref(), Some("岳阳市"));
    assert_eq!(doc.tasks.len(), 2);
    let unknown: Vec<(&str, Category, Level, bool)> = doc
        .tasks
        .iter()
        .flat_map(|t| &t.units)
        .filter(|u| !u.known)
        .map(|u| (u.printed.as_str(), u.category, u.level, u.known))
        .collect();
    assert_eq!(
        unknown,
        [
            ("岳阳市康乐养老服务中心", Category::Other, Level::Unknown, false),
            ("市银发互助协会", Category::Other, Level::Unknown, false),
            ("市老年大学筹备处", Category::Other, Level::Unknown, false),
        ]
    );
    let reported: Vec<(u32, Severity)> =
        doc.diagnostics.iter().filter(|d| d.code == "unknown-unit").map(|d| (d.line, d.severity)).collect();
    assert_eq!(reported, [(10, Severity::Warning), (10, Severity::Warning), (15, Severity::Warning)]);
    let first = doc.diagnostics.iter().find(|d| d.code == "unknown-unit").unwrap();
    assert!(
        first.message.contains("岳阳市康乐养老服务中心") && first.message.contains("line 10"),
        "{}",
        first.message
    );
    // The known units around them are untouched.
    assert!(doc.tasks[0].units[0].known && doc.tasks[1].units[1].known);
}

#[test]
fn a_task_naming_thousands_of_dates_is_an_error_not_a_panic() {
    // Milestone positions are u16: 65 537 dates in one task once overflowed.
    let dates = "2020年，".repeat(65_537);
    let text = format!(
        "株洲市养老服务体系建设重点任务分工\n\n一、完善政策体系\n1.建立联席会议制度{dates}。（牵头单位：市民政局；配合单位：市财政局）\n"
    );
    let doc = dutygraph::ingest::read(&text, &Source::default(), Directory::bundled());
    let error = doc.diagnostics.iter().find(|d| d.code == "too-many-milestones").expect("diagnosed");
    assert_eq!(error.severity, Severity::Error);
    assert_eq!(error.line, 4);
    assert!(error.message.contains("65537"), "{}", error.message);
}
