//! The unit recognizer: tells a unit name from a task text, a deadline or a
//! person's name without looking it up, and finds the names in text printed
//! with no separator between them (`教育局经开区高新园（邹区镇）各街道`).
//!
//! A unit name is recognisable on its own: it opens with a place or level
//! (市, 县, 各, 自治区, a place name ending in 市/县/区), a department stem
//! (民政, 发展改革, 住建, 人社 …) or a known body (国网, 人行, 团), and ends
//! with an organisational suffix (局, 委, 办, 中心, 管委会, 人民政府, 街道,
//! 公司 …). The reference table and the divisions table add what they know.
//!
//! This module must not resolve names to departments (that is
//! [`super::Directory`]'s job); it only says what a string looks like.

use super::divisions::Divisions;
use super::units::{chars_before_suffix, has_unit_suffix};

/// Openings of unit names: levels, collective words and well-known bodies.
const STARTS: &[&str] = &[
    "自治区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
    "镇",
    "乡",
    "街道",
    "各",
    "全市",
    "全县",
    "全区",
    "全省",
    "有关",
    "相关",
    "其他",
    "其它",
    "国家",
    "中国",
    "中共",
    "中央",
    "国网",
    "国家电网",
    "人行",
    "人民银行",
    "团市委",
    "团县委",
    "团区委",
    "共青团",
    "驻",
];

/// Zones that are names by themselves and open longer ones (经开区管委会).
const ZONES: &[&str] = &["经开区", "高新区", "开发区", "示范区", "新区", "园区"];

/// Department stems printed after the level or on their own (教育局, 人社局).
/// The full forms and the abbreviations governments use.
const STEMS: &[&str] = &[
    "民政",
    "财政",
    "发展改革",
    "发展和改革",
    "发改",
    "住房城乡建设",
    "住房和城乡建设",
    "住建",
    "住房",
    "城乡建设",
    "建设",
    "人力资源社会保障",
    "人力资源和社会保障",
    "人社",
    "人力社保",
    "卫生健康",
    "卫健",
    "卫计",
    "卫生",
    "市场监督管理",
    "市场监管",
    "医疗保障",
    "医保",
    "教育",
    "教科",
    "教体",
    "科技",
    "科学技术",
    "工业和信息化",
    "工信",
    "经信",
    "经济和信息化",
    "商务",
    "公安",
    "司法",
    "自然资源",
    "资源规划",
    "资规",
    "规划",
    "国土",
    "生态环境",
    "环保",
    "环境保护",
    "水利",
    "水务",
    "农业农村",
    "农业",
    "农委",
    "农村",
    "林业",
    "园林",
    "交通运输",
    "交通",
    "文化和旅游",
    "文化旅游",
    "文旅",
    "文广旅体",
    "文广",
    "文体",
    "文化",
    "旅游",
    "广电",
    "体育",
    "统计",
    "审计",
    "税务",
    "应急管理",
    "应急",
    "退役军人事务",
    "退役军人",
    "城市管理",
    "城管",
    "综合行政执法",
    "综合执法",
    "行政审批",
    "政务服务",
    "政务",
    "大数据",
    "数据资源",
    "信访",
    "外事",
    "外办",
    "侨务",
    "台办",
    "档案",
    "气象",
    "地震",
    "消防",
    "粮食",
    "供销",
    "国资",
    "金融",
    "地方金融",
    "机关事务",
    "人防",
    "民族宗教",
    "民宗",
    "宣传",
    "组织",
    "编办",
    "机构编制",
    "网信",
    "政法",
    "统战",
    "纪委",
    "监委",
    "总工会",
    "工会",
    "妇联",
    "残联",
    "团委",
    "科协",
    "文联",
    "红十字",
    "老龄",
    "老干",
    "扶贫",
    "乡村振兴",
    "融媒体",
    "疾控",
    "邮政",
    "电信",
    "移动",
    "联通",
    "供电",
    "电力",
    "烟草",
    "铁路",
    "海关",
    "银保监",
    "证监",
    "投促",
    "投资促进",
    "招商",
    "发改经信",
    "城投",
    "交投",
    "公路",
    "房管",
    "房产",
    "住房保障",
    "物价",
    "安监",
    "安全生产",
    "质监",
    "食药监",
    "工商",
    "新闻出版",
    "妇幼",
    "计生",
    "法制",
    "政府办",
    "督查",
    "研究室",
    "经济",
    "口岸",
    "港务",
    "机场",
    "代建",
    "市政",
    "环卫",
    "商务和",
    "发展研究",
    "党校",
    "史志",
    "保密",
    "人大",
    "政协",
    "法院",
    "检察院",
    "武装部",
    "边防",
    "消防救援",
    "交警",
    "人民医院",
    "中医院",
    "疾病预防控制",
    "医疗",
    "残疾人",
];

