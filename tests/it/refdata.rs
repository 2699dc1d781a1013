//! Reference data against the seeds: every unit the five seed documents name
//! resolves to a known department, the manifest matches the files, and the
//! deadline cells of the seeds read as milestones.

use std::collections::HashMap;
use std::path::Path;

use dutygraph::ingest::deadline::read_deadlines;
use dutygraph::ingest::manifest::Manifest;
use dutygraph::ingest::Directory;
use dutygraph::model::{Category, Level, MilestoneKind, MilestoneSource, Precision};

/// Every unit name printed in the seeds (lead, responsible and support cells
/// and the prose paragraph of 003), as the reader hands them over: wrapped
/// names may still contain the line-break space.
const SEED_UNITS: &[(&str, &[&str])] = &[
    (
        "珠海市",
        &[
            "各区政府(管委会)",
            "各区政府（管委会）",
            "团市委",
            "市人社局",
            "市住规建局",
            "市公安消防局",
            "市卫计局",
            "市发改局",
            "市台湾事务局",
            "市商务局",
            "市国土局",
            "市外事局",
            "市妇联",
            "市教育局",
            "市文体旅游局",
            "市文明办",
            "市残联",
            "市民政局",
            "市港澳事务局",
            "市科工信局",
            "市老干局",
            "市老龄办",
            "市财政局",
            "市质监局",
            "市金融局",
            "市金融工作局",
            "市食药监局",
        ],
    ),
    (
        "江门市",
        &[
            "五邑大学",
            "人行江门市中心支行",
            "各市（区）政府",
            "团市委",
            "市人力资源社会保障局",
            "市住房城乡建设局",
            "市公安局",
            "市农业农村局",
            "市医保局",
            "市卫生健康局",
            "市发展改革局",
            "市商务局",
            "市国资委",
            "市委老干部局",
            "市工业和信息化局",
            "市市场监管局",
            "市政务服务数据管理局",
            "市教育局",
            "市文化广电旅游体育局",
            "市残联",
            "市民政局",
            "市科技局",
            "市税务局",
            "市自然资源局",
            "市财政局",
            "市金融局",
            "江门银保监分局",
            "江门市民政局",
        ],
    ),
    (
        "三亚市",
        &[
            "各区政府",
            "天涯区政府",
            "市人力资源和社会保障局",
            "市住房和城乡建设局",
            "市卫生健康委员会",
            "市发展和改革委员会",
            "市市场监督管理局",
            "市民政局",
            "市科技工业信息化局",
            "市自然资源和规划局",
            "市财政局",
            "育才生态区管委会",
        ],
    ),
    (
        "咸阳市",
        &[
            "各县市区人民政府",
            "咸阳银保监分局",
            "市人社局",
            "市住房和城乡建设局",
            "市体育局",
            "市保险行业协会",
            "市农业农村局",
            "市医疗保障局",
            "市卫生健康委员会",
            "市发展改革委",
            "市发改委",
            "市司法局",
            "市城市管理执法局",
            "市大数据管理局",
            "市工业和信息化局",
            "市市场监督管理局",
            "市应急管理局",
            "市扶贫开发局",
            "市教育局",
            "市文化和旅游局",
            "市残联",
            "市民政局",
            "市税务局",
            "市老干局",
            "市自然资源局",
            "市行政审批服务局",
            "市财政局",
            "有关部门",
            "市卫生健康 委员会",
            "市医疗 保障局",
            "市市场监督 管理局",
            "市自然 资源局",
            "市住房和城乡建 设局",
            "市工业 和信息化局",
            "市大数据 管理局",
            "市城市管理 执法局",
            "咸阳银保监 分局",
            "各县市区人民政府负责",
        ],
    ),
    (
        "永州市",
        &[
            "县（区）人民政府",
            "市人社局",
            "市住建",
            "市住建局",
            "市农业农村局",
            "市医疗保障局",
            "市卫健委",
            "市县（区）民政局",
            "市发改委",
            "市工信局",
            "市市场监督管理局",
            "市应急管理局",
            "市扶贫办",
            "市改革试点工作领导小组各成员单位",
            "市教育局",
            "市残联",
            "市民政局",
            "市直相关单位",
            "市自然资源和规划局",
            "市财政局",
            "管理区管委会",
            "经开区管委会",
            "市人民政府",
            "管理区管委会",
        ],
    ),
];

fn seeds() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
}

