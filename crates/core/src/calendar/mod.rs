//! Lịch làm việc (the working-day calendar) of Vietnamese public offices.
//!
//! Cán bộ, công chức work Monday to Friday. The days off are Saturday (Thứ Bảy), Sunday
//! (Chủ nhật), the public holidays of the Labour Code 2019 art. 112 (ngày nghỉ lễ, tết, see
//! [`holidays`](WorkCalendar::holidays)) and their nghỉ bù (compensatory days off when a
//! holiday falls on a weekend). On top of these computed defaults, each year the Prime
//! Minister (Thủ tướng) or the province decides exceptions: extra days off (often a
//! weekday swapped to join a holiday with a weekend) and Saturdays worked in exchange
//! (làm bù). Those are [`CalendarOverride`]s, kept in an editable table synced from the
//! office; they always win over the computed defaults.
//!
//! Deadlines follow the Civil Code 2015 art. 147–148 ([`WorkCalendar::deadline_after_days`])
//! and "N ngày làm việc" counts working days only ([`WorkCalendar::add_working_days`]).
//!
//! The lunar dates (Tết Nguyên đán, Giỗ Tổ Hùng Vương) come from [`lunar`], the Vietnamese
//! lunisolar calendar computed at UTC+7.

use chrono::{Datelike, Days, NaiveDate};
use std::collections::HashMap;

mod holidays;
mod lunar;

pub use lunar::{lunar_new_year, lunar_to_solar, solar_to_lunar, LunarDate};

/// Ngày nghỉ / ngày làm bù theo quyết định: a per-year exception decided by the Prime
/// Minister (Thủ tướng Chính phủ) or the province, either an extra day off (e.g. a Monday
/// swapped to make a long holiday) or a make-up working Saturday (làm bù). `note` says
/// why, in Vietnamese, and is shown as the reason for a day off.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct CalendarOverride {
    pub date: NaiveDate,
    pub kind: OverrideKind,
    pub note: String,
}

/// Loại ngoại lệ: `DayOff` = ngày nghỉ (an extra day off, whatever the weekday);
/// `WorkingDay` = ngày làm việc / làm bù (a day worked, typically a Saturday given back for a
/// swapped weekday, or a holiday the decision keeps as a working day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OverrideKind {
    DayOff,
    WorkingDay,
}

impl OverrideKind {
    pub const ALL: [OverrideKind; 2] = [OverrideKind::DayOff, OverrideKind::WorkingDay];

    /// The code stored and sent (serde's).
    pub fn as_str(self) -> &'static str {
        match self {
            OverrideKind::DayOff => "day_off",
            OverrideKind::WorkingDay => "working_day",
        }
    }
}

/// Ngày nghỉ lễ, tết: one public holiday day (Labour Code 2019 art. 112) with its Vietnamese
/// name: "Tết Dương lịch", "Tết Nguyên đán", "Giỗ Tổ Hùng Vương", "Ngày Chiến thắng",
/// "Ngày Quốc tế Lao động", "Quốc khánh", or "Nghỉ bù …" (the compensatory day off for a
/// holiday that fell on a weekend, e.g. "Nghỉ bù Giỗ Tổ Hùng Vương").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// First and last years of the precomputed bitset; outside them every query still works,
/// computing the rules day by day.
const FIRST_YEAR: i32 = 1990;
const LAST_YEAR: i32 = 2100;

/// Lịch làm việc: which days are ngày làm việc (working days) for a public office, and the
/// deadline arithmetic built on it.
///
/// Working days of 1990..=2100 are precomputed at construction into a bitset (one bit per
/// day, ≈ 5 KB) with a running count every 64 days, so [`is_working_day`] is a bit test and
/// counting or adding working days is a binary search plus a popcount. Construction takes
/// under 1 ms in a release build; the first one in a process also builds the lunar table
/// (≈ 8 ms in total).
///
/// [`is_working_day`]: WorkCalendar::is_working_day
#[derive(Clone)]
pub struct WorkCalendar {
    overrides: Vec<CalendarOverride>,
    /// Date → index in `overrides` of the one that applies (the last one given for a date).
    by_date: HashMap<NaiveDate, usize>,
    /// `num_days_from_ce` of 1 January `FIRST_YEAR`.
    base: i32,
    /// Number of days in the precomputed range.
    len: usize,
    /// Bit i set = day `base + i` is a working day.
    bits: Vec<u64>,
    /// `prefix[w]` = number of working days in words `0..w`.
    prefix: Vec<u32>,
}

