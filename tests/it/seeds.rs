//! Per-seed counts, counted by hand from the documents (see the reader's
//! report for how), and the rows that are hard to read.

use dutygraph::ingest::{ParsedDocument, ParsedTask};
use dutygraph::model::Role;

use crate::golden::read_seed;

struct Counts {
    tasks: usize,
    leads: usize,
    supports: usize,
    ongoing: usize,
}

fn counts(doc: &ParsedDocument) -> Counts {
    let role = |r: Role| doc.tasks.iter().flat_map(|t| &t.units).filter(|u| u.role == r).count();
    Counts {
        tasks: doc.tasks.len(),
        leads: role(Role::Lead),
        supports: role(Role::Support),
        ongoing: doc.tasks.iter().filter(|t| t.ongoing).count(),
    }
}

fn names(task: &ParsedTask, role: Role) -> Vec<&str> {
    task.units.iter().filter(|u| u.role == role).map(|u| u.printed.as_str()).collect()
}

fn task_at(doc: &ParsedDocument, line: u32) -> &ParsedTask {
    doc.tasks.iter().find(|t| t.line == line).unwrap_or_else(|| panic!("no task at line {line}"))
}

#[test]
fn pinned_counts() {
    // (prefix, tasks, lead units, support units, ongoing tasks)
    let expected = [
        ("000", 57, 92, 116, 0),
        ("001", 43, 145, 0, 31),
        ("002", 18, 24, 56, 0),
        ("003", 48, 69, 176, 45),
        // 004's `市县（区）民政局` names two bureaus (市民政局, 县（区）民政局).
        ("004", 19, 115, 0, 0),
    ];
    for (prefix, tasks, leads, supports, ongoing) in expected {
        let doc = read_seed(prefix);
        let c = counts(&doc);
        assert_eq!(
            (c.tasks, c.leads, c.supports, c.ongoing),
            (tasks, leads, supports, ongoing),
            "seed {prefix}: (tasks, leads, supports, ongoing)"
        );
        assert!(!doc.has_errors(), "seed {prefix}: {:?}", doc.diagnostics);
        // Ranks run 1.. per role in every task.
        for t in &doc.tasks {
            for role in [Role::Lead, Role::Support] {
                let ranks: Vec<u16> = t.units.iter().filter(|u| u.role == role).map(|u| u.rank).collect();
                assert_eq!(
                    ranks,
                    (1..=ranks.len() as u16).collect::<Vec<_>>(),
                    "seed {prefix} line {}",
                    t.line
                );
            }
        }
    }
}

#[test]
fn zhuhai_repeated_chapter_headings() {
    let doc = read_seed("000");
    let chapters: Vec<&str> = doc.tasks.iter().filter_map(|t| t.chapter.as_deref()).collect();
    let mut distinct = chapters.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 7, "{distinct:?}");
    assert_eq!(distinct[2], "三、建立健全基本养老服务制度");
    // The heading repeated at line 212 neither makes a task nor renumbers:
    // chapter 三 keeps items 1..11.
    let third: Vec<&str> = doc
        .tasks
        .iter()
        .filter(|t| t.chapter.as_deref() == Some(distinct[2]))
        .filter_map(|t| t.number.as_deref())
        .collect();
    assert_eq!(third, (1..=11).map(|n| n.to_string()).collect::<Vec<_>>());
    let t4 = task_at(&doc, 215);
    assert_eq!(t4.section, None);
    assert_eq!(names(t4, Role::Support), ["市财政局", "各区政府（管委会）"]);
    // Chapter 四 repeated at line 290 before its second section.
    assert_eq!(task_at(&doc, 292).section.as_deref(), Some("（二）开展医养结合试点"));
    assert_eq!(task_at(&doc, 292).chapter.as_deref(), Some("四、推动医疗卫生与养老服务融合发展"));
    // A cell split by a blank line is one cell.
    assert_eq!(
        names(task_at(&doc, 14), Role::Support),
        ["市住规建局", "市国土局", "市发改局", "市公安消防局"]
    );
}

#[test]
fn jiangmen_row_eleven_inherits_its_task() {
    let doc = read_seed("001");
    let row10 = task_at(&doc, 96);
    let row11 = task_at(&doc, 106);
    assert_eq!(row11.number.as_deref(), Some("11"));
    assert_eq!(row11.text, row10.text);
    assert!(row11.detail.as_deref().unwrap().starts_with("全面建立养老机构与医疗机构预约就诊"));
    assert_eq!(row11.measure, row10.measure);
    // Spaces between two names on one line.
    assert_eq!(names(task_at(&doc, 175), Role::Lead).len(), 5);
}

#[test]
fn xianyang_continuation_rows_and_spaced_units() {
    let doc = read_seed("003");
    let prose = &doc.tasks[0];
    assert_eq!(prose.line, 1);
    assert_eq!(names(prose, Role::Lead).len(), 8);
    assert_eq!(names(prose, Role::Lead)[7], "各县市区人民政府");
    // Continuation rows inherit number and measure.
    let cont = task_at(&doc, 19);
    assert_eq!(cont.number.as_deref(), Some("1"));
    assert_eq!(cont.measure.as_deref(), Some("完善社会救助制度,落实最低生活保障分类施保政策。"));
    assert_eq!(names(task_at(&doc, 75), Role::Lead), ["市民政局", "市发改委"]);
    assert_eq!(names(task_at(&doc, 29), Role::Lead), ["市卫生健康委员会"]);
    assert_eq!(names(task_at(&doc, 92), Role::Lead), ["市民政局", "市市场监督管理局"]);
    assert_eq!(names(task_at(&doc, 211), Role::Lead), ["市自然资源局", "市住房和城乡建设局"]);
    assert_eq!(names(task_at(&doc, 53), Role::Lead), ["咸阳银保监分局"]);
    // A cell closed by a lone pipe on the next line.
    assert_eq!(names(task_at(&doc, 58), Role::Support), ["市财政局", "各县市区人民政府"]);
    assert_eq!(task_at(&doc, 174).measure.as_deref(), Some("推进多样化养老"));
}

#[test]
fn yongzhou_shared_suffixes() {
    let doc = read_seed("004");
    assert_eq!(
        names(task_at(&doc, 18), Role::Lead),
        ["市人民政府", "县（区）人民政府", "管理区管委会", "经开区管委会"]
    );
    assert_eq!(task_at(&doc, 18).text, "建立试点工作机制");
    assert_eq!(task_at(&doc, 18).number.as_deref(), Some("1"));
    assert_eq!(task_at(&doc, 49).text, "推进医养结合");
}

#[test]
fn sanya_title_names_the_place() {
    let doc = read_seed("002");
    assert_eq!(doc.title.as_deref(), Some("三亚市开展居家和社区养老服务改革试点重点任务分工表"));
    let t = task_at(&doc, 11);
    assert_eq!(t.measure.as_deref(), Some("健全养老服务工作机制"));
    assert_eq!(t.chapter.as_deref(), Some("一、建立“基础养老信息数据库”"));
}
