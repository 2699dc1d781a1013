//! Place names for generated documents: real prefecture-level places, then
//! real county-level cities, each with its province; past both lists, names
//! composed from two real names (first character of one, last of another)
//! so that every place in a corpus is distinct and still reads like a place.
//!
//! Names here are data, not identifiers; this module knows nothing of layouts.

use std::collections::HashSet;

/// (province without suffix, place names without the trailing 市).
const PREFECTURE_LEVEL: &[(&str, &str)] = &[
    ("广东", "广州 深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮"),
    ("海南", "海口 三亚 儋州"),
    ("陕西", "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛"),
    ("湖南", "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底"),
    ("湖北", "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州"),
    ("河南", "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店"),
    ("河北", "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水"),
    ("山西", "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁"),
    ("内蒙古", "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布"),
    ("辽宁", "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛"),
    ("吉林", "长春 吉林 四平 辽源 通化 白山 松原 白城"),
    ("黑龙江", "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化"),
    ("江苏", "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁"),
    ("浙江", "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水"),
    ("安徽", "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城"),
    ("福建", "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德"),
    ("江西", "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶"),
    ("山东", "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽"),
    ("广西", "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左"),
    ("四川", "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳"),
    ("贵州", "贵阳 六盘水 遵义 安顺 毕节 铜仁"),
    ("云南", "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧"),
    ("西藏", "拉萨 日喀则 昌都 林芝 山南 那曲"),
    ("甘肃", "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南"),
    ("青海", "西宁 海东"),
    ("宁夏", "银川 石嘴山 吴忠 固原 中卫"),
    ("新疆", "乌鲁木齐 克拉玛依 吐鲁番 哈密"),
];

const COUNTY_LEVEL: &[(&str, &str)] = &[
    ("广东", "台山 开平 鹤山 恩平 英德 连州 乐昌 南雄 兴宁 普宁 陆丰 罗定 阳春 化州 信宜 高州 吴川 廉江 雷州 四会"),
    ("湖南", "浏阳 醴陵 湘乡 韶山 耒阳 常宁 武冈 汨罗 临湘 沅江 资兴 洪江 冷水江 涟源 宁乡 邵东"),
    ("浙江", "义乌 东阳 永康 兰溪 海宁 平湖 桐乡 诸暨 嵊州 余姚 慈溪 乐清 瑞安 温岭 临海 玉环 建德 江山 龙泉"),
    ("江苏", "江阴 宜兴 常熟 张家港 昆山 太仓 启东 如皋 仪征 高邮 丹阳 扬中 句容 靖江 泰兴 兴化 邳州 新沂 溧阳 东台"),
    ("山东", "胶州 平度 莱西 龙口 莱阳 莱州 招远 栖霞 海阳 青州 诸城 寿光 安丘 高密 昌邑 曲阜 邹城 新泰 肥城 荣成 乳山 乐陵 禹城 临清 滕州 邹平"),
    ("河南", "巩义 荥阳 新密 新郑 登封 舞钢 汝州 林州 卫辉 辉县 沁阳 孟州 禹州 长葛 义马 灵宝 邓州 永城 项城 济源"),
    ("四川", "都江堰 彭州 邛崃 崇州 简阳 广汉 什邡 绵竹 江油 峨眉山 阆中 华蓥 万源 射洪 隆昌"),
    ("福建", "福清 晋江 石狮 南安 邵武 武夷山 建瓯 漳平 福安 福鼎 永安"),
    ("河北", "辛集 晋州 新乐 遵化 迁安 武安 南宫 沙河 涿州 定州 安国 高碑店 泊头 任丘 黄骅 河间 霸州 三河 深州"),
    ("陕西", "兴平 彬州 韩城 华阴 子长 神木 旬阳"),
    ("湖北", "大冶 丹江口 宜都 当阳 枝江 老河口 枣阳 宜城 钟祥 京山 应城 安陆 汉川 石首 洪湖 松滋 麻城 武穴 赤壁 广水 仙桃 潜江 天门"),
    ("江西", "乐平 瑞金 井冈山 丰城 樟树 高安 德兴 贵溪 共青城 瑞昌 龙南"),
];

/// A place of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceName {
    /// Full name as documents print it, e.g. `江门市`.
    pub name: String,
    /// The name without 市 (江门), used in unit names such as 江门银保监分局.
    pub short: String,
    /// Province without suffix, e.g. `广东`.
    pub province: String,
}

fn real_names() -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    // Interleave provinces so that a small corpus already spans several of them.
    for table in [PREFECTURE_LEVEL, COUNTY_LEVEL] {
        let lists: Vec<(&str, Vec<&str>)> =
            table.iter().map(|(p, names)| (*p, names.split(' ').collect())).collect();
        let longest = lists.iter().map(|(_, n)| n.len()).max().unwrap_or(0);
        for i in 0..longest {
            for (province, names) in &lists {
                if let Some(n) = names.get(i) {
                    out.push((*province, *n));
                }
            }
        }
    }
    out
}

/// `count` distinct places, in a fixed order: real names first, composed
/// names after. The order does not depend on the seed, so the first places
/// of every corpus are the same real ones.
pub fn places(count: usize) -> Vec<PlaceName> {
    let real = real_names();
    let mut used: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(count);
    let mut push = |province: &str, short: String, out: &mut Vec<PlaceName>| {
        let name = format!("{short}市");
        if used.insert(name.clone()) {
            out.push(PlaceName { name, short, province: province.to_string() });
        }
    };
    for (province, short) in &real {
        if out.len() == count {
            return out;
        }
        push(province, short.to_string(), &mut out);
    }
    // Composed names: walk pairs (a, b) in a fixed scrambled order. There are
    // far more pairs than any corpus needs (over 250 000), and duplicates
    // of real or earlier names are skipped.
    let n = real.len();
    let mut k: usize = 0;
    while out.len() < count && k < n * n {
        let a = real[k % n];
        let b = real[(k / n + k * 7 + 3) % n];
        k += 1;
        let first = a.1.chars().next().expect("non-empty name");
        let last = b.1.chars().last().expect("non-empty name");
        if first == last {
            continue;
        }
        push(a.0, format!("{first}{last}"), &mut out);
    }
    assert_eq!(out.len(), count, "more places requested than names can be composed");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_end_in_shi() {
        let list = places(3000);
        let set: HashSet<&str> = list.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(set.len(), 3000);
        assert!(list.iter().all(|c| c.name.ends_with('市') && !c.short.ends_with('市')));
        assert!(list.iter().all(|c| !c.province.is_empty()));
        assert_eq!(list[0].name, "广州市");
        assert!(real_names().len() > 450);
    }
}
