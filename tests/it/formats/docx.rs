//! Word documents (.docx): a writer for the format-neutral fixture (tables
//! with `w:gridSpan`/`w:vMerge`, optionally auto-numbered paragraphs), and
//! what the reader reads from such files; bad files are refused with the
//! file's name.

use dutygraph::ingest::formats::{open, OpenError};
use dutygraph::ingest::{read_input, Directory, ParsedDocument, ParsedTask, Source};
use dutygraph::model::{Location, Role};

use super::fixture::{zip_of, Cell, Doc, Part, Table};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A Word document holding `doc`, each paragraph and cell line as typed.
pub fn docx(doc: &Doc) -> Vec<u8> {
    package(&document(doc, false), None)
}

/// Like [`docx`], but a paragraph starting `1.`/`2.`… or `（一）`/`（二）`…
/// is an automatically numbered list item: the number is left out of its
/// text and comes from `word/numbering.xml`, as Word saves it.
pub fn docx_numbered(doc: &Doc) -> Vec<u8> {
    package(&document(doc, true), Some(NUMBERING))
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#;

fn package(document: &str, numbering: Option<&str>) -> Vec<u8> {
    let mut parts = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string()),
        ("word/document.xml", document.to_string()),
    ];
    if let Some(numbering) = numbering {
        parts.push(("word/numbering.xml", numbering.to_string()));
    }
    zip_of(&parts.iter().map(|(n, x)| (*n, x.as_bytes())).collect::<Vec<_>>())
}

