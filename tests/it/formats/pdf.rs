//! PDFs: a table printed as lines of Chinese text, continuing onto a second
//! page; a scanned PDF (images, no text); broken and encrypted files.
//!
//! The PDFs are built here with lopdf (re-exported by pdf-extract), so no
//! binary is committed: a Type0 font with the Identity-H encoding whose
//! ToUnicode map sends each glyph id back to its character. The glyphs are
//! never drawn, only extracted.

use std::collections::BTreeMap;

use super::fixture::xorshift;
use dutygraph::ingest::formats::{self, OpenError};
use dutygraph::ingest::{self, Directory, ParsedDocument, ParsedTask, Source};
use dutygraph::model::{Location, Role};
use pdf_extract::{dictionary, Dictionary, Document, Object, Stream, StringFormat};

/// A page as printed: lines of cells, each cell printed apart from the next.
pub type Page<'a> = Vec<Vec<&'a str>>;

const FONT_SIZE: i64 = 12;

/// A PDF printing `pages` in a font whose glyph ids are numbered in the
/// order characters first appear.
pub fn pdf(pages: &[Page<'_>]) -> Vec<u8> {
    let mut glyphs: BTreeMap<char, u16> = BTreeMap::new();
    for c in pages.iter().flatten().flatten().flat_map(|cell| cell.chars()) {
        let next = glyphs.len() as u16 + 1;
        glyphs.entry(c).or_insert(next);
    }
    let mut doc = Document::with_version("1.5");
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), to_unicode(&glyphs).into_bytes()));
    let descendant = dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "TestSong",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => "TestSong",
            "Flags" => 4,
            "FontBBox" => vec![0.into(), (-120).into(), 1000.into(), 880.into()],
            "ItalicAngle" => 0,
            "Ascent" => 880,
            "Descent" => -120,
            "CapHeight" => 700,
            "StemV" => 80,
        },
        "DW" => 1000,
    };
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "TestSong",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()],
        "ToUnicode" => to_unicode,
    });
    let contents: Vec<Vec<u8>> = pages.iter().map(|page| page_content(page, &glyphs).into_bytes()).collect();
    let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    build(doc, contents, resources)
}

/// A document of pages with `contents`, all sharing `resources`.
fn build(mut doc: Document, contents: Vec<Vec<u8>>, resources: Dictionary) -> Vec<u8> {
    let pages_id = doc.new_object_id();
    let resources = doc.add_object(resources);
    let kids: Vec<Object> = contents
        .into_iter()
        .map(|content| {
            let content = doc.add_object(Stream::new(Dictionary::new(), content));
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content,
                "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), 842.into(), 595.into()],
            })
            .into()
        })
        .collect();
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("the PDF is written");
    bytes
}

/// Each line 24 points below the last; each cell two glyphs' width after
/// the one before it.
fn page_content(page: &Page<'_>, glyphs: &BTreeMap<char, u16>) -> String {
    let mut content = format!("BT /F1 {FONT_SIZE} Tf\n");
    for (l, line) in page.iter().enumerate() {
        let y = 550 - 24 * l as i64;
        let mut x = 40;
        for cell in line {
            let codes: String = cell.chars().map(|c| format!("{:04X}", glyphs[&c])).collect();
            content.push_str(&format!("1 0 0 1 {x} {y} Tm <{codes}> Tj\n"));
            x += (cell.chars().count() as i64 + 2) * FONT_SIZE;
        }
    }
    content.push_str("ET\n");
    content
}

fn to_unicode(glyphs: &BTreeMap<char, u16>) -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&char, &u16)> = glyphs.iter().collect();
    // The CMap format allows at most 100 entries a block.
    for block in entries.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for (c, code) in block {
            let utf16: String = c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("{u:04X}")).collect();
            cmap.push_str(&format!("<{code:04X}> <{utf16}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

fn read(bytes: &[u8], name: &str) -> ParsedDocument {
    let input = formats::open(bytes, name).unwrap_or_else(|e| panic!("{e}"));
    ingest::read_input(&input, &Source { name: name.into(), ..Default::default() }, Directory::bundled())
}

fn units(task: &ParsedTask, role: Role) -> Vec<&str> {
    task.units.iter().filter(|u| u.role == role).map(|u| u.printed.as_str()).collect()
}

#[test]
fn a_table_continuing_onto_a_second_page_is_read_with_page_lines() {
    let first: Page<'_> = vec![
        vec!["珠海市养老服务体系建设重点任务分工表"],
        vec!["序号", "重点任务", "牵头单位", "配合单位"],
        vec!["1", "建设社区养老服务综合体", "市民政局", "市卫生健康委"],
        vec!["2", "落实养老服务补贴制度", "市财政局", "市民政局"],
    ];
    let second: Page<'_> = vec![
        vec!["3", "培育养老护理人才队伍", "市人力资源社会保障局", "市民政局"],
        vec!["4", "推进医养结合发展", "市卫生健康委", "市发展改革委"],
    ];
    let bytes = pdf(&[first, second]);
    let pages = formats::open(&bytes, "分工表.pdf").expect("opened");
    assert!(pages.lines().contains("序号 重点任务 牵头单位 配合单位"), "{}", pages.lines());
    let doc = read(&bytes, "分工表.pdf");
    assert_eq!(doc.title.as_deref(), Some("珠海市养老服务体系建设重点任务分工表"), "{doc:#?}");
    let texts: Vec<_> = doc.tasks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        ["建设社区养老服务综合体", "落实养老服务补贴制度", "培育养老护理人才队伍", "推进医养结合发展"]
    );
    assert_eq!(units(&doc.tasks[0], Role::Lead), ["市民政局"]);
    assert_eq!(units(&doc.tasks[0], Role::Support), ["市卫生健康委"]);
    assert_eq!(units(&doc.tasks[2], Role::Lead), ["市人力资源社会保障局"]);
    assert_eq!(units(&doc.tasks[3], Role::Support), ["市发展改革委"]);
    let at: Vec<_> = doc.tasks.iter().map(|t| t.location.clone()).collect();
    let line = |page, line| Location::PageLine { page, line };
    assert_eq!(at, [line(1, 3), line(1, 4), line(2, 1), line(2, 2)]);
}