impl std::fmt::Debug for WorkCalendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkCalendar")
            .field("overrides", &self.overrides)
            .field("precomputed", &format_args!("{FIRST_YEAR}..={LAST_YEAR}"))
            .finish()
    }
}

impl Default for WorkCalendar {
    /// The computed defaults only, no overrides.
    fn default() -> Self {
        WorkCalendar::new(&[])
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

impl WorkCalendar {
    /// The computed defaults (weekends, holidays, nghỉ bù) plus the given overrides
    /// (ngày nghỉ / ngày làm bù theo quyết định); overrides win. When several overrides name
    /// the same date, the last one wins.
    pub fn new(overrides: &[CalendarOverride]) -> Self {
        lunar::warm_up();
        let first = ymd(FIRST_YEAR, 1, 1);
        let last = ymd(LAST_YEAR, 12, 31);
        let base = first.num_days_from_ce();
        let len = (last.num_days_from_ce() - base + 1) as usize;
        let words = len.div_ceil(64);
        let mut bits = vec![0u64; words];

        // Monday to Friday.
        let first_weekday = first.weekday().num_days_from_monday() as usize;
        for i in 0..len {
            if (first_weekday + i) % 7 < 5 {
                bits[i >> 6] |= 1 << (i & 63);
            }
        }
        let index = |d: NaiveDate| {
            let off = d.num_days_from_ce() - base;
            (off >= 0 && (off as usize) < len).then_some(off as usize)
        };
        // Holidays and nghỉ bù.
        for year in FIRST_YEAR..=LAST_YEAR {
            for h in holidays::default_holidays(year) {
                if let Some(i) = index(h.date) {
                    bits[i >> 6] &= !(1 << (i & 63));
                }
            }
        }
        // Overrides, in order (the last one for a date wins).
        let mut by_date = HashMap::with_capacity(overrides.len());
        for (n, o) in overrides.iter().enumerate() {
            by_date.insert(o.date, n);
            if let Some(i) = index(o.date) {
                match o.kind {
                    OverrideKind::WorkingDay => bits[i >> 6] |= 1 << (i & 63),
                    OverrideKind::DayOff => bits[i >> 6] &= !(1 << (i & 63)),
                }
            }
        }
        let mut prefix = Vec::with_capacity(words);
        let mut running = 0u32;
        for w in &bits {
            prefix.push(running);
            running += w.count_ones();
        }
        WorkCalendar {
            overrides: overrides.to_vec(),
            by_date,
            base,
            len,
            bits,
            prefix,
        }
    }

    /// The computed defaults plus [`seed_overrides`] (the decisions already known when this
    /// version was built).
    pub fn with_seed() -> Self {
        WorkCalendar::new(&seed_overrides())
    }

    /// The overrides (ngày nghỉ / ngày làm bù theo quyết định) this calendar was built with,
    /// in the order given.
    pub fn overrides(&self) -> &[CalendarOverride] {
        &self.overrides
    }

    /// Ngày làm việc: `true` when `d` is a working day (Monday–Friday, not a holiday nor
    /// nghỉ bù, or made a working day by an override). A bit test for 1990..=2100.
    #[inline]
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.index(d) {
            Some(i) => (self.bits[i >> 6] >> (i & 63)) & 1 == 1,
            None => self.is_working_day_slow(d, &mut holidays::YearDays::new(d.year())),
        }
    }

    /// Lý do nghỉ: why `d` is not a working day: the override note (for a ngày nghỉ theo
    /// quyết định), the holiday name ("Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương", …),
    /// else "Thứ Bảy" or "Chủ nhật". `None` for a working day.
    pub fn day_off_reason(&self, d: NaiveDate) -> Option<String> {
        if let Some(o) = self.override_for(d) {
            return match o.kind {
                OverrideKind::WorkingDay => None,
                OverrideKind::DayOff if o.note.trim().is_empty() => {
                    Some("Ngày nghỉ theo quyết định".to_owned())
                }
                OverrideKind::DayOff => Some(o.note.clone()),
            };
        }
        holidays::default_day_off_reason(d)
    }

    /// "Sau n ngày làm việc": the date that is `n` working days after `d`. Counting starts
    /// the day after `d` (which itself may be any day); `n = 0` returns `d`.
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return d;
        }
        let (first, last) = self.range();
        let mut rem = u64::from(n);
        let mut cur = d;
        let mut slow = holidays::YearDays::empty();

