//! Responsible units for generated tables: the unit names the seeds print,
//! one alias per authority chosen per document (a document says 市卫计局 or
//! 市卫生健康委员会, not both), and the district-government forms of each
//! layout (各区政府（管委会）, 各县市区人民政府, 县（区）人民政府 …).
//!
//! Every name here is one the bundled reference table (`seeds/departments.tsv`)
//! knows, so a generated unit resolves like a seed unit. Units picked for one
//! task are distinct authorities, so the reader's count equals ours.

use super::rng::Rng;

/// An authority: how often it appears in elderly-care tables, and the names
/// documents print for it. `{c}` stands for the city's short name.
struct Authority {
    weight: u32,
    names: &'static [&'static str],
}

const AUTHORITIES: &[Authority] = &[
    Authority { weight: 60, names: &["市民政局"] },
    Authority { weight: 30, names: &["市财政局"] },
    Authority {
        weight: 26, names: &["市卫计局", "市卫生健康局", "市卫生健康委员会", "市卫健委"]
    },
    Authority {
        weight: 12, names: &["市人社局", "市人力资源社会保障局", "市人力资源和社会保障局"]
    },
    Authority {
        weight: 10, names: &["市发改局", "市发展改革局", "市发改委", "市发展和改革委员会"]
    },
    Authority { weight: 8, names: &["市国土局", "市自然资源局", "市自然资源和规划局"] },
    Authority {
        weight: 8, names: &["市住规建局", "市住房城乡建设局", "市住房和城乡建设局", "市住建局"]
    },
    Authority { weight: 6, names: &["市市场监管局", "市市场监督管理局"] },
    Authority { weight: 8, names: &["市医保局", "市医疗保障局"] },
    Authority { weight: 5, names: &["市教育局"] },
    Authority { weight: 3, names: &["市科技局"] },
    Authority { weight: 4, names: &["市工业和信息化局", "市工信局", "市科工信局"] },
    Authority { weight: 3, names: &["市商务局"] },
    Authority {
        weight: 3, names: &["市文化广电旅游体育局", "市文化和旅游局", "市文体旅游局"]
    },
    Authority { weight: 2, names: &["市公安局"] },
    Authority { weight: 2, names: &["市公安消防局"] },
    Authority { weight: 3, names: &["市应急管理局"] },
    Authority { weight: 2, names: &["市司法局"] },
    Authority { weight: 3, names: &["市农业农村局"] },
    Authority { weight: 3, names: &["市扶贫开发局", "市扶贫办"] },
    Authority { weight: 3, names: &["市政务服务数据管理局", "市大数据管理局"] },
    Authority { weight: 1, names: &["市行政审批服务局"] },
    Authority { weight: 3, names: &["市金融局", "市金融工作局"] },
    Authority { weight: 2, names: &["市税务局"] },
    Authority { weight: 2, names: &["市城市管理执法局"] },
    Authority { weight: 2, names: &["市国资委"] },
    Authority { weight: 1, names: &["市外事局"] },
    Authority { weight: 1, names: &["市港澳事务局"] },
    Authority { weight: 1, names: &["市台湾事务局"] },
    Authority { weight: 4, names: &["市老龄办"] },
    Authority { weight: 2, names: &["市老干局", "市委老干部局"] },
    Authority { weight: 4, names: &["市残联"] },
    Authority { weight: 1, names: &["市妇联"] },
    Authority { weight: 1, names: &["团市委"] },
    Authority { weight: 1, names: &["市文明办"] },
    Authority { weight: 1, names: &["市体育局"] },
    Authority { weight: 1, names: &["市质监局"] },
    Authority { weight: 1, names: &["市食药监局"] },
    Authority { weight: 2, names: &["{c}银保监分局"] },
    Authority { weight: 1, names: &["人行{c}市中心支行"] },
    Authority { weight: 1, names: &["市保险行业协会"] },
];

/// The city bureaus and external bodies one document prints, each under the
/// alias the document uses.
pub struct UnitPool {
    names: Vec<String>,
    weights: Vec<u32>,
    total: u32,
}

impl UnitPool {
    pub fn new(rng: &mut Rng, city_short: &str) -> UnitPool {
        let names: Vec<String> =
            AUTHORITIES.iter().map(|a| rng.pick(a.names).replace("{c}", city_short)).collect();
        let weights: Vec<u32> = AUTHORITIES.iter().map(|a| a.weight).collect();
        let total = weights.iter().sum();
        UnitPool { names, weights, total }
    }

    /// `n` distinct units by weight, none of them in `taken` (indexes into
    /// this pool); the picked indexes are added to `taken`.
    pub fn pick(&self, rng: &mut Rng, n: usize, taken: &mut Vec<usize>) -> Vec<&str> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n && taken.len() < self.names.len() {
            let mut x = rng.below(self.total as usize) as u32;
            let mut i = 0;
            while x >= self.weights[i] {
                x -= self.weights[i];
                i += 1;
            }
            if !taken.contains(&i) {
                taken.push(i);
                out.push(self.names[i].as_str());
            }
        }
        out
    }
}

/// Breaks a long unit name with a space, as the pipe layout's narrow cells
/// print them (市卫生健康 委员会, 市住房和城乡建 设局). Neither piece is itself
/// a unit name: the left keeps at least three characters, the right at least
/// two and never starts with 市.
pub fn break_with_space(rng: &mut Rng, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 6 {
        return name.to_string();
    }
    let candidates: Vec<usize> = (3..=chars.len() - 2).filter(|&i| chars[i] != '市').collect();
    match candidates.is_empty() {
        true => name.to_string(),
        false => {
            let at = *rng.pick(&candidates);
            let mut s: String = chars[..at].iter().collect();
            s.push(' ');
            s.extend(&chars[at..]);
            s
        }
    }
}

/// Breaks a long unit name over two lines, as a narrow tab-layout cell wraps
/// it (市卫生健康\n委员会). Same piece rules as [`break_with_space`].
pub fn break_with_newline(rng: &mut Rng, name: &str) -> String {
    break_with_space(rng, name).replacen(' ', "\n", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_are_distinct_and_city_filled() {
        let mut rng = Rng::new(3);
        let pool = UnitPool::new(&mut rng, "宝鸡");
        let mut taken = vec![];
        let a = pool.pick(&mut rng, 6, &mut taken);
        let b = pool.pick(&mut rng, 6, &mut taken);
        let all: std::collections::HashSet<&str> = a.iter().chain(&b).copied().collect();
        assert_eq!(all.len(), 12);
        assert!(pool.names.iter().any(|n| n == "宝鸡银保监分局"));
        assert!(pool.names.iter().all(|n| !n.contains('{')));
    }

    #[test]
    fn breaks_keep_both_pieces_non_trivial() {
        let mut rng = Rng::new(5);
        for _ in 0..50 {
            let b = break_with_space(&mut rng, "市住房和城乡建设局");
            let (l, r) = b.split_once(' ').unwrap();
            assert!(l.chars().count() >= 3 && r.chars().count() >= 2 && !r.starts_with('市'));
            assert_eq!(format!("{l}{r}"), "市住房和城乡建设局");
        }
        assert_eq!(break_with_space(&mut rng, "市民政局"), "市民政局");
    }
}
