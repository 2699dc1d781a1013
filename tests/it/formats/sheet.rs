//! Workbooks (.xlsx, .ods, .xls): merged cells as Excel and LibreOffice
//! write them, two-row headers, title rows, sheets that are not task
//! tables, dates and numbers as cell values, and bad files.
//!
//! The writers put a [`Doc`] on one sheet named `Sheet1`, top to bottom:
//! each paragraph a row of its own, merged across the widest table; each
//! table below, a blank row between blocks. Cells whose text is a whole
//! number are written as numbers, as a 序号 column is in real workbooks.

use std::io::{Cursor, Write};

use chrono::NaiveDate;
use dutygraph::ingest::formats::{self, OpenError};
use dutygraph::ingest::{self, Directory, ParsedDocument, ParsedTask, Source};
use dutygraph::model::{Location, Role};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

use super::fixture::{xorshift, zip_of, Cell, Doc, Part, Table};

/// `doc` as an Excel workbook.
pub fn xlsx(doc: &Doc) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1").expect("a valid sheet name");
    write_doc(sheet, doc, 0);
    workbook.save_to_buffer().expect("the workbook is written")
}

/// Writes `doc` from row `first` on; returns the row after it.
fn write_doc(sheet: &mut Worksheet, doc: &Doc, first: u32) -> u32 {
    let plain = Format::new();
    let width = widest(doc);
    let mut row = first;
    for block in &doc.blocks {
        match block {
            Part::Paragraph(text) if width > 1 => {
                sheet.merge_range(row, 0, row, width as u16 - 1, text, &plain).expect("merged");
                row += 1;
            }
            Part::Paragraph(text) => {
                sheet.write_string(row, 0, text).expect("written");
                row += 1;
            }
            Part::Table(table) => {
                for (r, cells) in table.grid().iter().enumerate() {
                    for (c, cell) in cells.iter().enumerate() {
                        let Some(cell) = cell else { continue };
                        let (top, left) = (row + r as u32, c as u16);
                        if cell.rows > 1 || cell.columns > 1 {
                            let (bottom, right) =
                                (top + cell.rows as u32 - 1, left + cell.columns as u16 - 1);
                            sheet.merge_range(top, left, bottom, right, "", &plain).expect("merged");
                        }
                        match cell.text.parse::<u32>() {
                            Ok(n) => sheet.write_number(top, left, n).expect("written"),
                            Err(_) => sheet.write_string(top, left, &cell.text).expect("written"),
                        };
                    }
                }
                row += table.rows.len() as u32 + 1;
            }
        }
    }
    row
}

fn widest(doc: &Doc) -> usize {
    doc.blocks
        .iter()
        .filter_map(|b| if let Part::Table(t) = b { Some(t.width()) } else { None })
        .max()
        .unwrap_or(1)
}

/// `doc` as an OpenDocument spreadsheet, laid out as [`xlsx`] lays it out.
pub fn ods(doc: &Doc) -> Vec<u8> {
    let width = widest(doc);
    let mut rows = String::new();
    for block in &doc.blocks {
        match block {
            Part::Paragraph(text) => {
                rows.push_str("<table:table-row>");
                rows.push_str(&ods_cell(&Cell::spanning(text, 1, width)));
                rows.push_str(&"<table:covered-table-cell/>".repeat(width - 1));
                rows.push_str("</table:table-row>");
            }
            Part::Table(table) => {
                for cells in table.grid() {
                    rows.push_str("<table:table-row>");
                    for cell in cells {
                        match cell {
                            Some(cell) => rows.push_str(&ods_cell(cell)),
                            None => rows.push_str("<table:covered-table-cell/>"),
                        }
                    }
                    rows.push_str("</table:table-row>");
                }
                rows.push_str("<table:table-row><table:table-cell/></table:table-row>");
            }
        }
    }
    ods_of(&[("Sheet1", &rows)])
}

