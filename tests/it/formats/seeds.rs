//! Each seed, printed as a Word document, an Excel and an OpenDocument
//! workbook and a web page (with the merged cells printed tables have:
//! headings across the table, a measure merged down over its tasks), reads
//! back to the tasks, units, roles and milestones the text seed reads to.

use dutygraph::ingest::formats::{self, Format};
use dutygraph::ingest::{read, read_input, Directory, ParsedDocument, ParsedTask};
use dutygraph::model::Location;

use super::fixture::{Cell, Doc, Table};

/// The table a reading of a text seed describes, as a publisher would print it.
pub fn printed(doc: &ParsedDocument) -> Doc {
    let has_measure = doc.tasks.iter().any(|t| t.measure.is_some());
    let has_detail = doc.tasks.iter().any(|t| t.detail.is_some());
    let mut header = vec!["序号"];
    if has_measure {
        header.push("工作措施");
    }
    header.extend(["重点任务"]);
    if has_detail {
        header.push("具体内容");
    }
    header.extend(["牵头单位", "配合单位", "完成时限"]);
    let width = header.len();
    let mut rows: Vec<Vec<Cell>> = vec![header.iter().map(|w| Cell::new(w)).collect()];
    let (mut chapter, mut section) = (None, None);
    let mut i = 0;
    while i < doc.tasks.len() {
        let task = &doc.tasks[i];
        for (heading, current) in [(&task.chapter, &mut chapter), (&task.section, &mut section)] {
            if heading.is_some() && heading != current {
                rows.push(vec![Cell::spanning(heading.as_deref().unwrap_or_default(), 1, width)]);
                current.clone_from(heading);
            }
        }
        // A measure printed once, merged down over the tasks under it.
        let span = doc.tasks[i..]
            .iter()
            .take_while(|t| {
                t.measure == task.measure && t.chapter == task.chapter && t.section == task.section
            })
            .count();
        for (k, t) in doc.tasks[i..i + span].iter().enumerate() {
            let mut row = vec![Cell::new(t.number.as_deref().unwrap_or_default())];
            if has_measure && k == 0 {
                row.push(Cell::spanning(t.measure.as_deref().unwrap_or_default(), span, 1));
            }
            row.push(Cell::new(&t.text));
            if has_detail {
                row.push(Cell::new(t.detail.as_deref().unwrap_or_default()));
            }
            row.push(Cell::new(&names(t, dutygraph::model::Role::Lead)));
            row.push(Cell::new(&names(t, dutygraph::model::Role::Support)));
            row.push(Cell::new(t.deadline.as_deref().unwrap_or_default()));
            rows.push(row);
        }
        i += span;
    }
    let title = doc.title.clone().unwrap_or_default();
    Doc::default().paragraph(&title).table(Table { rows })
}

fn names(task: &ParsedTask, role: dutygraph::model::Role) -> String {
    task.units.iter().filter(|u| u.role == role).map(|u| u.printed.as_str()).collect::<Vec<_>>().join("\n")
}

/// What must survive the format: per task its number, text, units with
/// roles in rank order, milestones and whether it is ongoing.
fn facts(doc: &ParsedDocument) -> Vec<String> {
    doc.tasks
        .iter()
        .map(|t| {
            let units: Vec<String> =
                t.units.iter().map(|u| format!("{}:{:?}", u.canonical, u.role)).collect();
            let milestones: Vec<String> =
                t.milestones.iter().map(|m| format!("{}/{:?}/{:?}", m.date, m.precision, m.kind)).collect();
            format!(
                "{} {} | {} | {} | ongoing {}",
                t.number.as_deref().unwrap_or("-"),
                t.text,
                units.join(", "),
                milestones.join(", "),
                t.ongoing
            )
        })
        .collect()
}

#[test]
fn every_seed_reads_the_same_from_docx_xlsx_ods_and_html() {
    for seed in dutygraph::seeds::bundled() {
        let source = seed.source();
        let text = read(&seed.text, &source, Directory::bundled());
        let doc = printed(&text);
        let files: [(&str, Vec<u8>, Format); 4] = [
            ("docx", super::docx::docx(&doc), Format::Docx),
            ("xlsx", super::sheet::xlsx(&doc), Format::Xlsx),
            ("ods", super::sheet::ods(&doc), Format::Ods),
            ("html", super::html::html(&doc).into_bytes(), Format::Html),
        ];
        for (extension, bytes, format) in files {
            let name = format!("{}.{extension}", seed.entry.file);
            let input = formats::open(&bytes, &name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(input.format, format);
            let read_back = read_input(&input, &source, Directory::bundled());
            assert_eq!(facts(&read_back), facts(&text), "{name}");
            assert_eq!(read_back.title, text.title, "{name}");
            assert!(!read_back.has_errors(), "{name}: {:?}", read_back.diagnostics);
            // Every task is located in the file, not on a line of text.
            assert!(
                read_back.tasks.iter().all(|t| !matches!(t.location, Location::Line { .. })),
                "{name}: {:?}",
                read_back.tasks.first().map(|t| &t.location)
            );
        }
    }
}

#[test]
fn extract_prints_what_it_read_of_a_word_file_and_where() {
    let seed = &dutygraph::seeds::bundled()[1];
    let parsed = read(&seed.text, &seed.source(), Directory::bundled());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("江门.docx");
    std::fs::write(&file, super::docx::docx(&printed(&parsed))).unwrap();
    let run = |args: &[&str]| {
        let out = crate::support_bin::dutygraph().args(args).arg(&file).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run(&["extract", "--text"]);
    assert!(text.lines().any(|l| l.ends_with("\ttable 1, row 1, column 1\t序号")), "{text:.400}");
    let json: serde_json::Value = serde_json::from_str(&run(&["extract", "--place", "江门市"])).unwrap();
    assert_eq!(json["tasks"].as_array().unwrap().len(), parsed.tasks.len());
    assert_eq!(json["tasks"][0]["location"]["kind"], "table_cell", "{:.400}", json["tasks"][0]);
}
