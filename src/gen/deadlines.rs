//! Deadline cells in the phrasings the seeds use, each with whether it makes
//! the task ongoing (持续实施). Only the deadline cell may say 持续实施: task
//! text never does (see `phrases`), so the flag here is the task's flag.

use super::phrases::{sentence, Punct};
use super::rng::Rng;

/// 时间进度 cell of the measure table (江门): 2020年底前, 持续实施,
/// 2021年底前取得阶段性成效并持续实施 … The last variant wraps inside the cell.
pub fn measure_table(rng: &mut Rng, year: u32) -> (String, bool) {
    let (y, y1, y2) = (year, year + 1, year + 2);
    match rng.below(14) {
        0 | 1 => (format!("{y}年底前"), false),
        2 => (format!("{y1}年底前"), false),
        3 => (format!("{y2}年底前"), false),
        4 | 5 => ("持续实施".to_string(), true),
        6 => (format!("{y}年启动编制"), false),
        7 => (format!("{y}年底前落实并持续实施"), true),
        8 => (format!("{y1}年底前取得阶段性成效并持续实施"), true),
        9 => (format!("{y1}年6月底前"), false),
        10 => (format!("{y2}年底前落实配建标准并持续实施"), true),
        11 => (format!("{y}年底前建设{}家区域性养老服务中心并持续实施", rng.range(2, 9)), true),
        12 => (format!("{y}年底前健全相关领导机制并持续实施"), true),
        _ => (format!("{y1}年底前落实并\n持续实施"), true),
    }
}

/// 完成时限 cell of the 三亚 and 永州 tables: a month.
pub fn month(rng: &mut Rng, year: u32) -> (String, bool) {
    let y = year + rng.below(2) as u32;
    (format!("{y}年{}月", rng.range(1, 12)), false)
}

/// 时间进度 cell of the pipe table (咸阳): 持续实施, or dated sentences that
/// may end in (持续实施), with ASCII punctuation as that table prints them.
pub fn pipe_table(rng: &mut Rng, year: u32, place: (&str, &str)) -> (String, bool) {
    let (y0, y) = (year - 1, year);
    let clause = |rng: &mut Rng, end: &str| sentence(rng, 1, 2, end, place, Punct::Ascii);
    match rng.below(16) {
        0..=5 => ("持续实施".to_string(), true),
        6 => (format!("{y0}年6月,{};{y}年{}(持续实施)", clause(rng, ""), clause(rng, "。")), true),
        7 => (format!("{y0}年6月,{}", clause(rng, "。")), false),
        8 | 9 => (format!("{y0}年6月,{}(持续实施)", clause(rng, "。")), true),
        10 => (format!("{}(持续实施)", clause(rng, "。")), true),
        11 => (format!("到{y}年,{}(持续实施)", clause(rng, "。")), true),
        12 => (format!("“十三五”期间,{}(持续实施)", clause(rng, "。")), true),
        13 => (format!("到十三五末,{}(持续实施)", clause(rng, "。")), true),
        14 => (format!("到{y}年,{}持续实施", clause(rng, "。")), true),
        _ => (format!("{y0}年底{}", clause(rng, "。")), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_follow_the_words() {
        let mut rng = Rng::new(11);
        for _ in 0..500 {
            for (text, ongoing) in [
                measure_table(&mut rng, 2020),
                month(&mut rng, 2020),
                pipe_table(&mut rng, 2020, ("宝鸡市", "宝鸡")),
            ] {
                assert_eq!(text.replace('\n', "").contains("持续实施"), ongoing, "{text}");
                assert!(!text.contains('|') && !text.contains('\t'), "{text}");
            }
        }
    }
}