fn ods_cell(cell: &Cell) -> String {
    let mut spans = String::new();
    if cell.rows > 1 {
        spans.push_str(&format!(r#" table:number-rows-spanned="{}""#, cell.rows));
    }
    if cell.columns > 1 {
        spans.push_str(&format!(r#" table:number-columns-spanned="{}""#, cell.columns));
    }
    let value = match cell.text.parse::<u32>() {
        Ok(n) => format!(r#"office:value-type="float" office:value="{n}""#),
        Err(_) => r#"office:value-type="string""#.to_string(),
    };
    let paragraphs: String =
        cell.text.split('\n').map(|p| format!("<text:p>{}</text:p>", escape(p))).collect();
    format!("<table:table-cell {value}{spans}>{paragraphs}</table:table-cell>")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// An OpenDocument spreadsheet of sheets given as their rows' XML.
fn ods_of(sheets: &[(&str, &str)]) -> Vec<u8> {
    let tables: String = sheets
        .iter()
        .map(|(name, rows)| format!(r#"<table:table table:name="{}">{rows}</table:table>"#, escape(name)))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // The mimetype comes first and uncompressed, as the format requires.
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").expect("zip");
    zip.start_file("META-INF/manifest.xml", deflated).expect("zip");
    zip.write_all(manifest.as_bytes()).expect("zip");
    zip.start_file("content.xml", deflated).expect("zip");
    zip.write_all(content.as_bytes()).expect("zip");
    zip.finish().expect("zip").into_inner()
}

fn read(bytes: &[u8], name: &str) -> ParsedDocument {
    let input = formats::open(bytes, name).unwrap_or_else(|e| panic!("{e}"));
    ingest::read_input(&input, &Source { name: name.into(), ..Default::default() }, Directory::bundled())
}

fn units(task: &ParsedTask, role: Role) -> Vec<&str> {
    task.units.iter().filter(|u| u.role == role).map(|u| u.printed.as_str()).collect()
}

fn cell(sheet: &str, cell: &str) -> Location {
    Location::Cell { sheet: sheet.into(), cell: cell.into() }
}

/// A title row over the table, 序号/重点任务/完成时限 merged down a two-row
/// header under 责任单位 (牵头单位, 配合单位); a lead unit merged over two
/// tasks, a deadline over three, and a unit cell over two rows and both
/// unit columns.
pub fn merged_table() -> Doc {
    let s = Cell::spanning;
    let c = Cell::new;
    Doc::default().paragraph("珠海市养老服务体系建设重点任务分工表").table(Table {
        rows: vec![
            vec![s("序号", 2, 1), s("重点任务", 2, 1), s("责任单位", 1, 2), s("完成时限", 2, 1)],
            vec![c("牵头单位"), c("配合单位")],
            vec![
                c("1"),
                c("建设社区养老服务综合体"),
                s("市民政局", 2, 1),
                c("市卫生健康委"),
                s("2021年12月底前", 3, 1),
            ],
            vec![c("2"), c("落实养老服务补贴制度"), c("市财政局")],
            vec![c("3"), c("培育养老护理人才队伍"), s("市人力资源社会保障局", 2, 2)],
            vec![c("4"), c("推进医养结合发展"), c("2022年6月底前")],
        ],
    })
}

fn check_merged_table(doc: &ParsedDocument) {
    assert_eq!(doc.title.as_deref(), Some("珠海市养老服务体系建设重点任务分工表"), "{doc:#?}");
    assert!(doc.place.as_deref().is_some_and(|p| p.contains("珠海")), "{:?}", doc.place);
    let tasks = &doc.tasks;
    assert_eq!(tasks.len(), 4, "{tasks:#?}");
    let numbers: Vec<_> = tasks.iter().map(|t| t.number.as_deref().unwrap_or("")).collect();
    assert_eq!(numbers, ["1", "2", "3", "4"]);
    assert_eq!(tasks[0].text, "建设社区养老服务综合体");
    assert_eq!(units(&tasks[0], Role::Lead), ["市民政局"]);
    assert_eq!(units(&tasks[0], Role::Support), ["市卫生健康委"]);
    assert_eq!(units(&tasks[1], Role::Lead), ["市民政局"], "the merged lead unit reaches task 2");
    assert_eq!(units(&tasks[1], Role::Support), ["市财政局"]);
    for task in &tasks[2..] {
        assert_eq!(units(task, Role::Lead), ["市人力资源社会保障局"], "{task:#?}");
        assert!(units(task, Role::Support).is_empty(), "{task:#?}");
    }
    for task in &tasks[..3] {
        assert_eq!(task.deadline.as_deref(), Some("2021年12月底前"), "{task:#?}");
        assert_eq!(task.milestones.first().map(|m| m.date), NaiveDate::from_ymd_opt(2021, 12, 31));
    }
    assert_eq!(tasks[3].deadline.as_deref(), Some("2022年6月底前"));
    // Title in row 1, the header in rows 2 and 3.
    let at: Vec<_> = tasks.iter().map(|t| t.location.clone()).collect();
    assert_eq!(at, [cell("Sheet1", "A4"), cell("Sheet1", "A5"), cell("Sheet1", "A6"), cell("Sheet1", "A7")]);
}

#[test]
fn xlsx_merged_cells_reach_every_task_they_cover() {
    check_merged_table(&read(&xlsx(&merged_table()), "分工表.xlsx"));
}

#[test]
fn ods_merged_cells_reach_every_task_they_cover() {
    check_merged_table(&read(&ods(&merged_table()), "分工表.ods"));
}

#[test]
fn only_the_task_sheet_gives_tasks() {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("说明").expect("name");
    notes.write_string(0, 0, "填表说明").expect("written");
    notes.write_string(1, 0, "请各单位于每月5日前报送工作进展").expect("written");
    notes.write_string(2, 0, "联系人").expect("written");
    notes.write_string(2, 1, "电话").expect("written");
    let tasks = workbook.add_worksheet();
    tasks.set_name("分工表").expect("name");
    let table = Table::plain(&[
        &["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        &["1", "完善养老服务设施规划", "市发展改革委", "市民政局", "2021年底前"],
        &["2", "建立长期护理保险制度", "市人力资源社会保障局", "市财政局", "2022年底前"],
    ]);
    write_doc(tasks, &Doc::default().table(table), 0);
    // A hidden sheet is not read, though it holds a task table.
    let hidden = workbook.add_worksheet();
    hidden.set_name("旧表").expect("name");
    let old = Table::plain(&[&["序号", "重点任务", "牵头单位"], &["1", "旧任务", "市财政局"]]);
    write_doc(hidden, &Doc::default().table(old), 0);
    hidden.set_hidden(true);
    let doc = read(&workbook.save_to_buffer().expect("written"), "两表.xlsx");
    let texts: Vec<_> = doc.tasks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["完善养老服务设施规划", "建立长期护理保险制度"], "{doc:#?}");
    assert_eq!(doc.tasks[0].location, cell("分工表", "A2"));
    assert_eq!(units(&doc.tasks[1], Role::Lead), ["市人力资源社会保障局"]);
}

#[test]
fn date_and_number_cells_are_read_as_printed() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = ["序号", "重点任务", "牵头单位", "完成时限"];
    for (c, text) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *text).expect("written");
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_number(1, 0, 1.0).expect("written");
    sheet.write_string(1, 1, "开展养老机构服务质量提升行动").expect("written");
    sheet.write_string(1, 2, "市民政局").expect("written");
    let deadline = ExcelDateTime::from_ymd(2020, 6, 30).expect("a date");
    sheet.write_datetime_with_format(1, 3, &deadline, &date).expect("written");
    sheet.write_number(2, 0, 2.0).expect("written");
    sheet.write_string(2, 1, "新增护理型床位").expect("written");
    sheet.write_string(2, 2, "市卫生健康委").expect("written");
    sheet.write_number(2, 3, 2021.0).expect("written");
    let doc = read(&workbook.save_to_buffer().expect("written"), "日期.xlsx");
    assert_eq!(doc.tasks.len(), 2, "{doc:#?}");
    assert_eq!(doc.tasks[0].number.as_deref(), Some("1"));
    assert_eq!(doc.tasks[0].deadline.as_deref(), Some("2020年6月30日"));
    let milestone = doc.tasks[0].milestones.first().expect("a milestone");
    assert_eq!(milestone.date, NaiveDate::from_ymd_opt(2020, 6, 30).expect("a date"));
    assert_eq!(doc.tasks[1].number.as_deref(), Some("2"));
    assert_eq!(doc.tasks[1].location, cell("Sheet1", "A3"));
}

#[test]
fn ods_dates_and_second_sheets() {
    let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>序号</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>重点任务</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>牵头单位</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>完成时限</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>建设智慧养老服务平台</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>市民政局</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2020-06-30"><text:p>2020/6/30</text:p></table:table-cell></table:table-row>"#;
    let notes = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>说明：本表由市民政局汇总</text:p></table:table-cell></table:table-row>"#;
    let doc = read(&ods_of(&[("分工表", rows), ("说明", notes)]), "分工表.ods");
    assert_eq!(doc.tasks.len(), 1, "{doc:#?}");
    assert_eq!(doc.tasks[0].deadline.as_deref(), Some("2020年6月30日"));
    assert_eq!(doc.tasks[0].milestones.first().map(|m| m.date), NaiveDate::from_ymd_opt(2020, 6, 30));
    assert_eq!(doc.tasks[0].location, cell("分工表", "A2"));
}

#[test]
fn xls_fixture_with_merged_cells() {
    // Written by tests/fixtures/formats/make_xls.py (xlwt).
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/merged.xls");
    let bytes = std::fs::read(path).expect("the fixture");
    let doc = read(&bytes, "merged.xls");
    assert_eq!(doc.title.as_deref(), Some("珠海市养老服务体系建设重点任务分工表"), "{doc:#?}");
    let tasks = &doc.tasks;
    assert_eq!(tasks.len(), 3, "{tasks:#?}");
    assert_eq!(tasks[0].number.as_deref(), Some("1"));
    for task in &tasks[..2] {
        assert_eq!(units(task, Role::Lead), ["市民政局"], "{task:#?}");
    }
    assert_eq!(units(&tasks[2], Role::Lead), ["市财政局"]);
    assert_eq!(units(&tasks[1], Role::Support), ["市卫生健康委"]);
    assert_eq!(tasks[1].location, cell("Sheet1", "A4"));
}

#[test]
fn a_truncated_workbook_is_corrupt() {
    let bytes = xlsx(&merged_table());
    let err = formats::open(&bytes[..bytes.len() / 2], "断.xlsx").expect_err("refused");
    assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("`断.xlsx`"), "{err}");
}

#[test]
fn a_workbook_that_inflates_past_the_limit_is_refused() {
    let spaces = vec![b' '; 40 << 20];
    let bomb = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/worksheets/sheet1.xml", &spaces)]);
    let err = formats::open(&bomb, "炸弹.xlsx").expect_err("refused");
    assert!(matches!(err, OpenError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("`炸弹.xlsx`"), "{err}");
}

#[test]
fn an_encrypted_workbook_is_refused_as_such() {
    let mut cfb = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    cfb.extend(std::iter::repeat_n(0u8, 504));
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let err = formats::open(&cfb, "加密.xlsx").expect_err("refused");
    assert!(matches!(err, OpenError::Encrypted { .. }), "{err}");
    assert!(err.to_string().contains("`加密.xlsx`"), "{err}");
}

#[test]
fn a_sheet_with_cells_far_apart_is_refused_not_allocated() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "序号").expect("written");
    sheet.write_string(1_048_575, 16_383, "远").expect("written");
    let err = formats::open(&workbook.save_to_buffer().expect("written"), "远.xlsx").expect_err("refused");
    assert!(err.to_string().contains("too large for a task table"), "{err}");
    assert!(err.to_string().contains("`远.xlsx`"), "{err}");
}

fn xls_fixture() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/merged.xls");
    std::fs::read(path).expect("the fixture")
}

#[test]
fn an_xls_stating_huge_dimensions_is_refused() {
    let mut bytes = xls_fixture();
    // The sheet's DIMENSIONS record (type 0x0200, 14 bytes): claim 2³² rows.
    let at = bytes.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).expect("a DIMENSIONS record");
    bytes[at + 8..at + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = formats::open(&bytes, "大.xls").expect_err("refused");
    assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("`大.xls`") && err.to_string().contains("too large"), "{err}");
}

#[test]
fn damaged_xls_files_are_refused_or_read_never_crash() {
    let original = xls_fixture();
    let mut next = xorshift(0x2545_F491_4F6C_DD1Du64);
    for _ in 0..200 {
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % bytes.len() as u64) as usize;
            bytes[at] = next() as u8;
        }
        if let Err(err) = formats::open(&bytes, "坏.xls") {
            assert!(err.to_string().contains("`坏.xls`"), "{err}");
        }
    }
}