fn document(doc: &Doc, numbered: bool) -> String {
    let mut body = String::new();
    for part in &doc.blocks {
        match part {
            Part::Paragraph(text) => {
                for line in text.lines() {
                    body.push_str(&paragraph(line, numbered));
                }
            }
            Part::Table(table) => body.push_str(&table_xml(table)),
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn paragraph(text: &str, numbered: bool) -> String {
    let run = |t: &str| {
        format!(
            r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
            escape(t)
        )
    };
    let list = |level: u32, t: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
            run(t)
        )
    };
    if numbered {
        let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        if digits > 0 && text[digits..].starts_with('.') {
            return list(1, &text[digits + 1..]);
        }
        if let Some(rest) = text.strip_prefix('（').and_then(|t| t.split_once('）')) {
            if rest.0.chars().all(|c| "一二三四五六七八九十".contains(c)) {
                return list(0, rest.1);
            }
        }
    }
    format!("<w:p>{}</w:p>", run(text))
}

/// A table on its grid: a cell spanning columns has `w:gridSpan`, one
/// spanning rows starts a `w:vMerge` that the rows below continue.
fn table_xml(table: &Table) -> String {
    let grid = table.grid();
    let width = table.width();
    let mut out = String::from("<w:tbl><w:tblPr><w:tblBorders/></w:tblPr><w:tblGrid>");
    out.push_str(&"<w:gridCol w:w=\"1000\"/>".repeat(width));
    out.push_str("</w:tblGrid>");
    for r in 0..grid.len() {
        out.push_str("<w:tr>");
        let mut c = 0;
        while c < width {
            let (cell, continued): (Option<&Cell>, bool) = match grid[r][c] {
                Some(cell) => (Some(cell), false),
                None => {
                    ((0..r).rev().find_map(|above| grid[above][c].filter(|cell| above + cell.rows > r)), true)
                }
            };
            let columns = cell.map_or(1, |cell| cell.columns);
            let mut props = String::new();
            if columns > 1 {
                props.push_str(&format!(r#"<w:gridSpan w:val="{columns}"/>"#));
            }
            match cell {
                Some(_) if continued => props.push_str("<w:vMerge/>"),
                Some(cell) if cell.rows > 1 => props.push_str(r#"<w:vMerge w:val="restart"/>"#),
                _ => {}
            }
            let text = cell.filter(|_| !continued).map_or("", |cell| cell.text.as_str());
            let paragraphs: String = text.split('\n').map(|line| paragraph(line, false)).collect();
            out.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"1000\"/>{props}</w:tcPr>{paragraphs}</w:tc>"));
            c += columns;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

pub fn read(bytes: &[u8], name: &str) -> ParsedDocument {
    let input = open(bytes, name).unwrap_or_else(|e| panic!("{name} opens: {e}"));
    read_input(&input, &Source { name: name.into(), ..Default::default() }, Directory::bundled())
}

fn units(task: &ParsedTask, role: Role) -> Vec<&str> {
    task.units.iter().filter(|u| u.role == role).map(|u| u.canonical.as_str()).collect()
}

const TITLE: &str = "珠海市养老服务体系建设重点任务分工表";

/// 序号 and 重点任务 merged over a two-row header whose 责任单位 spans
/// 牵头单位 and 配合单位; a measure and a lead unit merged over two tasks.
pub fn merged_table() -> Table {
    Table {
        rows: vec![
            vec![
                Cell::spanning("序号", 2, 1),
                Cell::spanning("工作措施", 2, 1),
                Cell::spanning("重点任务", 2, 1),
                Cell::spanning("责任单位", 1, 2),
                Cell::spanning("完成时限", 2, 1),
            ],
            vec![Cell::new("牵头单位"), Cell::new("配合单位")],
            vec![
                Cell::new("1"),
                Cell::spanning("完善养老服务网络", 2, 1),
                Cell::new("建设社区养老服务中心"),
                Cell::spanning("市民政局", 2, 1),
                Cell::new("市财政局"),
                Cell::new("2025年12月底前"),
            ],
            vec![
                Cell::new("2"),
                Cell::new("发展居家养老服务"),
                Cell::new("市卫生健康委\n市财政局"),
                Cell::new("2026年6月底前"),
            ],
            vec![
                Cell::new("3"),
                Cell::new("加强人才队伍"),
                Cell::new("培训养老护理员"),
                Cell::new("市人力资源社会保障局"),
                Cell::new("市民政局"),
                Cell::new("持续推进"),
            ],
        ],
    }
}

#[test]
fn merged_cells_give_every_task_its_units_and_measure() {
    let doc = Doc::default().paragraph(TITLE).table(merged_table());
    let parsed = read(&docx(&doc), "分工表.docx");
    assert_eq!(parsed.title.as_deref(), Some(TITLE));
    assert_eq!(parsed.place.as_deref(), Some("珠海市"));
    let tasks = &parsed.tasks;
    assert_eq!(tasks.len(), 3, "{tasks:#?}");
    assert_eq!(tasks[0].text, "建设社区养老服务中心");
    assert_eq!(tasks[1].text, "发展居家养老服务");
    assert_eq!(tasks[1].measure.as_deref(), Some("完善养老服务网络"));
    assert_eq!(tasks[0].measure, tasks[1].measure);
    assert_eq!(units(&tasks[0], Role::Lead), ["市民政局"]);
    assert_eq!(units(&tasks[1], Role::Lead), ["市民政局"]);
    assert_eq!(units(&tasks[1], Role::Support), ["市卫生健康委员会", "市财政局"]);
    assert_eq!(units(&tasks[2], Role::Lead), ["市人力资源和社会保障局"]);
    assert_eq!(tasks[0].number.as_deref(), Some("1"));
    // The header takes rows 1–2; task 1 starts in row 3, column 1.
    assert_eq!(tasks[0].location, Location::TableCell { table: 1, row: 3, column: 1 });
    assert_eq!(tasks[2].location, Location::TableCell { table: 1, row: 5, column: 1 });
}

#[test]
fn only_the_task_table_gives_tasks() {
    let contacts = Table::plain(&[&["联系人", "联系电话"], &["张三", "0756-1234567"]]);
    let tasks = Table::plain(&[
        &["序号", "工作任务", "牵头单位", "配合单位"],
        &["1", "推进医养结合", "市卫生健康委", "市民政局"],
        &["2", "落实养老服务补贴", "市民政局", "市财政局"],
    ]);
    let doc = Doc::default().paragraph(TITLE).table(contacts).paragraph("附件").table(tasks);
    let parsed = read(&docx(&doc), "两表.docx");
    assert_eq!(parsed.tasks.len(), 2, "{:#?}", parsed.tasks);
    assert_eq!(parsed.tasks[0].text, "推进医养结合");
    assert_eq!(units(&parsed.tasks[0], Role::Lead), ["市卫生健康委员会"]);
    // Tables are counted in the document: the task table is the second.
    assert_eq!(parsed.tasks[1].location, Location::TableCell { table: 2, row: 3, column: 1 });
}

fn prose() -> Doc {
    Doc::default()
        .paragraph(TITLE)
        .paragraph("（一）完善养老服务网络")
        .paragraph("1.建设社区养老服务中心。（牵头单位：市民政局；配合单位：市财政局）")
        .paragraph("2.推进医养结合。（牵头单位：市卫生健康委；配合单位：市民政局）")
}

#[test]
fn numbered_prose_is_read_typed_or_auto_numbered() {
    let typed = read(&docx(&prose()), "typed.docx");
    let auto = read(&docx_numbered(&prose()), "auto.docx");
    for parsed in [&typed, &auto] {
        assert_eq!(parsed.tasks.len(), 2, "{:#?}", parsed);
        assert_eq!(parsed.tasks[0].number.as_deref(), Some("1"));
        assert_eq!(units(&parsed.tasks[0], Role::Lead), ["市民政局"]);
        assert_eq!(units(&parsed.tasks[1], Role::Support), ["市民政局"]);
        assert_eq!(parsed.tasks[1].location, Location::Paragraph { paragraph: 4 });
    }
    assert_eq!(typed.tasks[1].text, auto.tasks[1].text);
    // The numbers Word renders are the lines the reader read.
    let input = open(&docx_numbered(&prose()), "auto.docx").unwrap();
    assert!(input.lines().contains("（一）完善养老服务网络\n1.建设社区养老服务中心。"), "{}", input.lines());
}

fn refused(bytes: &[u8], name: &str) -> OpenError {
    match open(bytes, name) {
        Ok(_) => panic!("{name} was read"),
        Err(e) => {
            assert!(e.to_string().contains(&format!("`{name}`")), "{e}");
            e
        }
    }
}

#[test]
fn a_truncated_docx_is_corrupt() {
    let bytes = docx(&prose());
    let err = refused(&bytes[..bytes.len() / 2], "cut.docx");
    assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
}

#[test]
fn a_zip_bomb_named_docx_is_refused() {
    let spaces = vec![b' '; 40 << 20];
    let bomb = zip_of(&[("word/document.xml", &spaces)]);
    let err = refused(&bomb, "bomb.docx");
    assert!(matches!(err, OpenError::TooLarge { .. }), "{err}");
}

#[test]
fn deeply_nested_xml_is_refused() {
    let depth = 100_000;
    let xml = format!(
        "<w:document {W}><w:body>{}{}</w:body></w:document>",
        "<w:p>".repeat(depth),
        "</w:p>".repeat(depth)
    );
    let err = refused(&package(&xml, None), "deep.docx");
    assert!(matches!(err, OpenError::TooDeep { .. }), "{err}");
}

#[test]
fn an_external_entity_is_refused_unfetched() {
    let xml = format!(
        r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:9/secret">]><w:document {W}><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let err = refused(&package(&xml, None), "xxe.docx");
    assert!(matches!(err, OpenError::Corrupt { .. }) && err.to_string().contains("DOCTYPE"), "{err}");
}

#[test]
fn a_docx_without_a_body_is_corrupt() {
    let bytes = zip_of(&[("word/styles.xml", b"<w:styles/>"), ("word/document.xml.bak", b"")]);
    let err = refused(&bytes, "empty.docx");
    assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
}