/// Common surnames (the first character of a person's name in a 分管领导
/// column).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝芮";

fn han_len(text: &str) -> usize {
    text.chars().count()
}

/// Whether `name` opens like a unit: a level, a stem, or a place name
/// from the divisions table (大竹县水务局, 立山经济开发区).
pub fn starts_like_unit(name: &str) -> bool {
    STARTS.iter().chain(ZONES).any(|s| name.starts_with(s))
        || STEMS.iter().any(|s| name.starts_with(s))
        || Divisions::bundled().place_prefix_len(name).is_some()
}

/// Whether `name` opens with a level (市, 县, 各 …), not a department stem
/// or a place: what a second name printed right after another must open
/// with to be one (市民政局市财政局; but 市公安局交警支队 and
/// 广州供电局越秀供电局 name one body and its branch).
pub fn opens_with_level(name: &str) -> bool {
    STARTS.iter().any(|s| name.starts_with(s))
}

/// Whether one printed name (no separators) reads as a unit name.
pub fn is_unit_name(name: &str) -> bool {
    let n = han_len(name);
    if !(2..=30).contains(&n)
        || name.contains(['。', '：', ':', '；'])
        || name.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    let collective = ["有关单位", "有关部门", "成员单位", "各单位", "各部门", "相关单位", "相关部门"];
    let base = name.split(['（', '(']).next().unwrap_or(name);
    ((has_unit_suffix(name) || collective.iter().any(|c| name.ends_with(c)) || is_each_place(name))
        && starts_like_unit(name))
        || is_short_department(base)
        || is_town_government(base)
        || (is_zone(base) && n <= 16)
        || is_known_town(base)
}

/// 各乡镇, 各街道, 各县区, 各镇（街道）: every government of a kind below the
/// issuer, named without a suffix.
fn is_each_place(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('各') else { return false };
    let bare = rest.split(['（', '(']).next().unwrap_or(rest);
    !bare.is_empty()
        && bare.chars().count() <= 4
        && bare.chars().all(|c| "乡镇街道县市区村社旗盟州辖".contains(c))
}

/// A department named without its level, as a zone's or a town's tables
/// name their own (社会事业局, 企业服务中心, 党政办): a few characters
/// before an ending only units have.
fn is_short_department(name: &str) -> bool {
    let n = han_len(name);
    (3..=8).contains(&n)
        && (name.ends_with(|c: char| "局委办".contains(c)) || name.ends_with("服务中心"))
        && name.chars().all(|c| !c.is_ascii() && c.is_alphabetic())
}

/// A town's or street's government (河田镇人民政府, 玉林街道办事处).
pub fn is_town_government(name: &str) -> bool {
    ["人民政府", "政府", "办事处", "党委"].iter().filter_map(|s| name.strip_suffix(s)).any(|town| {
        is_town_like(town) || town.strip_suffix("街道").is_some_and(|stem| (2..=4).contains(&han_len(stem)))
    })
}

/// A development zone or its committee (花桥经济开发区, 花桥经济开发区管委会).
fn is_zone(name: &str) -> bool {
    let zone = ["管委会", "管理委员会", "党工委", "管理局"]
        .iter()
        .find_map(|c| name.strip_suffix(c))
        .unwrap_or(name);
    ZONE_ENDS.iter().any(|z| zone.ends_with(z))
}

/// Names of towns that are also everyday words (城镇, 小城镇, 中心镇).
const NOT_TOWNS: &[&str] = &["城镇", "小城镇", "中心镇", "重点镇", "建制镇", "特色小镇", "城乡", "农村乡"];

/// A township the division tables know (遵谭镇), unless its name is an
/// everyday word.
fn is_known_town(name: &str) -> bool {
    !NOT_TOWNS.contains(&name) && Divisions::bundled().is_township(name)
}

/// A town or township named in a list of units (高垄乡, 海会镇): a known
/// one, or a short name before 镇 or 乡 (the tables miss newer towns).
pub fn is_town_like(name: &str) -> bool {
    let stem = name.strip_suffix('镇').or_else(|| name.strip_suffix('乡'));
    is_known_town(name)
        || stem.is_some_and(|stem| {
            (2..=3).contains(&han_len(stem)) && !NOT_TOWNS.contains(&name) && !stem.starts_with('各')
        })
}

