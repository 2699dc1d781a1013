//! Web pages (.html): a writer for the format-neutral fixture (tables with
//! `rowspan`/`colspan`), and what the reader reads from pages as
//! government sites publish them: GBK, a layout table around the content,
//! the site's name in the title; bad pages are refused with their name.

use dutygraph::ingest::formats::{open, OpenError};
use dutygraph::ingest::DiagnosticCode;
use dutygraph::model::{Location, Role};

use super::docx::{merged_table, read};
use super::fixture::{Doc, Part, Table};

/// A web page holding `doc`: its first paragraph is also the `<title>`
/// (with a site suffix, as published), cells span with rowspan/colspan.
pub fn html(doc: &Doc) -> String {
    let first = doc.blocks.iter().find_map(|p| match p {
        Part::Paragraph(text) => Some(text.as_str()),
        Part::Table(_) => None,
    });
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    if let Some(title) = first {
        out.push_str(&format!("<title>{}_政府信息公开</title>", escape(title)));
    }
    out.push_str("</head>\n<body>\n");
    for part in &doc.blocks {
        match part {
            Part::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", lines(text))),
            Part::Table(table) => out.push_str(&table_html(table)),
        }
    }
    out.push_str("</body></html>\n");
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn lines(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("<br>")
}

fn table_html(table: &Table) -> String {
    let mut out = String::from("<table border=\"1\">\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let mut attrs = String::new();
            if cell.rows > 1 {
                attrs.push_str(&format!(" rowspan=\"{}\"", cell.rows));
            }
            if cell.columns > 1 {
                attrs.push_str(&format!(" colspan=\"{}\"", cell.columns));
            }
            out.push_str(&format!("<td{attrs}>{}</td>", lines(&cell.text)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

const TITLE: &str = "珠海市养老服务体系建设重点任务分工表";

fn units(task: &dutygraph::ingest::ParsedTask, role: Role) -> Vec<&str> {
    task.units.iter().filter(|u| u.role == role).map(|u| u.canonical.as_str()).collect()
}

#[test]
fn rowspan_and_colspan_give_every_task_its_units() {
    let page = html(&Doc::default().paragraph(TITLE).table(merged_table()));
    let parsed = read(page.as_bytes(), "分工表.html");
    assert_eq!(parsed.title.as_deref(), Some(TITLE));
    assert_eq!(parsed.place.as_deref(), Some("珠海市"));
    let tasks = &parsed.tasks;
    assert_eq!(tasks.len(), 3, "{tasks:#?}");
    assert_eq!(tasks[1].measure.as_deref(), Some("完善养老服务网络"));
    assert_eq!(units(&tasks[1], Role::Lead), ["市民政局"]);
    assert_eq!(units(&tasks[1], Role::Support), ["市卫生健康委员会", "市财政局"]);
    assert_eq!(tasks[0].location, Location::TableCell { table: 1, row: 3, column: 1 });
}

#[test]
fn a_gbk_page_is_decoded_by_its_meta_charset() {
    let page = html(&Doc::default().paragraph(TITLE).table(merged_table()))
        .replace("charset=\"utf-8\"", "charset=\"gb2312\"");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&page);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "the page is not UTF-8");
    let parsed = read(&bytes, "gbk.htm");
    assert_eq!(parsed.title.as_deref(), Some(TITLE));
    assert_eq!(parsed.tasks.len(), 3);
    assert_eq!(units(&parsed.tasks[2], Role::Lead), ["市人力资源和社会保障局"]);
}

#[test]
fn a_government_page_is_read_through_its_layout_table() {
    let tasks = Table::plain(&[
        &["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        &["1", "推进医养结合", "市卫生健康委", "市民政局", "2025年底前"],
        &["2", "落实养老服务补贴", "市民政局", "市财政局", "2025年底前"],
    ]);
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{TITLE}_珠海市人民政府</title>\
         <script>document.write('<table><tr><td>序号</td></tr></table>')</script><style>td {{ color: red }}</style></head>\
         <body><div class=\"header\"><nav><a href=\"/\">首页</a> | <a>政务公开</a></nav></div>\
         <table width=\"1000\" align=\"center\"><tr><td class=\"main\">\
           <div class=\"info\">发布时间：2024-03-01&nbsp;&nbsp;来源：市民政局</div>\
           <div class=\"content\"><p>各区人民政府，市政府各部门：</p>{}</div>\
         </td></tr></table>\
         <footer>主办：珠海市人民政府办公室</footer></body></html>",
        table_html(&tasks)
    );
    let parsed = read(page.as_bytes(), "zhuhai.html");
    assert_eq!(parsed.title.as_deref(), Some(TITLE));
    assert_eq!(parsed.place.as_deref(), Some("珠海市"));
    assert_eq!(parsed.tasks.len(), 2, "{:#?}", parsed);
    assert_eq!(parsed.tasks[0].text, "推进医养结合");
    assert_eq!(units(&parsed.tasks[1], Role::Support), ["市财政局"]);
    // The layout table is not a table of the page: the task table is the first.
    assert_eq!(parsed.tasks[1].location, Location::TableCell { table: 1, row: 3, column: 1 });
    let input = open(page.as_bytes(), "zhuhai.html").unwrap();
    let lines: Vec<&str> = input.lines().lines().collect();
    assert_eq!(lines[0], TITLE);
    assert_eq!(lines[1], "发布时间：2024-03-01 来源：市民政局");
    assert!(
        !input.lines().contains("首页") && !input.lines().contains("document.write"),
        "{}",
        input.lines()
    );
    assert_eq!(input.location(1), Some(Location::Paragraph { paragraph: 1 }));
}

#[test]
fn a_page_without_a_table_reads_as_no_table() {
    let page =
        "<!DOCTYPE html><html><head><title>通知</title></head><body><p>会议定于下周召开。</p></body></html>";
    let parsed = read(page.as_bytes(), "notice.html");
    assert!(parsed.tasks.is_empty());
    assert!(parsed.has_errors());
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::NoTable && d.message.contains("notice.html")),
        "{:#?}",
        parsed.diagnostics
    );
}

#[test]
fn a_deeply_nested_page_is_refused() {
    let depth = 100_000;
    let page = format!(
        "<!DOCTYPE html><html><body>{}x{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let err = open(page.as_bytes(), "deep.html").expect_err("refused");
    assert!(matches!(err, OpenError::TooDeep { .. }), "{err}");
    assert!(err.to_string().contains("`deep.html`"), "{err}");
}

/// A saved GBK page that prints its tasks as numbered items, each followed
/// by its units in brackets, and no table; `extra` goes before the items.
fn prose_page(extra: &str) -> Vec<u8> {
    let page = format!(
        "<!DOCTYPE html><html><head>\
         <meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">\
         <title>{TITLE}_政策文件_珠海市人民政府</title></head>\
         <body><nav><a href=\"/\">首页</a></nav><div class=\"content\">\
         <p>各区人民政府，市政府各部门：</p>{extra}\
         <p>（一）完善养老服务网络</p>\
         <p>1. 加强社区养老服务设施建设。（牵头单位：市民政局；配合单位：市财政局）</p>\
         <p>2. 推进医养结合。（牵头单位：市卫生健康委；配合单位：市民政局、市医保局）</p>\
         <p>3. 培训养老护理员。（牵头单位：市人力资源社会保障局）</p>\
         </div><footer>主办：珠海市人民政府办公室</footer></body></html>"
    );
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&page);
    assert!(!unmappable && std::str::from_utf8(&bytes).is_err(), "the page is GBK");
    bytes.into_owned()
}

fn check_prose_items(parsed: &dutygraph::ingest::ParsedDocument, first: u32) {
    assert_eq!(parsed.title.as_deref(), Some(TITLE));
    assert_eq!(parsed.place.as_deref(), Some("珠海市"));
    assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
    let tasks = &parsed.tasks;
    assert_eq!(tasks.len(), 3, "{tasks:#?}");
    let numbers: Vec<_> = tasks.iter().map(|t| t.number.as_deref().unwrap_or("")).collect();
    assert_eq!(numbers, ["1", "2", "3"]);
    assert!(tasks[0].text.starts_with("加强社区养老服务设施建设"), "{:?}", tasks[0].text);
    assert!(!tasks[0].text.contains("牵头单位"), "the label is not task text: {:?}", tasks[0].text);
    assert_eq!(units(&tasks[0], Role::Lead), ["市民政局"]);
    assert_eq!(units(&tasks[0], Role::Support), ["市财政局"]);
    assert_eq!(units(&tasks[1], Role::Lead), ["市卫生健康委员会"]);
    assert_eq!(units(&tasks[1], Role::Support), ["市民政局", "市医疗保障局"]);
    assert_eq!(units(&tasks[2], Role::Lead), ["市人力资源和社会保障局"]);
    assert!(units(&tasks[2], Role::Support).is_empty());
    // Each item is its own paragraph of the page.
    let at: Vec<_> = tasks.iter().map(|t| t.location.clone()).collect();
    let paragraph = |paragraph| Location::Paragraph { paragraph };
    assert_eq!(at, [paragraph(first), paragraph(first + 1), paragraph(first + 2)]);
}

#[test]
fn a_gbk_page_of_numbered_items_without_a_table_is_read_as_prose() {
    let parsed = read(&prose_page(""), "prose.html");
    // Paragraphs: the title, the salutation, the heading, then the items.
    check_prose_items(&parsed, 4);
}

#[test]
fn a_page_whose_only_table_is_not_a_task_table_is_read_as_prose() {
    let contacts = Table::plain(&[&["联系人", "联系电话"], &["张三", "0756-1234567"]]);
    let parsed = read(&prose_page(&table_html(&contacts)), "contacts.html");
    check_prose_items(&parsed, 4);
}
