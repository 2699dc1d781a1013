//! How well the reader reads the genre, measured on hand-annotated tables:
//! `tests/reading/corpus/` holds real tables copied from government pages of
//! other places and levels, `tests/reading/dev/` tables written for this
//! project in the shapes the genre takes (layouts, role words, issuers from
//! province to township). Each `NAME.txt` sits beside its annotation
//! `NAME.json` (the format of `tests/reading/SCHEMA.md`).
//!
//! The measure follows the corpus scorer: annotated tasks are matched to
//! read tasks by text similarity, then (task, unit) pairs are compared, with
//! and without roles, after the annotation's own map of printed names to
//! canonical ones. A change that reads the genre worse fails here.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use dutygraph::ingest::{self, Directory, ParsedDocument, Source};
use dutygraph::model::Role;
use serde_json::Value;

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reading").join(name)
}

/// Spaces removed, ASCII brackets and commas written full-width.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ',' => '，',
            c => c,
        })
        .collect()
}

/// 2·LCS / (|a| + |b|): how much two texts share, in order.
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut prev = vec![0u16; b.len() + 1];
    for x in &a {
        let mut cur = vec![0u16; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { cur[j].max(prev[j + 1]) };
        }
        prev = cur;
    }
    2.0 * f64::from(prev[b.len()]) / (a.len() + b.len()) as f64
}

fn f1(gold: &HashSet<(usize, String)>, read: &HashSet<(usize, String)>) -> f64 {
    let hit = gold.intersection(read).count() as f64;
    let (p, r) = (
        if read.is_empty() { 1.0 } else { hit / read.len() as f64 },
        if gold.is_empty() { 1.0 } else { hit / gold.len() as f64 },
    );
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

struct Score {
    name: String,
    found: usize,
    tasks: usize,
    unit_f1: f64,
    role_f1: f64,
}

fn score(path: &Path) -> Score {
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("annotation")).expect("json");
    let txt = path.with_extension("txt");
    let name = txt.file_name().expect("name").to_string_lossy().into_owned();
    let text = ingest::decode(&std::fs::read(&txt).expect("document"), &name).expect("decodable");
    let place = gold["city"].as_str().map(str::to_string);
    let doc: ParsedDocument =
        ingest::read(&text, &Source { name: name.clone(), place, ..Source::default() }, Directory::bundled());

    // Printed and canonical names both map to the annotation's canonical.
    let mut canon: HashMap<String, String> = HashMap::new();
    for (printed, u) in gold["units"].as_object().expect("units") {
        let c = norm(u["canonical"].as_str().unwrap_or(printed));
        canon.insert(norm(printed), c.clone());
        canon.insert(c.clone(), c);
    }
    let gold_canon = |u: &str| canon.get(&norm(u)).cloned().unwrap_or_else(|| norm(u));
    let read_canon = |printed: &str, canonical: &str| {
        [printed, canonical]
            .iter()
            .find_map(|n| canon.get(&norm(n)).cloned())
            .unwrap_or_else(|| norm(printed))
    };

    let tasks = gold["tasks"].as_array().expect("tasks");
    let key = |text: &str, detail: Option<&str>| norm(&format!("{text}|{}", detail.unwrap_or("")));
    let mut used = HashSet::new();
    let mut matched: HashMap<usize, usize> = HashMap::new();
    for (g, t) in tasks.iter().enumerate() {
        let gk = key(t["text"].as_str().unwrap_or(""), t["detail"].as_str());
        let (gt, gd) = (norm(t["text"].as_str().unwrap_or("")), norm(t["detail"].as_str().unwrap_or("")));
        let best = doc
            .tasks
            .iter()
            .enumerate()
            .filter(|(r, _)| !used.contains(r))
            .map(|(r, rt)| {
                let text = norm(&rt.text);
                let contained = !text.is_empty() && (text == gt || text == gd);
                let s = if contained { 0.95 } else { similarity(&gk, &key(&rt.text, rt.detail.as_deref())) };
                (r, s)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((r, _)) = best.filter(|(_, s)| *s >= 0.6) {
            used.insert(r);
            matched.insert(r, g);
        }
    }
    let mut gold_pairs = HashSet::new();
    let mut gold_roles = HashSet::new();
    for (g, t) in tasks.iter().enumerate() {
        for (role, field) in [("lead", "lead"), ("support", "support")] {
            for u in t[field].as_array().into_iter().flatten().filter_map(Value::as_str) {
                gold_pairs.insert((g, gold_canon(u)));
                gold_roles.insert((g, format!("{role}:{}", gold_canon(u))));
            }
        }
    }
    let mut read_pairs = HashSet::new();
    let mut read_roles = HashSet::new();
    for (r, t) in doc.tasks.iter().enumerate() {
        // An unmatched task's units can only be wrong: keep them apart.
        let g = matched.get(&r).copied().unwrap_or(usize::MAX - r);
        for u in &t.units {
            let c = read_canon(&u.printed, &u.canonical);
            let role = if u.role == Role::Lead { "lead" } else { "support" };
            read_pairs.insert((g, c.clone()));
            read_roles.insert((g, format!("{role}:{c}")));
        }
    }
    Score {
        name,
        found: matched.len(),
        tasks: tasks.len(),
        unit_f1: f1(&gold_pairs, &read_pairs),
        role_f1: f1(&gold_roles, &read_roles),
    }
}

fn scores(set: &str) -> Vec<Score> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir(set))
        .expect("reading set")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|p| score(p)).collect()
}