/// Whether a name found in a run of names printed together may be one:
/// it opens like a unit, or is short (晋陵公司, 供销社, 组织部).
pub fn is_run_name(name: &str) -> bool {
    let base = name.split(['（', '(']).next().unwrap_or(name);
    let n = han_len(base);
    (2..=30).contains(&n)
        && !name.contains(['。', '，', ',', '、', '；', ';', '：', ':'])
        && !name.chars().any(|c| c.is_ascii_digit())
        && (run_ends().any(|s| base.ends_with(s))
            || has_unit_suffix(base)
            || is_each_place(base)
            || is_town_like(base))
        && (starts_like_unit(base) || n <= 8 || is_branch(base))
}

/// Names longer than this many characters are text, not one unit's name.
const MAX_NAME_CHARS: usize = 40;

/// A company's or bank's branch named after its place (人保财险芜湖市分公司,
/// 中国移动广州分公司, 工商银行晋江支行): a place name inside, a branch's
/// ending after it.
fn is_branch(name: &str) -> bool {
    const BRANCH_ENDS: &[&str] = &["分公司", "支公司", "分行", "支行", "分局", "公司"];
    let chars: Vec<char> = name.chars().collect();
    chars.len() <= MAX_NAME_CHARS
        && BRANCH_ENDS.iter().any(|e| name.ends_with(e))
        && (1..chars.len().saturating_sub(2)).any(|i| {
            let rest: String = chars[i..].iter().collect();
            // The place, then little more than the ending (芜湖|供电公司).
            Divisions::bundled().place_prefix_len(&rest).is_some_and(|place| chars.len() - i - place <= 5)
        })
}

/// Whether a cell's text is a person's name, or several: `何海平`, `俞 悦`,
/// `陆 明俞 悦` (two names, each letter-spaced).
pub fn is_person_names(text: &str) -> bool {
    let squashed: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
    let parts: Vec<&str> = squashed.split(['、', '，', ',', '/']).filter(|p| !p.is_empty()).collect();
    !parts.is_empty()
        && parts.iter().all(|p| {
            let n = han_len(p);
            (2..=6).contains(&n)
                && p.chars().all(|c| !c.is_ascii() && c.is_alphabetic())
                && p.chars().next().is_some_and(|c| SURNAMES.contains(c))
                && !has_unit_suffix(p)
                && !starts_like_unit(p)
        })
}

/// Suffixes that may end a name inside a run of names printed together;
/// wider than [`has_unit_suffix`] because the run is already known to list
/// units (高新园, 五星街道). Zone endings end a run too ([`run_ends`]).
const RUN_ENDS: &[&str] = &[
    "街道",
    "办事处",
    "高新园",
    "科技园",
    "度假区",
    "风景区",
    "景区",
    "试验区",
    "合作区",
    "集聚区",
    "社区",
    "公司",
    "集团",
    "乡镇",
    "镇街区",
    "镇街",
    "街区",
    "中心",
    "管委会",
    "委员会",
    "协会",
    "商会",
    "工会",
    "联合会",
    "联盟",
    "供销社",
    "合作社",
    "报社",
    "银行",
    "支行",
    "分行",
    "小组",
    "专班",
    "指挥部",
    "党委",
    "党工委",
    "人民政府",
    "政府",
    "海关",
    "大学",
    "学院",
    "学校",
    "医院",
    "电视台",
    "广播电视台",
];

/// Every ending that closes a name inside a run: [`RUN_ENDS`] and the
/// zones' endings.
fn run_ends() -> impl Iterator<Item = &'static &'static str> {
    RUN_ENDS.iter().chain(ZONE_ENDS)
}

/// Endings of zone names, which name a unit whatever place they open with
/// (莘庄工业区, 双龙航空港经济区).
const ZONE_ENDS: &[&str] = &[
    "开发区",
    "经开区",
    "高新区",
    "示范区",
    "新区",
    "园区",
    "工业区",
    "工业园",
    "产业园",
    "管理区",
    "功能区",
    "经济区",
    "保税区",
    "综保区",
];

/// Single characters that surely end a name (市民政局, 团市委, 县残联):
/// unlike 会, 社 or 行 they end no everyday word (社会, 进行) before a
/// name in a run.
const SURE_ENDS: &str = "局委办厅府署部院所站队处科室馆联";

fn run_end_at(chars: &[char], end: usize) -> bool {
    let before = &chars[..end];
    let Some(&last) = before.last() else { return false };
    run_ends().any(|s| s.ends_with(last) && chars_end_with(before, s))
        || chars.get(end.wrapping_sub(1)).is_some_and(|c| SURE_ENDS.contains(*c))
}

