//! `dutygraph extract --explain` with the real binary: for every task the
//! lines it was read from, for every unit what gave it its role (the
//! column's header, a label, a verb, a ★ in its cell, the first-printed
//! rule), and for an unreadable document what was missing.

use std::path::Path;
use std::process::Output;

use crate::support_bin::dutygraph;

fn explain(dir: &Path, name: &str, text: &str) -> Output {
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    dutygraph().args(["extract", "--explain"]).arg(&file).output().expect("the binary runs")
}

/// Two numbered items, one with label lines under it and one with a
/// sentence of verbs, then a table whose 责任单位 column marks a lead with ★.
const MIXED: &str = "珠海市养老服务体系建设重点任务分工表
1.完善养老服务网络。
牵头单位：市民政局
配合单位：市财政局、市医保局
2.推进医养结合。市卫生健康委牵头，市民政局配合。
序号\t工作任务\t责任单位\t完成时限
3\t建设社区养老服务中心\t市民政局★、市财政局\t2025年底前
4\t培训养老护理员\t市人力资源社会保障局\t持续推进
";

#[test]
fn explain_says_why_each_unit_has_its_role_and_where_each_task_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = explain(dir.path(), "分工表.txt", MIXED);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Tabs shown as ⇥, so the snapshot's cells stay visible.
    let report = String::from_utf8(out.stdout).unwrap().replace('\t', "⇥");
    expect_test::expect![[r#"
        place: 珠海市 · title: 珠海市养老服务体系建设重点任务分工表 · 4 task(s)

        task 1 (1), lines 2–4: 完善养老服务网络。
              2 │ 1.完善养老服务网络。
              3 │ 牵头单位：市民政局
              4 │ 配合单位：市财政局、市医保局
          lead 1: 市民政局 [civil_affairs]; after the label 牵头单位 (line 3) (primary lead: printed first)
          support 1: 市财政局 [finance]; after the label 配合单位 (line 4)
          support 2: 市医保局 = 市医疗保障局 [medical_security]; after the label 配合单位 (line 4)

        task 2 (2), line 5: 推进医养结合。
              5 │ 2.推进医养结合。市卫生健康委牵头，市民政局配合。
          lead 1: 市卫生健康委 = 市卫生健康委员会 [health]; before the verb 牵头 (line 5) (primary lead: printed first)
          support 1: 市民政局 [civil_affairs]; before the verb 配合 (line 5)

        task 3 (3), line 7: 建设社区养老服务中心
              7 │ 3⇥建设社区养老服务中心⇥市民政局★、市财政局⇥2025年底前
          lead 1: 市民政局 [civil_affairs]; in the 责任单位 column (line 7); marked ★/（牵头） as its cell's lead (primary lead: printed first)
          support 1: 市财政局 [finance]; in the 责任单位 column (line 7); another unit of its cell is marked as the lead
          deadline: 2025年底前 → 2025-12-31

        task 4 (4), line 8: 培训养老护理员
              8 │ 4⇥培训养老护理员⇥市人力资源社会保障局⇥持续推进
          lead 1: 市人力资源社会保障局 = 市人力资源和社会保障局 [hr_social_security]; in the 责任单位 column (line 8) (primary lead: printed first)
          deadline: 持续推进 → no date (ongoing)
    "#]].assert_eq(&report);
}

#[test]
fn explain_of_a_document_without_tasks_says_what_was_missing() {
    let dir = tempfile::tempdir().unwrap();
    let out = explain(dir.path(), "通知.txt", "关于召开养老服务工作会议的通知\n会议定于下周召开。\n");
    assert!(!out.status.success(), "a document the reader cannot read fails `extract`");
    let report = String::from_utf8(out.stdout).unwrap();
    expect_test::expect![[r#"
        place: (none) · title: (none) · 0 task(s)

        diagnostics:
          document: Error no-table: `通知.txt` holds no task table: no header row (序号, 工作任务, 牵头单位 …) and no numbered tasks naming units
    "#]].assert_eq(&report);
    assert!(String::from_utf8_lossy(&out.stderr).contains("通知.txt"), "the error names the file");
}
