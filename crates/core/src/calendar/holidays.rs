//! Ngày nghỉ lễ, tết (public holidays, Labour Code 2019 art. 112) computed for any year,
//! with nghỉ bù (compensatory days off), before any per-year decision is applied.
//!
//! * Tết Dương lịch: 1/1.
//! * Tết Nguyên đán (Tết Âm lịch): 5 days, the last day of the lunar year (30 or 29 tháng
//!   Chạp) and mùng 1–4 tháng Giêng.
//! * Giỗ Tổ Hùng Vương: 10 tháng 3 âm lịch (the regular month 3, never a leap 3).
//! * Ngày Chiến thắng: 30/4.
//! * Ngày Quốc tế Lao động: 1/5.
//! * Quốc khánh: 2/9 and one adjacent day: 1/9, or 3/9 when 2/9 is a Monday.
//!
//! Nghỉ bù: each holiday day falling on a Saturday or Sunday (or on a day already taken by
//! another holiday) gives a day off on the next day that is neither a weekend day nor a
//! holiday nor an earlier nghỉ bù; they are assigned in date order, so consecutive ones
//! stack (Sat 29/4/2023 and Sun 30/4/2023 gave Tue 2/5 and Wed 3/5).

use super::lunar::{lunar_new_year, lunar_to_solar, LunarDate};
use super::Holiday;
use chrono::{Datelike, Days, NaiveDate, Weekday};

pub(super) const NEW_YEAR: &str = "Tết Dương lịch";
pub(super) const TET: &str = "Tết Nguyên đán";
pub(super) const HUNG_KINGS: &str = "Giỗ Tổ Hùng Vương";
pub(super) const VICTORY: &str = "Ngày Chiến thắng";
pub(super) const LABOUR: &str = "Ngày Quốc tế Lao động";
pub(super) const NATIONAL: &str = "Quốc khánh";
pub(super) const COMPENSATORY_PREFIX: &str = "Nghỉ bù ";
pub(super) const SATURDAY: &str = "Thứ Bảy";
pub(super) const SUNDAY: &str = "Chủ nhật";

pub(super) fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid fixed holiday date")
}

/// The holidays themselves (without nghỉ bù), sorted by date.
fn statutory(year: i32) -> Vec<Holiday> {
    let h = |date: NaiveDate, name: &str| Holiday {
        date,
        name: name.to_owned(),
    };
    let mut out = Vec::with_capacity(16);
    out.push(h(ymd(year, 1, 1), NEW_YEAR));

    let tet = lunar_new_year(year);
    for offset in 0..5u64 {
        // The day before mùng 1 is the last day of the previous lunar year.
        out.push(h(tet - Days::new(1) + Days::new(offset), TET));
    }

    let hung = lunar_to_solar(LunarDate {
        day: 10,
        month: 3,
        year,
        leap: false,
    })
    .expect("every lunar year has a regular month 3 with a 10th day");
    out.push(h(hung, HUNG_KINGS));

    out.push(h(ymd(year, 4, 30), VICTORY));
    out.push(h(ymd(year, 5, 1), LABOUR));

    let national = ymd(year, 9, 2);
    let adjacent = if national.weekday() == Weekday::Mon {
        ymd(year, 9, 3)
    } else {
        ymd(year, 9, 1)
    };
    out.push(h(adjacent, NATIONAL));
    out.push(h(national, NATIONAL));

    out.sort_by_key(|h| h.date);
    out
}

/// All holiday days of `year` with their nghỉ bù, sorted by date (computed defaults only).
pub(super) fn default_holidays(year: i32) -> Vec<Holiday> {
    let base = statutory(year);
    let mut taken: Vec<NaiveDate> = base.iter().map(|h| h.date).collect();
    let mut out = base.clone();
    for (i, h) in base.iter().enumerate() {
        let collides = base[..i].iter().any(|earlier| earlier.date == h.date);
        if !is_weekend(h.date) && !collides {
            continue;
        }
        let mut c = h.date + Days::new(1);
        while is_weekend(c) || taken.contains(&c) {
            c = c + Days::new(1);
        }
        taken.push(c);
        out.push(Holiday {
            date: c,
            name: format!("{COMPENSATORY_PREFIX}{}", h.name),
        });
    }
    out.sort_by_key(|h| h.date); // stable: same-day entries keep their order
    out
}