/// Whether a run of characters may end with a name's end: a unit's ending
/// or a closing parenthesis. [`split_run`] reads nothing else.
pub fn ends_like_name(chars: &[char]) -> bool {
    let end = chars.iter().rposition(|c| !c.is_whitespace()).map_or(0, |i| i + 1);
    chars[..end].last().is_some_and(|c| matches!(c, '）' | ')')) || run_end_at(chars, end)
}

/// `str::ends_with` on a slice of characters, without collecting it.
fn chars_end_with(chars: &[char], word: &str) -> bool {
    let mut rest = chars.iter().rev();
    word.chars().rev().all(|w| rest.next() == Some(&w))
}

/// Whether a name opens like a unit and is more than its opening (人行
/// alone, in a run, is the start of 人行安溪支行).
fn opens_beyond(name: &str) -> bool {
    let n = han_len(name);
    let longest = STARTS
        .iter()
        .chain(STEMS)
        .filter(|w| name.starts_with(*w))
        .map(|w| han_len(w))
        .max()
        .or_else(|| Divisions::bundled().place_prefix_len(name));
    longest.is_some_and(|l| n > l)
}

/// The longest run (in characters) split into names: some fifty names,
/// more than any cell lists.
const MAX_RUN_CHARS: usize = 1_000;

/// Characters that make a place word with a 区 after them (园区, 新区,
/// 城区, 社区): names run together are never cut between the two.
const ZONE_WORD_HEADS: &str = "园新城景社片校小辖特郊矿";