        // Before the precomputed range: day by day until it is reached.
        while cur < first - Days::new(1) {
            cur = cur + Days::new(1);
            if self.is_working_day_slow(cur, &mut slow) {
                rem -= 1;
                if rem == 0 {
                    return cur;
                }
            }
        }
        // Inside it: the target is the `target`-th working day of the range.
        if cur <= last {
            let target = self.count_through(cur) + rem;
            let total = self.count_through(last);
            if target <= total {
                return self.date_of(self.select(target));
            }
            rem = target - total;
            cur = last;
        }
        // After it: day by day again.
        loop {
            cur = cur + Days::new(1);
            if self.is_working_day_slow(cur, &mut slow) {
                rem -= 1;
                if rem == 0 {
                    return cur;
                }
            }
        }
    }

    /// Số ngày làm việc: the number of working days in the half-open range (from, to],
    /// i.e. the days after `from` up to and including `to`; negative (minus the count in
    /// (to, from]) when `to < from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let (first, last) = self.range();
        let before_first = first - Days::new(1);
        let mut count = 0u64;
        let mut slow = holidays::YearDays::empty();
        // (from, min(to, before_first)]: below the range.
        let mut cur = from;
        while cur < to.min(before_first) {
            cur = cur + Days::new(1);
            count += u64::from(self.is_working_day_slow(cur, &mut slow));
        }
        // (max(from, before_first), min(to, last)]: inside it.
        let a = from.max(before_first);
        let b = to.min(last);
        if a < b {
            count += self.count_through(b) - self.count_through(a);
        }
        // (max(from, last), to]: above it.
        let mut cur = from.max(last);
        while cur < to {
            cur = cur + Days::new(1);
            count += u64::from(self.is_working_day_slow(cur, &mut slow));
        }
        count as i64
    }

    /// `d` itself if it is a ngày làm việc, else the next working day.
    pub fn next_working_day_from(&self, d: NaiveDate) -> NaiveDate {
        if self.is_working_day(d) {
            d
        } else {
            self.add_working_days(d, 1)
        }
    }

    /// Thời hạn tính bằng ngày (Civil Code 2015 art. 147–148): a period of `days` calendar
    /// days after the event starts the day after the event day and ends at 24:00 of its last
    /// day, `event + days`; if that last day is a day off (ngày nghỉ cuối tuần, ngày nghỉ lễ),
    /// the period ends at the end of the next working day. Returns the day the period ends.
    pub fn deadline_after_days(&self, event: NaiveDate, days: u32) -> NaiveDate {
        self.next_working_day_from(event + Days::new(u64::from(days)))
    }

    /// Ngày nghỉ lễ, tết của năm: all holiday days of `year` with their nghỉ bù, sorted by
    /// date, from the computed defaults only (overrides are not applied; see
    /// [`overrides`](WorkCalendar::overrides)). A holiday that falls on a weekend is listed on
    /// its own date, followed later by its "Nghỉ bù …" day.
    pub fn holidays(&self, year: i32) -> Vec<Holiday> {
        holidays::default_holidays(year)
    }

    // --- internals -----------------------------------------------------------------------

    fn range(&self) -> (NaiveDate, NaiveDate) {
        (ymd(FIRST_YEAR, 1, 1), ymd(LAST_YEAR, 12, 31))
    }

    #[inline]
    fn index(&self, d: NaiveDate) -> Option<usize> {
        let off = d.num_days_from_ce() - self.base;
        if off >= 0 && (off as usize) < self.len {
            Some(off as usize)
        } else {
            None
        }
    }

    fn date_of(&self, i: usize) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.base + i as i32).expect("in range")
    }

    fn override_for(&self, d: NaiveDate) -> Option<&CalendarOverride> {
        self.by_date.get(&d).map(|&i| &self.overrides[i])
    }

    /// The rules evaluated directly (for dates outside the bitset).
    fn is_working_day_slow(&self, d: NaiveDate, year: &mut holidays::YearDays) -> bool {
        match self.override_for(d) {
            Some(o) => o.kind == OverrideKind::WorkingDay,
            None => year.is_working_day(d),
        }
    }

    /// Working days from the start of the range through `d` inclusive; `d` must be in the
    /// range or the day before it (then 0).
    fn count_through(&self, d: NaiveDate) -> u64 {
        let off = d.num_days_from_ce() - self.base;
        if off < 0 {
            return 0;
        }
        let i = off as usize;
        let w = i >> 6;
        let b = i & 63;
        let mask = if b == 63 {
            u64::MAX
        } else {
            (1u64 << (b + 1)) - 1
        };
        u64::from(self.prefix[w]) + u64::from((self.bits[w] & mask).count_ones())
    }

    /// Index of the `target`-th (1-based) working day of the range; `target` must not exceed
    /// the total.
    fn select(&self, target: u64) -> usize {
        let w = self.prefix.partition_point(|&p| u64::from(p) < target) - 1;
        let mut word = self.bits[w];
        for _ in 1..(target - u64::from(self.prefix[w])) {
            word &= word - 1; // drop the lowest set bit
        }
        (w << 6) + word.trailing_zeros() as usize
    }
}