/// The parts of a zip archive, one of them with a few bytes changed.
fn damaged_zip(bytes: &[u8], next: &mut impl FnMut() -> u64) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("a part");
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut data).expect("read");
        parts.push((part.name().to_string(), data));
    }
    let target = (next() % parts.len() as u64) as usize;
    let data = &mut parts[target].1;
    for _ in 0..1 + next() % 4 {
        if data.is_empty() {
            break;
        }
        let at = (next() % data.len() as u64) as usize;
        data[at] = b"<>\"=/ 0123456789-:abcdefghijklmnopqrstuvwxyz"[(next() % 44) as usize];
    }
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_of(&refs)
}

#[test]
fn damaged_xlsx_and_ods_files_are_refused_or_read_never_crash() {
    let originals = [("坏.xlsx", xlsx(&merged_table())), ("坏.ods", ods(&merged_table()))];
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15u64);
    for _ in 0..100 {
        for (name, original) in &originals {
            let bytes = damaged_zip(original, &mut next);
            if let Err(err) = formats::open(&bytes, name) {
                assert!(err.to_string().contains(&format!("`{name}`")), "{err}");
            }
        }
    }
}

#[test]
fn ods_cells_keep_their_place_after_empty_rows_and_columns() {
    let text = |t: &str| {
        format!(r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#)
    };
    let row = |cells: &[String]| {
        format!("<table:table-row><table:table-cell/>{}</table:table-row>", cells.concat())
    };
    let merged = r#"<table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>市民政局</text:p></table:table-cell>"#;
    let rows = [
        r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>"#.to_string(),
        row(&[text("序号"), text("重点任务"), text("牵头单位")]),
        row(&[text("1"), text("完善居家养老服务网络"), merged.to_string()]),
        row(&[text("2"), text("发展老年助餐服务"), "<table:covered-table-cell/>".to_string()]),
    ]
    .concat();
    let doc = read(&ods_of(&[("Sheet1", &rows)]), "偏移.ods");
    assert_eq!(doc.tasks.len(), 2, "{doc:#?}");
    assert_eq!(doc.tasks[0].location, cell("Sheet1", "B4"));
    assert_eq!(doc.tasks[1].location, cell("Sheet1", "B5"));
    assert_eq!(units(&doc.tasks[1], Role::Lead), ["市民政局"]);
}
