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
/// documents print for it. `{c}` stands for the place's short name.
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
    pub fn new(rng: &mut Rng, place_short: &str) -> UnitPool {
        let names: Vec<String> =
            AUTHORITIES.iter().map(|a| rng.pick(a.names).replace("{c}", place_short)).collect();
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

/// Where the seeds break a name in a narrow cell: (the name's ending, the
/// tail printed after the break). 咸阳 (003) prints 市卫生健康 委员会,
/// 市住房和城乡建 设局, 咸阳银保监 分局 …
const SEED_BREAKS: &[(&str, &str)] = &[
    ("市卫生健康委员会", "委员会"),
    ("市医疗保障局", "保障局"),
    ("银保监分局", "分局"),
    ("市市场监督管理局", "管理局"),
    ("市大数据管理局", "管理局"),
    ("市城市管理执法局", "执法局"),
    ("市住房和城乡建设局", "设局"),
    ("市自然资源局", "资源局"),
    ("市工业和信息化局", "和信息化局"),
];

/// Breaks a unit name with a space where the seeds break it (市卫生健康 委员会,
/// 江门银保监 分局); names the seeds never break are returned whole.
///
/// Breaks at other places (市人力资源社 会保障局, 银川银 保监分局) are
/// deliberately not generated: the reader's rejoining is steered by the
/// reference table and by short tails, and such pieces can pass for names.
pub fn break_with_space(name: &str) -> Option<String> {
    let (_, tail) = SEED_BREAKS.iter().find(|(ending, _)| name.ends_with(ending))?;
    let head = &name[..name.len() - tail.len()];
    Some(format!("{head} {tail}"))
}

/// Breaks a unit name over two lines, as a narrow tab-layout cell wraps it
/// (市卫生健康¶委员会), at the places [`break_with_space`] uses.
pub fn break_with_newline(name: &str) -> Option<String> {
    break_with_space(name).map(|b| b.replacen(' ', "\n", 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_are_distinct_and_place_filled() {
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
    fn breaks_follow_the_seeds() {
        assert_eq!(break_with_space("市住房和城乡建设局").as_deref(), Some("市住房和城乡建 设局"));
        assert_eq!(break_with_space("宝鸡银保监分局").as_deref(), Some("宝鸡银保监 分局"));
        assert_eq!(break_with_newline("市卫生健康委员会").as_deref(), Some("市卫生健康\n委员会"));
        assert_eq!(break_with_space("市民政局"), None);
        assert_eq!(break_with_space("各区政府（管委会）"), None);
    }
}