fn check(set: &str, min_unit_f1: f64, min_role_f1: f64) {
    let all = scores(set);
    assert!(!all.is_empty(), "no annotated documents in tests/reading/{set}");
    let mean = |f: fn(&Score) -> f64| all.iter().map(f).sum::<f64>() / all.len() as f64;
    let (unit, role) = (mean(|s| s.unit_f1), mean(|s| s.role_f1));
    let table: Vec<String> = all
        .iter()
        .map(|s| {
            format!("{:45} {:>3}/{:<3} unit {:.3} role {:.3}", s.name, s.found, s.tasks, s.unit_f1, s.role_f1)
        })
        .collect();
    let empty: Vec<&str> = all.iter().filter(|s| s.found == 0).map(|s| s.name.as_str()).collect();
    assert!(empty.is_empty(), "documents read as no task: {empty:?}\n{}", table.join("\n"));
    assert!(
        unit >= min_unit_f1 && role >= min_role_f1,
        "{set}: mean unit F1 {unit:.3} (at least {min_unit_f1}), role F1 {role:.3} (at least {min_role_f1})\n{}",
        table.join("\n")
    );
}

/// Real tables of other places and levels: read as annotated.
#[test]
fn the_annotated_corpus_reads_as_annotated() {
    check("corpus", 0.99, 0.99);
}

/// The project's own tables, one or more per shape of the genre.
#[test]
fn the_shapes_of_the_genre_read_well() {
    check("dev", 0.98, 0.98);
}

#[test]
fn similarity_is_a_share_of_common_characters() {
    assert_eq!(similarity("abc", "abc"), 1.0);
    assert_eq!(similarity("abcd", "abxy"), 0.5);
    assert_eq!(similarity("", "a"), 0.0);
}

/// Reads a corpus document in the place its annotation gives.
fn read_corpus(name: &str) -> ParsedDocument {
    let path = dir("corpus").join(format!("{name}.txt"));
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).expect("annotation"))
            .expect("json");
    let text = ingest::decode(&std::fs::read(&path).expect("document"), name).expect("decodable");
    let source =
        Source { name: name.into(), place: gold["city"].as_str().map(str::to_string), ..Source::default() };
    ingest::read(&text, &source, Directory::bundled())
}

fn names(doc: &ParsedDocument, task: usize, role: Role) -> Vec<&str> {
    doc.tasks[task].units.iter().filter(|u| u.role == role).map(|u| u.printed.as_str()).collect()
}

/// Per corpus document, counted from its annotation: the place it is filed
/// under, tasks, lead and support units.
#[test]
fn corpus_counts() {
    let expected = [
        ("dazhu_2016_livelihood", "大竹县", 11, 16, 0),
        ("lingbi_2021_health", "灵璧县", 5, 6, 20),
        ("lishan_2023_govwork", "立山区", 6, 6, 13),
        ("liupanshui_2015_employment", "六盘水市", 2, 2, 9),
        ("nanling_2024_education", "芜湖市", 2, 2, 2),
        ("neimenggu_2020_old_communities", "内蒙古自治区", 2, 2, 8),
        ("pingdingshan_2018_river_chief", "平顶山市", 2, 2, 13),
        ("shangcheng_2019_govwork", "上城区", 1, 1, 8),
        ("xiamen_2019_business_env", "厦门市", 2, 3, 0),
        ("yuncheng_2017_emergency", "运城市", 4, 12, 0),
        ("zhonglou_2021_livelihood", "常州市", 6, 6, 15),
    ];
    for (name, place, tasks, leads, supports) in expected {
        let doc = read_corpus(name);
        let role = |r: Role| doc.tasks.iter().flat_map(|t| &t.units).filter(|u| u.role == r).count();
        assert_eq!(
            (doc.place.as_deref(), doc.tasks.len(), role(Role::Lead), role(Role::Support)),
            (Some(place), tasks, leads, supports),
            "{name}: (place, tasks, leads, supports)"
        );
        assert!(!doc.has_errors(), "{name}: {:?}", doc.diagnostics);
    }
}

