//! Functional categories and administrative levels: the vocabulary that makes
//! departments comparable across places (江门's 市卫生健康局 and 珠海's 市卫计局
//! are both `Health`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $label:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The snake_case code used in `seeds/departments.tsv` and exports.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            /// A short English label for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($name::$variant),)*
                    _ => Err(format!(
                        concat!("unknown ", stringify!($name), " `{}`; expected one of: {}"),
                        s,
                        [$($code),*].join(", ")
                    )),
                }
            }
        }
    };
}

code_enum! {
    /// What a unit does, comparable across places.
    Category {
        CivilAffairs = "civil_affairs", "civil affairs";
        Finance = "finance", "finance";
        Health = "health", "health";
        MedicalSecurity = "medical_security", "medical security";
        HumanResourcesSocialSecurity = "hr_social_security", "HR & social security";
        DevelopmentReform = "development_reform", "development & reform";
        NaturalResources = "natural_resources", "natural resources & planning";
        HousingConstruction = "housing_construction", "housing & construction";
        Education = "education", "education";
        MarketRegulation = "market_regulation", "market regulation";
        IndustryInformation = "industry_information", "industry, science & information";
        Commerce = "commerce", "commerce";
        CultureTourismSports = "culture_tourism_sports", "culture, tourism & sports";
        PublicSecurity = "public_security", "public security & fire";
        EmergencyManagement = "emergency_management", "emergency management";
        Justice = "justice", "justice";
        AgricultureRural = "agriculture_rural", "agriculture & rural affairs";
        PovertyAlleviation = "poverty_alleviation", "poverty alleviation";
        DataGovernment = "data_government", "big data & government services";
        FinancialRegulation = "financial_regulation", "finance office & financial regulation";
        Taxation = "taxation", "taxation";
        UrbanManagement = "urban_management", "urban management";
        StateAssets = "state_assets", "state-owned assets";
        ForeignAffairs = "foreign_affairs", "foreign, Hong Kong, Macao & Taiwan affairs";
        Aging = "aging", "ageing affairs & veteran cadres";
        Disability = "disability", "disabled persons' federation";
        MassOrganisation = "mass_organisation", "mass organisations & civility office";
        Government = "government", "people's governments & management committees";
        Collective = "collective", "collective bodies";
        Other = "other", "other";
    }
}

impl Category {
    /// The category's name in Chinese, as the reference table's departments
    /// are called (民政, 卫生健康): what a Chinese reader sees on a chart.
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::CivilAffairs => "民政",
            Category::Finance => "财政",
            Category::Health => "卫生健康",
            Category::MedicalSecurity => "医疗保障",
            Category::HumanResourcesSocialSecurity => "人力资源和社会保障",
            Category::DevelopmentReform => "发展改革",
            Category::NaturalResources => "自然资源和规划",
            Category::HousingConstruction => "住房城乡建设",
            Category::Education => "教育",
            Category::MarketRegulation => "市场监管",
            Category::IndustryInformation => "工业和信息化、科技",
            Category::Commerce => "商务",
            Category::CultureTourismSports => "文化广电旅游体育",
            Category::PublicSecurity => "公安、消防",
            Category::EmergencyManagement => "应急管理",
            Category::Justice => "司法",
            Category::AgricultureRural => "农业农村",
            Category::PovertyAlleviation => "扶贫",
            Category::DataGovernment => "政务服务数据管理",
            Category::FinancialRegulation => "金融工作、金融监管",
            Category::Taxation => "税务",
            Category::UrbanManagement => "城市管理",
            Category::StateAssets => "国有资产",
            Category::ForeignAffairs => "外事、港澳台事务",
            Category::Aging => "老龄、老干部",
            Category::Disability => "残联",
            Category::MassOrganisation => "群团组织、文明办",
            Category::Government => "人民政府、管委会",
            Category::Collective => "成员单位（集体）",
            Category::Other => "其他",
        }
    }
}

code_enum! {
    /// Where a unit sits relative to the government that issued the document.
    /// The codes keep the words of the first, city-level tables.
    Level {
        /// A bureau, commission or office of the issuing government (市民政局,
        /// a county's 县民政局).
        CityBureau = "city_bureau", "city bureau";
        /// The issuing people's government itself (市人民政府, 县人民政府).
        CityGovernment = "city_government", "city government";
        /// Governments below the issuer (districts, counties and county-level
        /// cities of a city; townships of a county) and management
        /// committees of development zones (各区政府, 县（区）人民政府).
        DistrictGovernment = "district_government", "district/county government";
        /// A group of units named together (市直相关单位, 各成员单位).
        Collective = "collective", "collective body";
        /// A body outside the issuing government: a higher government's
        /// department, regulator branches, banks,
        /// universities, associations (咸阳银保监分局).
        External = "external", "external body";
        /// Not in the reference table.
        Unknown = "unknown", "unknown";
    }
}

code_enum! {
    /// The level of a place in China's administrative divisions (GB/T 2260).
    PlaceLevel {
        /// 省, 自治区, 直辖市.
        Province = "province", "province";
        /// 地级市, 地区, 自治州, 盟.
        Prefecture = "prefecture", "prefecture";
        /// 县, 县级市, 市辖区, 旗.
        County = "county", "county";
        /// 乡, 镇, 街道.
        Township = "township", "township";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.code().parse::<Category>(), Ok(*c));
        }
        for l in Level::ALL {
            assert_eq!(l.code().parse::<Level>(), Ok(*l));
        }
        for l in PlaceLevel::ALL {
            assert_eq!(l.code().parse::<PlaceLevel>(), Ok(*l));
        }
        assert!("healthcare".parse::<Category>().unwrap_err().contains("health"));
        let mut zh: Vec<&str> = Category::ALL.iter().map(|c| c.label_zh()).collect();
        zh.sort_unstable();
        zh.dedup();
        assert_eq!(zh.len(), Category::ALL.len(), "every category has its own Chinese label");
    }
}
