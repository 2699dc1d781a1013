//! A cell's value as the sheet prints it: text trimmed, whole numbers
//! without a decimal point, dates the way a deadline is written
//! (`2020年6月30日`), booleans as Excel shows them. Number formats
//! (percentages, thousands separators, currency) are not applied: a
//! percentage stays the number it holds. Error values print as nothing.

use calamine::{Data, ExcelDateTime};
use chrono::{NaiveDate, NaiveDateTime, Timelike};

/// The last serial date Excel knows (9999-12-31).
const LAST_SERIAL_DATE: f64 = 2_958_465.0;

pub fn printed(value: &Data) -> String {
    match value {
        Data::String(text) => text.trim().to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(n) => number(*n),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(date) if date.is_datetime() => serial_date(date),
        Data::DateTime(duration) => number(duration.as_f64()),
        Data::DateTimeIso(text) => iso_date(text.trim()),
        Data::DurationIso(text) => text.trim().to_string(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A number as Rust prints it shortest (`3`, not `3.0`; `0.1`).
fn number(n: f64) -> String {
    if !n.is_finite() {
        return String::new();
    }
    // `-0` would be a surprise in a table; Display never uses an exponent.
    if n == 0.0 {
        return "0".into();
    }
    format!("{n}")
}

/// An Excel serial date: a date alone when it has no time of day, a time
/// alone when it has no date (a serial below 1).
fn serial_date(date: &ExcelDateTime) -> String {
    let serial = date.as_f64();
    if !(0.0..LAST_SERIAL_DATE + 1.0).contains(&serial) {
        return number(serial);
    }
    let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
    let time = match (hour, minute, second) {
        (0, 0, 0) => None,
        (h, m, 0) => Some(format!("{h}:{m:02}")),
        (h, m, s) => Some(format!("{h}:{m:02}:{s:02}")),
    };
    match (serial < 1.0, time) {
        (true, Some(time)) => time,
        (true, None) => "0".into(),
        (false, None) => format!("{year}年{month}月{day}日"),
        (false, Some(time)) => format!("{year}年{month}月{day}日 {time}"),
    }
}

/// An ISO 8601 date or date and time (how OpenDocument stores dates).
fn iso_date(text: &str) -> String {
    let date_only = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(|d| d.and_hms_opt(0, 0, 0));
    let at = date_only.flatten().or_else(|| {
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    });
    let Some(at) = at else { return text.to_string() };
    let date = at.format("%Y年%-m月%-d日").to_string();
    match (at.hour(), at.minute(), at.second()) {
        (0, 0, 0) => date,
        (h, m, 0) => format!("{date} {h}:{m:02}"),
        (h, m, s) => format!("{date} {h}:{m:02}:{s:02}"),
    }
}

#[cfg(test)]
mod tests {
    use calamine::{CellErrorType, ExcelDateTimeType};

    use super::*;

    fn date(serial: f64) -> Data {
        Data::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false))
    }

    #[test]
    fn values_print_as_the_sheet_shows_them() {
        assert_eq!(printed(&Data::String("  市民政局\n".into())), "市民政局");
        assert_eq!(printed(&Data::Float(3.0)), "3");
        assert_eq!(printed(&Data::Float(-0.0)), "0");
        assert_eq!(printed(&Data::Float(0.25)), "0.25");
        assert_eq!(printed(&Data::Float(1e16)), "10000000000000000");
        assert_eq!(printed(&Data::Float(f64::NAN)), "");
        assert_eq!(printed(&Data::Int(12)), "12");
        assert_eq!(printed(&Data::Bool(true)), "TRUE");
        assert_eq!(printed(&Data::Error(CellErrorType::Div0)), "");
        assert_eq!(printed(&Data::Empty), "");
    }

    #[test]
    fn dates_print_as_deadlines_are_written() {
        // 2020-06-30 is serial 44012 in the 1900 system.
        assert_eq!(printed(&date(44012.0)), "2020年6月30日");
        assert_eq!(printed(&date(44012.5)), "2020年6月30日 12:00");
        assert_eq!(printed(&date(0.75)), "18:00");
        let epoch_1904 =
            Data::DateTime(ExcelDateTime::new(44012.0 - 1462.0, ExcelDateTimeType::DateTime, true));
        assert_eq!(printed(&epoch_1904), "2020年6月30日");
        // A serial no calendar has stays a number, without a panic.
        assert_eq!(printed(&date(1e300)), format!("{}", 1e300));
        assert_eq!(printed(&date(-5.0)), "-5");
        assert_eq!(printed(&Data::DateTimeIso("2021-12-31".into())), "2021年12月31日");
        assert_eq!(printed(&Data::DateTimeIso("2021-12-31T00:00:00".into())), "2021年12月31日");
        assert_eq!(printed(&Data::DateTimeIso("2021-12-31T08:30:00".into())), "2021年12月31日 8:30");
        assert_eq!(printed(&Data::DateTimeIso("下半年".into())), "下半年");
    }
}