/// Dates of the default days off of one year (holidays and nghỉ bù), for quick membership
/// tests outside the precomputed range.
pub(super) struct YearDays {
    pub year: i32,
    pub dates: Vec<NaiveDate>,
}

impl YearDays {
    /// Nothing computed yet: the holidays of a year are computed on first need.
    pub fn empty() -> Self {
        YearDays {
            year: i32::MIN,
            dates: Vec::new(),
        }
    }

    pub fn new(year: i32) -> Self {
        YearDays {
            year,
            dates: default_holidays(year).into_iter().map(|h| h.date).collect(),
        }
    }

    /// Default rule (no overrides): not a weekend day and not a holiday.
    pub fn is_working_day(&mut self, d: NaiveDate) -> bool {
        if is_weekend(d) {
            return false;
        }
        if d.year() != self.year {
            *self = YearDays::new(d.year());
        }
        !self.dates.contains(&d)
    }
}

/// Why `d` is not a working day by default (holiday names, else the weekend day), or `None`.
pub(super) fn default_day_off_reason(d: NaiveDate) -> Option<String> {
    let names: Vec<String> = default_holidays(d.year())
        .into_iter()
        .filter(|h| h.date == d)
        .map(|h| h.name)
        .collect();
    if !names.is_empty() {
        return Some(names.join("; "));
    }
    match d.weekday() {
        Weekday::Sat => Some(SATURDAY.to_owned()),
        Weekday::Sun => Some(SUNDAY.to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        ymd(y, m, day)
    }

    fn names_on(list: &[Holiday], date: NaiveDate) -> Vec<&str> {
        list.iter()
            .filter(|h| h.date == date)
            .map(|h| h.name.as_str())
            .collect()
    }

    #[test]
    fn year_2026() {
        let h = default_holidays(2026);
        let dates: Vec<NaiveDate> = h.iter().map(|h| h.date).collect();
        assert_eq!(
            dates,
            vec![
                d(2026, 1, 1),
                d(2026, 2, 16), // 29 tháng Chạp Ất Tỵ
                d(2026, 2, 17), // mùng 1 Tết Bính Ngọ
                d(2026, 2, 18),
                d(2026, 2, 19),
                d(2026, 2, 20),
                d(2026, 4, 26), // Giỗ Tổ, a Sunday
                d(2026, 4, 27), // its nghỉ bù
                d(2026, 4, 30),
                d(2026, 5, 1),
                d(2026, 9, 1),
                d(2026, 9, 2),
            ]
        );
        assert_eq!(names_on(&h, d(2026, 4, 26)), vec!["Giỗ Tổ Hùng Vương"]);
        assert_eq!(
            names_on(&h, d(2026, 4, 27)),
            vec!["Nghỉ bù Giỗ Tổ Hùng Vương"]
        );
        assert_eq!(names_on(&h, d(2026, 2, 16)), vec!["Tết Nguyên đán"]);
        assert_eq!(names_on(&h, d(2026, 1, 1)), vec!["Tết Dương lịch"]);
        assert_eq!(names_on(&h, d(2026, 9, 1)), vec!["Quốc khánh"]);
    }

    #[test]
    fn hung_kings_2025() {
        let h = default_holidays(2025);
        assert_eq!(names_on(&h, d(2025, 4, 7)), vec!["Giỗ Tổ Hùng Vương"]);
    }

    #[test]
    fn consecutive_weekend_holidays_stack() {
        // 2023: Giỗ Tổ Sat 29/4, 30/4 Sun, 1/5 Mon → nghỉ bù Tue 2/5 and Wed 3/5.
        let h = default_holidays(2023);
        assert_eq!(names_on(&h, d(2023, 4, 29)), vec!["Giỗ Tổ Hùng Vương"]);
        assert_eq!(
            names_on(&h, d(2023, 5, 2)),
            vec!["Nghỉ bù Giỗ Tổ Hùng Vương"]
        );
        assert_eq!(
            names_on(&h, d(2023, 5, 3)),
            vec!["Nghỉ bù Ngày Chiến thắng"]
        );
        assert!(names_on(&h, d(2023, 5, 4)).is_empty());
    }

    #[test]
    fn national_day_adjacent_day() {
        // 2/9/2024 is a Monday: the adjacent day is Tue 3/9, not Sun 1/9.
        let h = default_holidays(2024);
        assert_eq!(names_on(&h, d(2024, 9, 3)), vec!["Quốc khánh"]);
        assert!(names_on(&h, d(2024, 9, 1)).is_empty());
        // 2/9/2029 is a Sunday: 1/9 (Sat) and 2/9 (Sun) give Mon 3/9 and Tue 4/9.
        assert_eq!(d(2029, 9, 2).weekday(), Weekday::Sun);
        let h = default_holidays(2029);
        assert_eq!(names_on(&h, d(2029, 9, 1)), vec!["Quốc khánh"]);
        assert_eq!(names_on(&h, d(2029, 9, 3)), vec!["Nghỉ bù Quốc khánh"]);
        assert_eq!(names_on(&h, d(2029, 9, 4)), vec!["Nghỉ bù Quốc khánh"]);
    }

    #[test]
    fn tet_over_a_weekend() {
        // Tết Giáp Thìn 2024: 30 Tết Fri 9/2, mùng 1–4 Sat 10/2 – Tue 13/2 → nghỉ bù Wed 14/2
        // and Thu 15/2.
        let h = default_holidays(2024);
        for day in 9..=13 {
            assert_eq!(names_on(&h, d(2024, 2, day)), vec!["Tết Nguyên đán"]);
        }
        assert_eq!(names_on(&h, d(2024, 2, 14)), vec!["Nghỉ bù Tết Nguyên đán"]);
        assert_eq!(names_on(&h, d(2024, 2, 15)), vec!["Nghỉ bù Tết Nguyên đán"]);
        assert!(names_on(&h, d(2024, 2, 16)).is_empty());
    }

    #[test]
    fn new_year_on_a_weekend() {
        // 1/1/2022 was a Saturday → nghỉ bù Mon 3/1/2022.
        let h = default_holidays(2022);
        assert_eq!(names_on(&h, d(2022, 1, 3)), vec!["Nghỉ bù Tết Dương lịch"]);
    }

    #[test]
    fn every_year_is_sorted_and_compensations_are_weekdays() {
        for year in 1900..=2199 {
            let h = default_holidays(year);
            assert!(h.windows(2).all(|w| w[0].date <= w[1].date), "{year}");
            assert!(h.iter().all(|x| x.date.year() == year), "{year}");
            let statutory = h
                .iter()
                .filter(|x| !x.name.starts_with(COMPENSATORY_PREFIX));
            assert_eq!(statutory.count(), 11, "{year}");
            for x in h.iter().filter(|x| x.name.starts_with(COMPENSATORY_PREFIX)) {
                assert!(!is_weekend(x.date), "{year}: {x:?}");
                assert_eq!(names_on(&h, x.date).len(), 1, "{year}: {x:?}");
            }
        }
    }

    #[test]
    fn reasons() {
        assert_eq!(
            default_day_off_reason(d(2026, 2, 17)).as_deref(),
            Some("Tết Nguyên đán")
        );
        assert_eq!(
            default_day_off_reason(d(2026, 3, 7)).as_deref(),
            Some("Thứ Bảy")
        );
        assert_eq!(
            default_day_off_reason(d(2026, 3, 8)).as_deref(),
            Some("Chủ nhật")
        );
        assert_eq!(default_day_off_reason(d(2026, 3, 9)), None);
        // A holiday on a weekend is reported by its name.
        assert_eq!(
            default_day_off_reason(d(2026, 4, 26)).as_deref(),
            Some("Giỗ Tổ Hùng Vương")
        );
    }
}