/// Splits a run of unit names printed with no separator into the names
/// (`晋陵公司轨道公司` → 晋陵公司, 轨道公司), choosing the reading with the
/// most names that each open like a unit. A parenthesis belongs to the name
/// before it. `None` when the run does not end like a name.
pub fn split_run(text: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let n = chars.len();
    if n == 0 || n > MAX_RUN_CHARS {
        return None;
    }
    // Candidate name ends: after a suffix, or after a parenthesis closing a
    // name's remark; never inside a parenthesis.
    let mut depth = 0usize;
    let mut can_end = vec![false; n + 1];
    for i in 0..n {
        match chars[i] {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            let closes = matches!(chars[i], '）' | ')');
            can_end[i + 1] = closes || run_end_at(&chars, i + 1);
        }
    }
    // A parenthesis opening right after an end keeps the name going, and
    // so does the 区 of a place word (苏州工业园区海关 is not 工业园 + 区海关)
    // and the 驻 of an office a unit keeps elsewhere (长沙海关驻醴陵办事处).
    for i in 1..n {
        let place_word = chars[i] == '区' && ZONE_WORD_HEADS.contains(chars[i - 1]);
        if can_end[i] && (matches!(chars[i], '（' | '(' | '驻') || place_word) {
            can_end[i] = false;
        }
    }
    if !can_end[n] {
        return None;
    }
    // best[i]: (score, names) for chars[..i].
    let mut best: Vec<Option<(i32, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 1..=n {
        if !can_end[end] {
            continue;
        }
        for start in end.saturating_sub(30)..end {
            let Some((score, _)) = best[start] else { continue };
            if end - start < 2 {
                continue;
            }
            let name: String = chars[start..end].iter().collect();
            let base = name.split(['（', '(']).next().unwrap_or(&name);
            // A place word alone opens the next name (园区市场监督管理局).
            if end - start == 2 && chars[end - 1] == '区' && ZONE_WORD_HEADS.contains(chars[start]) {
                continue;
            }
            // A name that opens like a unit counts most; one that ends
            // like a zone, street or company counts too. A cut that leaves
            // a part opening like neither (市人力资源和社会|保障局) loses to
            // the whole name.
            let opens = opens_beyond(base);
            let strong_end = run_ends().any(|s| base.ends_with(s));
            // Each name counts once it opens or ends like a unit, more when
            // it does both; a name doing neither counts nothing.
            // A name does not open with an ending (局高新园 is 局 cut off
            // the name before it).
            let opens_with_end = base.chars().next().is_some_and(|c| has_unit_suffix(&c.to_string()));
            // An ending with at most one character before it names nothing
            // by itself (管委会, 技大学): it is the tail of the name before.
            let bare_end = !opens && chars_before_suffix(base).is_some_and(|before| before <= 1);
            let s = if bare_end {
                score
            } else {
                score + i32::from(opens || strong_end) + 2 * i32::from(opens) + i32::from(strong_end)
                    - 2 * i32::from(opens_with_end)
            };
            if best[end].is_none_or(|(b, _)| s > b) {
                best[end] = Some((s, start));
            }
        }
    }
    let mut names = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end]?;
        names.push(chars[start..end].iter().collect());
        end = start;
    }
    names.reverse();
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names() {
        for name in [
            "市民政局",
            "县护城河指挥部",
            "县代建中心",
            "教育局",
            "人社局",
            "立山经济开发区管委会",
            "各相关单位",
            "县残联",
            "大竹县水务局",
            "国网江门供电公司",
        ] {
            assert!(is_unit_name(name), "{name}");
        }
        assert!(is_unit_name("各乡镇") && is_unit_name("各镇（街道）") && !is_unit_name("各项"));
        assert!(is_unit_name("各辖市（区）"));
        assert!(is_unit_name("三洲镇人民政府") && is_unit_name("玉林街道办事处"));
        assert!(is_run_name("人保财险芜湖市分公司") && !is_run_name("推进芜湖市数字化转型的相关公司"));
        // Towns: known ones anywhere, unknown short ones in a list.
        assert!(is_unit_name("遵谭镇"));
        assert!(is_unit_name("社会事业局") && is_unit_name("企业服务中心") && !is_unit_name("加强服务"));
        assert!(is_run_name("高垄乡"));
        assert!(is_run_name("海会镇"));
        assert!(!is_run_name("小城镇") && !is_run_name("城镇") && !is_unit_name("中心镇"));
        for name in ["建成县残疾人综合服务中心", "开工建设县老年养护楼", "12月底前", "何海平", "加强督导"]
        {
            assert!(!is_unit_name(name), "{name}");
        }
    }

    #[test]
    fn people() {
        assert!(is_person_names("何海平"));
        assert!(is_person_names("俞 悦"));
        assert!(is_person_names("陆 明俞 悦"));
        assert!(is_person_names("张菁"));
        assert!(!is_person_names("市民政局"));
        assert!(!is_person_names("教育局"));
        assert!(!is_person_names("加强督导工作"));
    }

    #[test]
    fn runs_of_names() {
        let run = |t: &str| split_run(t).unwrap_or_default();
        assert_eq!(
            run("经开区高新园(邹区镇)各街道市国有公司"),
            ["经开区", "高新园(邹区镇)", "各街道", "市国有公司"]
        );
        assert_eq!(run("晋陵公司轨道公司"), ["晋陵公司", "轨道公司"]);
        assert_eq!(run("文体旅局晋陵公司"), ["文体旅局", "晋陵公司"]);
        assert_eq!(run("住建局五星街道"), ["住建局", "五星街道"]);
        assert_eq!(run("人社局高新园(邹区镇)各街道"), ["人社局", "高新园(邹区镇)", "各街道"]);
        assert_eq!(run("人行安溪支行农商银行"), ["人行安溪支行", "农商银行"]);
        assert_eq!(run("财政局蔬菜产业发展中心"), ["财政局", "蔬菜产业发展中心"]);
        assert_eq!(run("市社会福利中心"), ["市社会福利中心"]);
        assert_eq!(run("五星街道南大街街道荷花池街道"), ["五星街道", "南大街街道", "荷花池街道"]);
        assert_eq!(run("市民政局市财政局"), ["市民政局", "市财政局"]);
        assert_eq!(run("市住房和城乡建设局"), ["市住房和城乡建设局"]);
        assert_eq!(run("市人力资源和社会保障局"), ["市人力资源和社会保障局"]);
        assert_eq!(run("市社会福利院"), ["市社会福利院"]);
        // An ending alone (管委会) or after one character (技|大学) is the
        // tail of the name before it.
        assert_eq!(
            run("柳州高新区管委会柳州工学院广西科技大学"),
            ["柳州高新区管委会", "柳州工学院", "广西科技大学"]
        );
        assert_eq!(split_run("加强督导"), None);
        // 园区 is one word, and a place word alone opens the next name.
        assert_eq!(run("苏州工业园区海关"), ["苏州工业园区海关"]);
        assert_eq!(run("园区市场监督管理局"), ["园区市场监督管理局"]);
        // An office a unit keeps elsewhere is the unit's, not a second name.
        assert_eq!(run("佛山海关驻顺德办事处"), ["佛山海关驻顺德办事处"]);
        assert_eq!(run("长沙海关驻醴陵办事处区商务局"), ["长沙海关驻醴陵办事处", "区商务局"]);
    }
}