#[test]
fn every_seed_unit_is_known() {
    let dir = Directory::bundled();
    let mut unknown = vec![];
    for (place, names) in SEED_UNITS {
        for name in *names {
            let r = dir.resolve(Some(place), name);
            if !r.known || r.correction.is_some() || r.category == Category::Other {
                unknown.push(format!("{place} {name} → {r:?}"));
            }
        }
    }
    assert!(unknown.is_empty(), "not in the reference table:\n{}", unknown.join("\n"));
}

#[test]
fn seed_typos_resolve_with_a_correction() {
    let dir = Directory::bundled();
    for (place, printed, expected) in
        [("珠海市", "市人社局局", "市人社局"), ("咸阳市", "咸阳银保保监分局", "咸阳银保监分局")]
    {
        let r = dir.resolve(Some(place), printed);
        let exact = dir.resolve(Some(place), expected);
        assert_eq!(r.canonical, exact.canonical);
        assert!(r.known && r.correction.is_some(), "{r:?}");
    }
}

#[test]
fn one_place_never_gives_one_canonical_name_two_meanings() {
    let dir = Directory::bundled();
    for (place, names) in SEED_UNITS {
        let mut seen: HashMap<String, (Category, Level)> = HashMap::new();
        for name in *names {
            let r = dir.resolve(Some(place), name);
            let prev = seen.insert(r.canonical.clone(), (r.category, r.level));
            assert!(prev.is_none_or(|p| p == (r.category, r.level)), "{place} {name}");
        }
    }
}

#[test]
fn the_health_authority_is_one_department_per_place_whatever_its_name() {
    let dir = Directory::bundled();
    let names = ["市卫计局", "市卫生健康局", "市卫生健康委员会", "市卫健委", "市卫生健康 委员会"];
    let canon: Vec<String> = names.iter().map(|n| dir.resolve(Some("永州市"), n).canonical).collect();
    assert!(canon.windows(2).all(|w| w[0] == w[1]), "{canon:?}");
    assert_eq!(dir.resolve(Some("珠海市"), "市卫计局").category, Category::Health);
}

#[test]
fn bundled_manifest_names_existing_seed_files() {
    let manifest = Manifest::bundled();
    let mut places: Vec<&str> = manifest.documents.iter().map(|d| d.place.as_str()).collect();
    places.sort();
    assert_eq!(places, ["三亚市", "咸阳市", "永州市", "江门市", "珠海市"]);
    for d in &manifest.documents {
        let path = seeds().join(&d.file);
        assert!(path.is_file(), "{} listed in manifest.toml but missing", d.file);
        let text = std::fs::read_to_string(&path).unwrap();
        // The title is printed in the document, possibly without the place prefix.
        let printed = d.title.strip_prefix(&d.place).unwrap_or(&d.title);
        assert!(text.contains(printed), "{}: title `{}` not in the text", d.file, d.title);
    }
}

#[test]
fn yongzhou_deadline_cells_are_month_milestones() {
    // 004 prints every deadline as YYYY年M月 on its own tab-indented line.
    let text = std::fs::read_to_string(seeds().join("004_4c9c29b5613c88cf.txt")).unwrap();
    let cells: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.len() <= 12 && l.starts_with("20") && l.ends_with('月'))
        .collect();
    assert_eq!(cells.len(), 19);
    for cell in cells {
        let d = read_deadlines(cell, MilestoneSource::DeadlineColumn);
        assert_eq!(d.milestones.len(), 1, "{cell}");
        let m = &d.milestones[0];
        assert_eq!((m.precision, m.kind, m.text.as_str()), (Precision::Month, MilestoneKind::DueBy, cell));
        assert!(m.date.format("%Y年%-m月").to_string() == cell, "{cell} → {}", m.date);
    }
}

#[test]
fn xianyang_deadline_cells_read_dates_and_ongoing() {
    // In 003 the deadline is the last `|`-terminated cell of each row.
    let text = std::fs::read_to_string(seeds().join("003_a0d7d2555f135a42.txt")).unwrap();
    let cells: Vec<String> = text
        .split('|')
        .map(|c| c.trim().replace('\n', ""))
        .filter(|c| c.contains("持续实施") || c.starts_with("2019年") || c.starts_with("到"))
        .collect();
    let all: Vec<_> = cells.iter().map(|c| read_deadlines(c, MilestoneSource::DeadlineColumn)).collect();
    let ongoing = all.iter().filter(|d| d.ongoing).count();
    let milestones: usize = all.iter().map(|d| d.milestones.len()).sum();
    assert_eq!(ongoing, cells.len() - 2, "all but two 2019年6月 cells are ongoing");
    assert_eq!(milestones, 16);
}