/// Whether a table of exceptions can be kept as it is: each date once, notes of at most 500
/// characters. The window's form cleans what it saves; a table from elsewhere (the office
/// database) is checked with this before it replaces this PC's.
pub fn check_overrides(overrides: &[CalendarOverride]) -> crate::error::Result<()> {
    let mut seen = std::collections::HashSet::new();
    for o in overrides {
        if !seen.insert(o.date) {
            return Err(crate::error::CoreError::invalid(
                "date",
                format!(
                    "Ngày {} bị lặp lại trong bảng ngày nghỉ.",
                    o.date.format("%d/%m/%Y")
                ),
            ));
        }
        if o.note.chars().count() > 500 {
            return Err(crate::error::CoreError::invalid(
                "note",
                format!("Ghi chú của ngày {} quá dài.", o.date.format("%d/%m/%Y")),
            ));
        }
    }
    Ok(())
}

/// Quyết định nghỉ lễ đã biết (the per-year decisions known when this version was built),
/// to seed the editable override table.
///
/// 2026 (Tết Bính Ngọ and Quốc khánh, as decided for cán bộ, công chức, viên chức):
/// * Tết: off Mon 16/02 – Fri 20/02/2026 (29 tháng Chạp to mùng 4). The computed defaults
///   already give exactly these five days (16/02 is the last day of năm Ất Tỵ, whose tháng
///   Chạp has 29 days), so no override is needed for them.
/// * Quốc khánh: Mon 31/08/2026 off, made up by working Sat 22/08/2026 (làm bù), joining
///   Sat 29/08 – Wed 02/09/2026 into one break.
pub fn seed_overrides() -> Vec<CalendarOverride> {
    vec![
        CalendarOverride {
            date: ymd(2026, 8, 22),
            kind: OverrideKind::WorkingDay,
            note: "Làm bù cho ngày nghỉ thứ Hai 31/08/2026 (dịp nghỉ lễ Quốc khánh 2026)"
                .to_owned(),
        },
        CalendarOverride {
            date: ymd(2026, 8, 31),
            kind: OverrideKind::DayOff,
            note: "Nghỉ hoán đổi dịp Quốc khánh 2026 (làm bù thứ Bảy 22/08/2026)".to_owned(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        ymd(y, m, day)
    }

    /// Reference implementation: walk the days one by one.
    fn naive_between(cal: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut n = 0;
        let mut cur = lo;
        while cur < hi {
            cur = cur.succ_opt().unwrap();
            n += i64::from(cal.is_working_day(cur));
        }
        sign * n
    }

    fn naive_add(cal: &WorkCalendar, from: NaiveDate, n: u32) -> NaiveDate {
        let mut cur = from;
        let mut left = n;
        while left > 0 {
            cur = cur.succ_opt().unwrap();
            if cal.is_working_day(cur) {
                left -= 1;
            }
        }
        cur
    }

    /// Small deterministic pseudo-random generator for property checks.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, bound: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % bound
        }
    }

    #[test]
    fn tet_2026_with_seed() {
        let cal = WorkCalendar::with_seed();
        for day in 16..=20 {
            assert!(!cal.is_working_day(d(2026, 2, day)), "{day}/02/2026");
            assert_eq!(
                cal.day_off_reason(d(2026, 2, day)).as_deref(),
                Some("Tết Nguyên đán")
            );
        }
        assert!(!cal.is_working_day(d(2026, 2, 21)));
        assert_eq!(
            cal.day_off_reason(d(2026, 2, 21)).as_deref(),
            Some("Thứ Bảy")
        );
        assert!(!cal.is_working_day(d(2026, 2, 22)));
        assert_eq!(
            cal.day_off_reason(d(2026, 2, 22)).as_deref(),
            Some("Chủ nhật")
        );
        assert!(cal.is_working_day(d(2026, 2, 13)));
        assert!(cal.is_working_day(d(2026, 2, 23)));
        assert_eq!(cal.day_off_reason(d(2026, 2, 23)), None);
    }

    #[test]
    fn national_day_2026_with_seed() {
        let cal = WorkCalendar::with_seed();
        // Sat 22/08/2026 is worked (làm bù).
        assert!(cal.is_working_day(d(2026, 8, 22)));
        assert_eq!(cal.day_off_reason(d(2026, 8, 22)), None);
        for day in [
            d(2026, 8, 29),
            d(2026, 8, 30),
            d(2026, 8, 31),
            d(2026, 9, 1),
            d(2026, 9, 2),
        ] {
            assert!(!cal.is_working_day(day), "{day}");
        }
        assert!(cal
            .day_off_reason(d(2026, 8, 31))
            .unwrap()
            .contains("Quốc khánh"));
        assert_eq!(
            cal.day_off_reason(d(2026, 9, 1)).as_deref(),
            Some("Quốc khánh")
        );
        assert!(cal.is_working_day(d(2026, 9, 3)));
        // Without the seed, 22/08 is an ordinary Saturday and 31/08 an ordinary Monday.
        let plain = WorkCalendar::new(&[]);
        assert!(!plain.is_working_day(d(2026, 8, 22)));
        assert!(plain.is_working_day(d(2026, 8, 31)));
    }

    #[test]
    fn hung_kings_2025_and_2026() {
        let cal = WorkCalendar::with_seed();
        assert!(!cal.is_working_day(d(2025, 4, 7)));
        assert_eq!(
            cal.day_off_reason(d(2025, 4, 7)).as_deref(),
            Some("Giỗ Tổ Hùng Vương")
        );
        // 26/04/2026 is a Sunday, so Monday 27/04 is nghỉ bù.
        assert_eq!(d(2026, 4, 26).weekday(), Weekday::Sun);
        assert_eq!(
            cal.day_off_reason(d(2026, 4, 26)).as_deref(),
            Some("Giỗ Tổ Hùng Vương")
        );
        assert!(!cal.is_working_day(d(2026, 4, 27)));
        assert_eq!(
            cal.day_off_reason(d(2026, 4, 27)).as_deref(),
            Some("Nghỉ bù Giỗ Tổ Hùng Vương")
        );
        assert!(cal.is_working_day(d(2026, 4, 28)));
        let h = cal.holidays(2026);
        assert!(h.contains(&Holiday {
            date: d(2026, 4, 26),
            name: "Giỗ Tổ Hùng Vương".into()
        }));
        assert!(h.contains(&Holiday {
            date: d(2026, 4, 27),
            name: "Nghỉ bù Giỗ Tổ Hùng Vương".into()
        }));
        assert!(h.windows(2).all(|w| w[0].date <= w[1].date));
    }

    #[test]
    fn add_working_days_across_tet() {
        let cal = WorkCalendar::with_seed();
        // Fri 13/02/2026 + 2 working days: Mon 23/02, Tue 24/02.
        assert_eq!(cal.add_working_days(d(2026, 2, 13), 2), d(2026, 2, 24));
        assert_eq!(cal.add_working_days(d(2026, 2, 13), 1), d(2026, 2, 23));
        // Counting from a day off.
        assert_eq!(cal.add_working_days(d(2026, 2, 17), 1), d(2026, 2, 23));
        // n = 0 returns d, even on a day off.
        assert_eq!(cal.add_working_days(d(2026, 2, 17), 0), d(2026, 2, 17));
        // Across the make-up Saturday.
        assert_eq!(cal.add_working_days(d(2026, 8, 21), 1), d(2026, 8, 22));
        assert_eq!(cal.add_working_days(d(2026, 8, 28), 1), d(2026, 9, 3));
    }

    #[test]
    fn deadline_after_days() {
        let cal = WorkCalendar::with_seed();
        // Thu 05/03/2026 + 3 days = Sun 08/03 → ends Mon 09/03.
        assert_eq!(d(2026, 3, 8).weekday(), Weekday::Sun);
        assert_eq!(cal.deadline_after_days(d(2026, 3, 5), 3), d(2026, 3, 9));
        // Fri 06/02/2026 + 10 days = Mon 16/02 (Tết) → ends Mon 23/02.
        assert_eq!(cal.deadline_after_days(d(2026, 2, 6), 10), d(2026, 2, 23));
        // Landing on mùng 1 Tết too.
        assert_eq!(cal.deadline_after_days(d(2026, 2, 7), 10), d(2026, 2, 23));
        // Landing on a working day: unchanged.
        assert_eq!(cal.deadline_after_days(d(2026, 3, 2), 15), d(2026, 3, 17));
        // Landing on the make-up Saturday: it is a working day.
        assert_eq!(cal.deadline_after_days(d(2026, 8, 12), 10), d(2026, 8, 22));
        // next_working_day_from
        assert_eq!(cal.next_working_day_from(d(2026, 3, 9)), d(2026, 3, 9));
        assert_eq!(cal.next_working_day_from(d(2026, 3, 7)), d(2026, 3, 9));
    }

    #[test]
    fn working_days_between_basic() {
        let cal = WorkCalendar::with_seed();
        let mon = d(2026, 3, 2);
        let fri = d(2026, 3, 6);
        assert_eq!(cal.working_days_between(mon, mon), 0);
        assert_eq!(cal.working_days_between(mon, fri), 4);
        assert_eq!(cal.working_days_between(fri, mon), -4);
        assert_eq!(cal.working_days_between(fri, d(2026, 3, 9)), 1);
        assert_eq!(cal.working_days_between(fri, d(2026, 3, 8)), 0);
        assert_eq!(cal.working_days_between(d(2026, 3, 1), d(2026, 3, 31)), 22);
        // Across Tết 2026: only Mon 23/02.
        assert_eq!(cal.working_days_between(d(2026, 2, 13), d(2026, 2, 23)), 1);
        assert_eq!(cal.working_days_between(d(2026, 2, 23), d(2026, 2, 13)), -1);
    }

    #[test]
    fn working_days_in_2026() {
        // 261 weekdays; 11 holiday days of which 10 fall on weekdays, 1 nghỉ bù (27/04);
        // the seed swaps 31/08 for 22/08.
        let cal = WorkCalendar::with_seed();
        assert_eq!(
            cal.working_days_between(d(2025, 12, 31), d(2026, 12, 31)),
            261 - 11
        );
    }

    #[test]
    fn overrides_win_and_last_one_wins() {
        let list = vec![
            CalendarOverride {
                date: d(2030, 1, 2),
                kind: OverrideKind::DayOff,
                note: String::new(),
            },
            CalendarOverride {
                date: d(2030, 1, 1),
                kind: OverrideKind::WorkingDay,
                note: "thử".into(),
            },
            CalendarOverride {
                date: d(2030, 1, 5),
                kind: OverrideKind::WorkingDay,
                note: "a".into(),
            },
            CalendarOverride {
                date: d(2030, 1, 5),
                kind: OverrideKind::DayOff,
                note: "b".into(),
            },
        ];
        let cal = WorkCalendar::new(&list);
        assert_eq!(cal.overrides(), &list[..]);
        assert!(!cal.is_working_day(d(2030, 1, 2)));
        assert_eq!(
            cal.day_off_reason(d(2030, 1, 2)).as_deref(),
            Some("Ngày nghỉ theo quyết định")
        );
        assert!(cal.is_working_day(d(2030, 1, 1)));
        assert_eq!(cal.day_off_reason(d(2030, 1, 1)), None);
        assert!(!cal.is_working_day(d(2030, 1, 5)));
        assert_eq!(cal.day_off_reason(d(2030, 1, 5)).as_deref(), Some("b"));
    }

    #[test]
    fn bitset_matches_the_rules_and_reasons() {
        let cal = WorkCalendar::with_seed();
        let mut slow = holidays::YearDays::new(FIRST_YEAR);
        let mut cur = d(FIRST_YEAR, 1, 1);
        while cur <= d(LAST_YEAR, 12, 31) {
            let fast = cal.is_working_day(cur);
            assert_eq!(fast, cal.is_working_day_slow(cur, &mut slow), "{cur}");
            if cur.year() % 10 == 6 {
                assert_eq!(fast, cal.day_off_reason(cur).is_none(), "{cur}");
            }
            cur = cur.succ_opt().unwrap();
        }
    }

    #[test]
    fn counting_matches_a_day_by_day_walk() {
        let cal = WorkCalendar::with_seed();
        let mut rng = Lcg(42);
        let origin = d(1985, 1, 1); // spans below, inside and above the bitset
        for _ in 0..300 {
            let a = origin + Days::new(rng.next(47_000));
            let b = a + Days::new(rng.next(2_000));
            let (a, b) = if rng.next(2) == 0 { (a, b) } else { (b, a) };
            assert_eq!(
                cal.working_days_between(a, b),
                naive_between(&cal, a, b),
                "{a} {b}"
            );
            let n = rng.next(400) as u32;
            let r = cal.add_working_days(a, n);
            assert_eq!(r, naive_add(&cal, a, n), "{a} + {n}");
            assert_eq!(cal.working_days_between(a, r), i64::from(n));
        }
        // Exactly at the edges of the bitset.
        for (a, n) in [
            (d(1989, 12, 29), 1),
            (d(1989, 12, 31), 1),
            (d(2100, 12, 30), 3),
            (d(2100, 12, 31), 1),
        ] {
            assert_eq!(
                cal.add_working_days(a, n),
                naive_add(&cal, a, n),
                "{a} + {n}"
            );
        }
        assert_eq!(
            cal.working_days_between(d(1989, 1, 1), d(2101, 12, 31)),
            naive_between(&cal, d(1989, 1, 1), d(2101, 12, 31))
        );
    }

    #[test]
    fn outside_the_precomputed_range() {
        let cal = WorkCalendar::new(&[CalendarOverride {
            date: d(2150, 1, 3),
            kind: OverrideKind::WorkingDay,
            note: "làm bù".into(),
        }]);
        // 1/1/1985 (Tue) was a holiday; Tết Ất Sửu 1985 was 21/01.
        assert!(!cal.is_working_day(d(1985, 1, 1)));
        assert!(!cal.is_working_day(d(1985, 1, 21)));
        assert!(cal.is_working_day(d(1985, 1, 2)));
        // 3/1/2150 is a Saturday made a working day.
        assert_eq!(d(2150, 1, 3).weekday(), Weekday::Sat);
        assert!(cal.is_working_day(d(2150, 1, 3)));
        assert_eq!(cal.add_working_days(d(2150, 1, 2), 1), d(2150, 1, 3));
    }

    #[test]
    fn seed_and_serde_names() {
        let seed = seed_overrides();
        assert_eq!(seed.len(), 2);
        assert!(seed.iter().all(|o| o.note.contains("Quốc khánh")));
        let json = serde_json::to_string(&seed[0]).unwrap();
        assert_eq!(
            json,
            r#"{"date":"2026-08-22","kind":"working_day","note":"Làm bù cho ngày nghỉ thứ Hai 31/08/2026 (dịp nghỉ lễ Quốc khánh 2026)"}"#
        );
        let back: CalendarOverride = serde_json::from_str(&json).unwrap();
        assert_eq!(back, seed[0]);
        assert_eq!(
            serde_json::to_string(&OverrideKind::DayOff).unwrap(),
            r#""day_off""#
        );
    }

    #[test]
    fn construction_is_fast() {
        let _ = WorkCalendar::with_seed(); // builds the lunar table once
        let start = std::time::Instant::now();
        let cal = WorkCalendar::with_seed();
        let elapsed = start.elapsed();
        assert!(cal.is_working_day(d(2026, 2, 23)));
        // < 20 ms in release; debug builds (cargo test) are several times slower.
        let limit = if cfg!(debug_assertions) { 200 } else { 20 };
        assert!(elapsed.as_millis() < limit, "{elapsed:?}");
    }
}
