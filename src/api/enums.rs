//! GraphQL mirrors of the model's enums. Each mirror converts both ways with
//! its model enum (`remote`), so a variant added to the model without a
//! mirror fails to compile. Category values are the model's codes in upper
//! case (`civil_affairs` → `CIVIL_AFFAIRS`).

use async_graphql::Enum;

use crate::{ingest, model};

/// What a unit does, comparable across places: 江门's 市卫生健康局 and 珠海's
/// 市卫计局 are both `HEALTH`. Values are the reference table's codes in upper case.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[graphql(remote = "model::Category")]
pub enum Category {
    /// Civil affairs (民政).
    CivilAffairs,
    /// Finance (财政).
    Finance,
    /// Health (卫生健康).
    Health,
    /// Medical security (医疗保障).
    MedicalSecurity,
    /// Human resources and social security (人力资源和社会保障).
    #[graphql(name = "HR_SOCIAL_SECURITY")]
    HumanResourcesSocialSecurity,
    /// Development and reform (发展改革).
    DevelopmentReform,
    /// Natural resources and planning (自然资源).
    NaturalResources,
    /// Housing and construction (住房城乡建设).
    HousingConstruction,
    /// Education (教育).
    Education,
    /// Market regulation (市场监管).
    MarketRegulation,
    /// Industry, science and information (工业和信息化、科技).
    IndustryInformation,
    /// Commerce (商务).
    Commerce,
    /// Culture, tourism and sports (文化广电旅游体育).
    CultureTourismSports,
    /// Public security and fire services (公安、消防).
    PublicSecurity,
    /// Emergency management (应急管理).
    EmergencyManagement,
    /// Justice (司法).
    Justice,
    /// Agriculture and rural affairs (农业农村).
    AgricultureRural,
    /// Poverty alleviation (扶贫).
    PovertyAlleviation,
    /// Big data and government services (政务服务数据管理).
    DataGovernment,
    /// Finance office and financial regulation (金融工作局、银保监).
    FinancialRegulation,
    /// Taxation (税务).
    Taxation,
    /// Urban management (城市管理).
    UrbanManagement,
    /// State-owned assets (国资).
    StateAssets,
    /// Foreign, Hong Kong, Macao and Taiwan affairs (外事).
    ForeignAffairs,
    /// Ageing affairs and veteran cadres (老龄、老干部).
    Aging,
    /// Disabled persons' federation (残联).
    Disability,
    /// Mass organisations and the civility office (工会、共青团、妇联、文明办).
    MassOrganisation,
    /// People's governments and management committees (各区政府、管委会).
    Government,
    /// Collective bodies named together (各成员单位).
    Collective,
    /// Not in the reference table, or none of the above.
    Other,
}

/// Where a unit sits relative to the government that issued the document
/// (a city's, a county's or a province's; the names keep the words of the
/// first, city-level tables).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[graphql(remote = "model::Level")]
pub enum Level {
    /// A bureau, commission or office of the issuing government (市民政局,
    /// a county's 县民政局).
    CityBureau,
    /// The issuing people's government itself (市人民政府, 县人民政府).
    CityGovernment,
    /// Governments below the issuer: districts, counties and county-level
    /// cities of a city, townships and sub-districts of a county, and
    /// development-zone management committees (各区政府, 各乡镇人民政府).
    DistrictGovernment,
    /// A group of units named together (市直相关单位, 各成员单位).
    Collective,
    /// A body outside the issuing government: a higher government's
    /// department, regulator branches, banks, universities, associations.
    External,
    /// Not in the reference table.
    Unknown,
}

/// The level of a place in China's administrative divisions (GB/T 2260).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[graphql(remote = "model::PlaceLevel")]
pub enum PlaceLevel {
    /// 省, 自治区, 直辖市.
    Province,
    /// 地级市, 地区, 自治州, 盟.
    Prefecture,
    /// 县, 县级市, 市辖区, 旗.
    County,
    /// 乡, 镇, 街道.
    Township,
}

/// The part a unit plays in a task.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[graphql(remote = "model::Role")]
pub enum Role {
    /// Lead unit (牵头单位 / 责任单位): answers for the task.
    Lead,
    /// Support unit (配合单位): helps the lead units.
    Support,
}

/// How precisely a date is given.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[graphql(remote = "model::Precision")]
pub enum Precision {
    /// Only a year. A milestone (2020年底前) is dated 31 December, the last
    /// day it covers; a document (〔2019〕) 1 January, the first day it may
    /// be in force.
    Year,
    /// A month (2020年6月): a milestone is dated the month's last day.
    Month,
    /// An exact day.
    Day,
}

/// What a dated commitment promises.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[graphql(remote = "model::MilestoneKind")]
pub enum MilestoneKind {
    /// Finished by the date (2020年底前, 2020年6月).
    DueBy,
    /// Work starts at the date (2020年启动编制).
    Start,
    /// A target level reached by the date (到2020年，…达到…).
    Target,
    /// An interim result by the date (取得阶段性成效).
    InterimResult,
}

/// Where a document's date was read. When a document states several, the
/// most precise wins: GIVEN, then DATE_LINE, then DOCUMENT_NUMBER, then TITLE.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[graphql(remote = "model::DateSource")]
pub enum DateSource {
    /// The date line (落款日期) under the issuer's name, 2019年8月12日 or
    /// 二〇一九年八月十二日, or a web page's 发布日期:2019-08-12 (precision DAY).
    DateLine,
    /// The year of the document number opening a line, 民发〔2019〕12号
    /// (precision YEAR: dated 1 January).
    DocumentNumber,
    /// The one year the title names, 2019年民生实事… (precision YEAR).
    Title,
    /// Given at ingest (`date` of `ingestDocument`, `--date`, the manifest).
    Given,
}

/// Where a milestone was read from.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[graphql(remote = "model::MilestoneSource")]
pub enum MilestoneSource {
    /// The deadline column (完成时限 / 时间进度).
    DeadlineColumn,
    /// A date named in the task's own text.
    TaskText,
}

/// How serious a reader finding is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[graphql(remote = "ingest::Severity")]
pub enum Severity {
    /// Something was read but may be wrong (unknown unit, corrected typo).
    Warning,
    /// Something could not be read; the document is refused.
    Error,
}

/// Sort direction.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortDirection {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

#[cfg(test)]
mod tests {
    use async_graphql::resolver_utils::enum_value;

    use super::*;

    #[test]
    fn category_values_are_the_model_codes_in_upper_case() {
        for c in model::Category::ALL {
            let value = enum_value(Category::from(*c));
            assert_eq!(value.to_string(), c.code().to_uppercase(), "{c:?}");
        }
    }
}