/// Two pages that each draw a 1×1 grey image and print nothing: a scan.
pub fn scanned() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => 1,
            "Height" => 1,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        vec![0x80],
    ));
    let resources = dictionary! { "XObject" => dictionary! { "Im1" => image } };
    let draw = b"q 800 0 0 550 20 20 cm /Im1 Do Q\n".to_vec();
    build(doc, vec![draw.clone(), draw], resources)
}

#[test]
fn a_scanned_pdf_has_no_text_layer() {
    let err = formats::open(&scanned(), "扫描件.pdf").expect_err("refused");
    assert!(matches!(err, OpenError::NoTextLayer { pages: 2, .. }), "{err}");
    assert!(err.to_string().contains("`扫描件.pdf`"), "{err}");
}

#[test]
fn a_broken_pdf_is_corrupt_not_a_panic() {
    for bytes in
        [&b"%PDF-1.4\n\x00\xff garbage \x01\x02"[..], b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R"]
    {
        let err = formats::open(bytes, "坏.pdf").expect_err("refused");
        assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("`坏.pdf`"), "{err}");
    }
}

#[test]
fn a_pdf_that_needs_a_password_is_refused_as_such() {
    let mut bytes = pdf(&[vec![vec!["序号"]]]);
    // An Encrypt entry whose user key no empty password matches.
    let mut doc = Document::load_mem(&bytes).expect("loads");
    let encrypt = doc.add_object(dictionary! {
        "Filter" => "Standard",
        "V" => 1,
        "R" => 2,
        "O" => Object::String(vec![1; 32], StringFormat::Hexadecimal),
        "U" => Object::String(vec![2; 32], StringFormat::Hexadecimal),
        "P" => -4,
    });
    doc.trailer.set("Encrypt", encrypt);
    doc.trailer.set("ID", vec![Object::String(vec![3; 16], StringFormat::Hexadecimal); 2]);
    bytes.clear();
    doc.save_to(&mut bytes).expect("written");
    let err = formats::open(&bytes, "加密.pdf").expect_err("refused");
    assert!(matches!(err, OpenError::Encrypted { .. }), "{err}");
    assert!(err.to_string().contains("`加密.pdf`"), "{err}");
}

#[test]
fn a_pdf_the_extractor_gives_up_on_is_corrupt() {
    // pdf-extract panics on a Type0 font with an encoding it does not know.
    let bytes = pdf(&[vec![vec!["序号"]]]);
    let mut doc = Document::load_mem(&bytes).expect("loads");
    for object in doc.objects.values_mut() {
        if let Object::Dictionary(dict) = object {
            if dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Type0") {
                dict.set("Encoding", "UniGB-UCS2-H");
            }
        }
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("written");
    let err = formats::open(&bytes, "怪.pdf").expect_err("refused");
    assert!(matches!(err, OpenError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("`怪.pdf`"), "{err}");
}

#[test]
fn damaged_pdfs_are_refused_or_read_never_crash() {
    let original =
        pdf(&[vec![vec!["序号", "重点任务", "牵头单位"], vec!["1", "建设养老服务中心", "市民政局"]]]);
    let mut next = xorshift(0xD1B5_4A32_D192_ED03u64);
    for _ in 0..100 {
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % bytes.len() as u64) as usize;
            bytes[at] = b"<>[]()/ 0123456789-RTfjobBE"[(next() % 27) as usize];
        }
        if let Err(err) = formats::open(&bytes, "坏.pdf") {
            assert!(err.to_string().contains("`坏.pdf`"), "{err}");
        }
    }
}

#[test]
fn a_pdf_whose_streams_inflate_past_the_limit_is_refused() {
    use std::io::Write;
    // 80 MiB of spaces deflate to about 80 KiB.
    let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..80 {
        deflated.write_all(&chunk).expect("deflated");
    }
    let stream = Stream::new(dictionary! { "Filter" => "FlateDecode" }, deflated.finish().expect("deflated"));
    let mut doc = Document::with_version("1.5");
    let content = doc.add_object(stream);
    let bytes = {
        let resources = Dictionary::new();
        let mut bytes = build(doc, vec![b"BT ET".to_vec()], resources);
        // Point the page at the inflating stream, as a hostile file would.
        let mut doc = Document::load_mem(&bytes).expect("loads");
        for object in doc.objects.values_mut() {
            if let Object::Dictionary(dict) = object {
                if dict.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"Page") {
                    dict.set("Contents", content);
                }
            }
        }
        bytes.clear();
        doc.save_to(&mut bytes).expect("written");
        bytes
    };
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let err = formats::open(&bytes, "炸弹.pdf").expect_err("refused");
    assert!(matches!(err, OpenError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("`炸弹.pdf`"), "{err}");
}