/// The rows of each shape that are hard to read, by name.
#[test]
fn corpus_hard_rows() {
    // One paragraph per cell; a sub-row under a merged 序号 and unit cell;
    // deadlines without a year take the document's; a county's table.
    let d = read_corpus("dazhu_2016_livelihood");
    assert_eq!(names(&d, 0, Role::Lead), ["县水务局", "县住建局", "县护城河指挥部"]);
    assert_eq!(
        (d.tasks[5].text.as_str(), names(&d, 5, Role::Lead)),
        ("开工建设老年大学。", vec!["县民政局"])
    );
    assert_eq!(d.tasks[5].milestones[0].date.to_string(), "2016-12-31");
    assert!(d.diagnostics.iter().any(|x| x.code == "issuer-inside-place" && x.message.contains("达州市")));
    // Text run together with no separator, a site's chunk marker inside a
    // name, people's names skipped, merged sub-rows.
    let d = read_corpus("zhonglou_2021_livelihood");
    assert_eq!(names(&d, 1, Role::Lead), ["人社局"]);
    assert_eq!(names(&d, 1, Role::Support), ["高新园（邹区镇）", "各街道"]);
    assert_eq!(names(&d, 3, Role::Support), ["五星街道", "南大街街道", "荷花池街道"]);
    assert_eq!(names(&d, 5, Role::Lead), ["民政局"]);
    assert!(d
        .tasks
        .iter()
        .flat_map(|t| &t.units)
        .all(|u| !["何海平", "芮春祥", "张菁"].contains(&u.printed.as_str())));
    // Two PDF columns interleaved line by line; verbs give the roles.
    let d = read_corpus("neimenggu_2020_old_communities");
    assert_eq!(names(&d, 0, Role::Lead), ["自治区住房城乡建设厅"]);
    assert_eq!(
        names(&d, 1, Role::Support),
        ["联席会议成员单位", "各盟行政公署", "市人民政府", "各旗县（市、区）人民政府"]
    );
    // A row per line with wrap spaces in cells; 责任单位 beside 牵头单位
    // supports; a shared prefix and a shared suffix.
    let d = read_corpus("pingdingshan_2018_river_chief");
    assert_eq!(d.tasks[0].text, "严守水资源开发利用控制红线");
    assert_eq!(names(&d, 0, Role::Lead), ["市水利局"]);
    let support = names(&d, 0, Role::Support);
    assert_eq!(&support[..4], ["市发展改革委", "工业和信息化委", "住房和城乡建设局", "农业局"]);
    assert!(support.contains(&"城乡一体化示范区党工委和管委会"), "{support:?}");
    // Traditional characters: printed forms kept, canonical simplified.
    let d = read_corpus("liupanshui_2015_employment");
    assert_eq!(names(&d, 0, Role::Support)[..3], ["各縣人民政府", "特區人民政府", "區人民政府"]);
    assert_eq!(d.tasks[0].units[0].canonical, "市人力资源和社会保障局");
    // Label lines: 牵头 leads, 责任 supports.
    let d = read_corpus("lishan_2023_govwork");
    assert_eq!(
        (names(&d, 4, Role::Lead), names(&d, 4, Role::Support)),
        (vec!["区财政局"], vec!["立山经济开发区", "各街道", "税务局"])
    );
    // One unit line for the sub-items (1)…(4) above it.
    let d = read_corpus("yuncheng_2017_emergency");
    assert!(d.tasks.iter().all(|t| t.units.len() == 3));
    assert_eq!(d.tasks[0].measure.as_deref(), Some("完善应急预案体系"));
    // A person column skipped; cells closed by ` |`.
    let d = read_corpus("nanling_2024_education");
    assert_eq!(
        (names(&d, 1, Role::Lead), names(&d, 1, Role::Support)),
        (vec!["县教育局"], vec!["县各有关单位"])
    );
    // A note on how to read the list is no unit; 持续推进 is ongoing.
    let d = read_corpus("xiamen_2019_business_env");
    assert_eq!(names(&d, 0, Role::Lead), ["市发改委", "市财政局"]);
    assert!(d.tasks.iter().all(|t| t.ongoing));
    // Rows on one line between ` | `, letter-spaced header words.
    let d = read_corpus("shangcheng_2019_govwork");
    assert_eq!(
        (d.tasks[0].text.as_str(), d.tasks[0].detail.as_deref()),
        ("地区生产总值", Some("增长5.5%(市下达指标)"))
    );
    // 牵头责任单位 and 主要协作单位 label lines.
    let d = read_corpus("lingbi_2021_health");
    assert_eq!(names(&d, 0, Role::Lead), ["县卫健委", "县民政局"]);
    assert_eq!(
        names(&d, 0, Role::Support),
        ["各乡镇人民政府", "经济开发区管委会", "县政府有关部门", "有关直属单位"]
    );
}
