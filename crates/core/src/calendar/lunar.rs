//! Âm lịch Việt Nam (the Vietnamese lunisolar calendar), computed from the astronomy.
//!
//! The rules (the published method used for the official Vietnamese calendar since 1968):
//!
//! * All times are taken at the meridian 105° E, i.e. **UTC+7**. This is why the Vietnamese
//!   calendar sometimes differs from the Chinese one (computed at UTC+8): Tết 1985 fell on
//!   21/01 in Vietnam but on 20/02 in China, Tết 2007 on 17/02 instead of 18/02.
//! * A lunar month (tháng âm lịch) starts on the local day that contains the new moon
//!   (điểm sóc); it has 29 days (tháng thiếu) or 30 days (tháng đủ).
//! * Month 11 (tháng Một) is the month that contains the winter solstice (Đông chí, the sun
//!   at longitude 270°).
//! * When 13 new moons start between two consecutive months 11, the year has a leap month
//!   (tháng nhuận): the first month after month 11 that contains no major solar term
//!   (trung khí, a multiple of 30° of solar longitude). It repeats the number of the month
//!   before it.
//! * Whether a month contains a major term is decided at day granularity: the sun's
//!   longitude is taken at 00:00 (UTC+7) of the first day of the month and of the next.
//!
//! The astronomy follows J. Meeus, *Astronomical Algorithms* (2nd ed.): chapter 49 for the
//! instants of new moon (with all periodic and planetary terms; a few seconds), chapters 25
//! and 32 for the apparent longitude of the sun (truncated VSOP87 with nutation and
//! aberration; equinoxes and solstices within a minute), and the Espenak–Meeus polynomials
//! for ΔT = TT − UT.
//!
//! Every lunar month from month 11 of 1899 to month 11 of 2200 is computed once, on first
//! use, and kept in a table (≈ 3,700 months; building it takes about 8 ms in a release
//! build). Dates outside that range are computed on the fly with the same formulas
//! (the results are extrapolations: the supported range is lunar years 1900..=2199).

use chrono::{Datelike, NaiveDate};
use std::sync::OnceLock;

/// Ngày âm lịch: a date of the Vietnamese lunar calendar.
///
/// * `day` — ngày (mùng 1 … 29 or 30),
/// * `month` — tháng (1 = tháng Giêng … 11 = tháng Một, 12 = tháng Chạp),
/// * `year` — năm âm lịch, numbered by the Gregorian year in which its Tết (mùng 1 tháng
///   Giêng) falls (so 29 tháng Chạp năm Ất Tỵ, 16/02/2026, has `year == 2025`),
/// * `leap` — `true` for a day of a tháng nhuận (leap month), which repeats `month`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct LunarDate {
    pub day: u32,
    pub month: u32,
    pub year: i32,
    pub leap: bool,
}

/// Chuyển ngày dương lịch sang âm lịch: the lunar date of a Gregorian date (UTC+7).
///
/// Exact for 1900..=2199; outside that range the result is an astronomical extrapolation.
pub fn solar_to_lunar(d: NaiveDate) -> LunarDate {
    let j = jdn(d);
    let convert = |t: &Table| {
        t.find_by_jdn(j).map(|i| {
            let m = t.months[i];
            LunarDate {
                day: (j - m.start + 1) as u32,
                month: u32::from(m.month),
                year: m.year,
                leap: m.leap,
            }
        })
    };
    if let Some(l) = convert(table()) {
        return l;
    }
    let local = build_table(d.year() - 2, d.year() + 1);
    convert(&local).expect("a Gregorian year always lies between two months 11")
}

/// Chuyển ngày âm lịch sang dương lịch: the Gregorian date of a lunar date (UTC+7).
///
/// `None` when the lunar date does not exist: month outside 1..=12, day 0, day 30 of a
/// 29-day month (tháng thiếu), or `leap == true` for a month that is not a tháng nhuận that
/// year.
pub fn lunar_to_solar(l: LunarDate) -> Option<NaiveDate> {
    if !(1..=12).contains(&l.month) || l.day == 0 || l.day > 30 {
        return None;
    }
    let convert = |t: &Table| {
        t.find_lunar(l.year, l.month as u8, l.leap).map(|i| {
            if i64::from(l.day) > t.month_len(i) {
                None
            } else {
                from_jdn(t.months[i].start + i64::from(l.day) - 1)
            }
        })
    };
    if let Some(r) = convert(table()) {
        return r;
    }
    // Months 1..=10 of lunar year Y start after month 11 of Gregorian year Y-1, months 11 and
    // 12 (and a leap 11 or 12) after month 11 of Gregorian year Y.
    let local = build_table(l.year.checked_sub(1)?, l.year.checked_add(1)?);
    convert(&local).flatten()
}

/// Mùng 1 Tết (Tết Nguyên đán): the first day of the first lunar month of `year`, at UTC+7.
///
/// Panics only for years outside chrono's date range.
pub fn lunar_new_year(year: i32) -> NaiveDate {
    lunar_to_solar(LunarDate {
        day: 1,
        month: 1,
        year,
        leap: false,
    })
    .expect("every lunar year has a (non-leap) month 1")
}

// ---------------------------------------------------------------------------------------
// Day numbers
// ---------------------------------------------------------------------------------------

/// Days between chrono's day 1 (0001-01-01, proleptic Gregorian) and Julian Day Number 0.
const JDN_OFFSET: i64 = 1_721_425;

/// Julian Day Number (the day count astronomers use; JDN 2451545 = 01/01/2000).
pub(crate) fn jdn(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) + JDN_OFFSET
}

pub(crate) fn from_jdn(j: i64) -> Option<NaiveDate> {
    i32::try_from(j - JDN_OFFSET)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

// ---------------------------------------------------------------------------------------
// Astronomy
// ---------------------------------------------------------------------------------------

/// The time zone of the Vietnamese calendar, in days (UTC+7).
const TZ_DAYS: f64 = 7.0 / 24.0;
/// Mean length of a lunation (tháng giao hội), days.
const SYNODIC_MONTH: f64 = 29.530_588_861;
/// Instant (JDE) of the mean new moon of lunation k = 0 (6 January 2000).
const NEW_MOON_EPOCH: f64 = 2_451_550.097_66;

fn sin_deg(x: f64) -> f64 {
    x.to_radians().sin()
}

fn cos_deg(x: f64) -> f64 {
    x.to_radians().cos()
}

/// Decimal Gregorian year of a Julian date (good enough for ΔT).
fn decimal_year(jd: f64) -> f64 {
    2000.0 + (jd - 2_451_545.0) / 365.2425
}

/// ΔT = TT − UT in seconds (Espenak & Meeus polynomial expressions).
fn delta_t_seconds(y: f64) -> f64 {
    if !(1800.0..2150.0).contains(&y) {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u
    } else if y < 1860.0 {
        let t = y - 1800.0;
        13.72 - 0.332447 * t + 0.0068612 * t.powi(2) + 0.0041116 * t.powi(3)
            - 0.00037436 * t.powi(4)
            + 0.0000121272 * t.powi(5)
            - 0.0000001699 * t.powi(6)
            + 0.000000000875 * t.powi(7)
    } else if y < 1900.0 {
        let t = y - 1860.0;
        7.62 + 0.5737 * t - 0.251754 * t.powi(2) + 0.01680668 * t.powi(3) - 0.0004473624 * t.powi(4)
            + t.powi(5) / 233174.0
    } else if y < 1920.0 {
        let t = y - 1900.0;
        -2.79 + 1.494119 * t - 0.0598939 * t.powi(2) + 0.0061966 * t.powi(3) - 0.000197 * t.powi(4)
    } else if y < 1941.0 {
        let t = y - 1920.0;
        21.20 + 0.84493 * t - 0.076100 * t.powi(2) + 0.0020936 * t.powi(3)
    } else if y < 1961.0 {
        let t = y - 1950.0;
        29.07 + 0.407 * t - t.powi(2) / 233.0 + t.powi(3) / 2547.0
    } else if y < 1986.0 {
        let t = y - 1975.0;
        45.45 + 1.067 * t - t.powi(2) / 260.0 - t.powi(3) / 718.0
    } else if y < 2005.0 {
        let t = y - 2000.0;
        63.86 + 0.3345 * t - 0.060374 * t.powi(2)
            + 0.0017275 * t.powi(3)
            + 0.000651814 * t.powi(4)
            + 0.00002373599 * t.powi(5)
    } else if y < 2050.0 {
        let t = y - 2000.0;
        62.92 + 0.32217 * t + 0.005589 * t.powi(2)
    } else {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y)
    }
}

/// ΔT in days at (approximately) the Julian date `jd`.
fn delta_t_days(jd: f64) -> f64 {
    delta_t_seconds(decimal_year(jd)) / 86_400.0
}

/// Instant (Julian Ephemeris Day, TT) of the true new moon of lunation `k`
/// (k = 0: 6 January 2000; k = -283: 18 February 1977). Meeus chapter 49.
fn new_moon_jde(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let t4 = t3 * t;

    let mean = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.000_154_37 * t2 - 0.000_000_150 * t3
        + 0.000_000_000_73 * t4;

    // Eccentricity of the Earth's orbit.
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t2;
    // Sun's mean anomaly.
    let m = 2.5534 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3;
    // Moon's mean anomaly.
    let mp =
        201.5643 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3 - 0.000_000_058 * t4;
    // Moon's argument of latitude.
    let f =
        160.7108 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3 + 0.000_000_011 * t4;
    // Longitude of the ascending node of the lunar orbit.
    let om = 124.7746 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3;

    let periodic = -0.40720 * sin_deg(mp)
        + 0.17241 * e * sin_deg(m)
        + 0.01608 * sin_deg(2.0 * mp)
        + 0.01039 * sin_deg(2.0 * f)
        + 0.00739 * e * sin_deg(mp - m)
        - 0.00514 * e * sin_deg(mp + m)
        + 0.00208 * e * e * sin_deg(2.0 * m)
        - 0.00111 * sin_deg(mp - 2.0 * f)
        - 0.00057 * sin_deg(mp + 2.0 * f)
        + 0.00056 * e * sin_deg(2.0 * mp + m)
        - 0.00042 * sin_deg(3.0 * mp)
        + 0.00042 * e * sin_deg(m + 2.0 * f)
        + 0.00038 * e * sin_deg(m - 2.0 * f)
        - 0.00024 * e * sin_deg(2.0 * mp - m)
        - 0.00017 * sin_deg(om)
        - 0.00007 * sin_deg(mp + 2.0 * m)
        + 0.00004 * sin_deg(2.0 * mp - 2.0 * f)
        + 0.00004 * sin_deg(3.0 * m)
        + 0.00003 * sin_deg(mp + m - 2.0 * f)
        + 0.00003 * sin_deg(2.0 * mp + 2.0 * f)
        - 0.00003 * sin_deg(mp + m + 2.0 * f)
        + 0.00003 * sin_deg(mp - m + 2.0 * f)
        - 0.00002 * sin_deg(mp - m - 2.0 * f)
        - 0.00002 * sin_deg(3.0 * mp + m)
        + 0.00002 * sin_deg(4.0 * mp);

    // Planetary arguments (coefficient, constant, rate per lunation).
    const PLANETARY: [(f64, f64, f64); 13] = [
        (0.000_165, 251.88, 0.016_321),
        (0.000_164, 251.83, 26.651_886),
        (0.000_126, 349.42, 36.412_478),
        (0.000_110, 84.66, 18.206_239),
        (0.000_062, 141.74, 53.303_771),
        (0.000_060, 207.14, 2.453_732),
        (0.000_056, 154.84, 7.306_860),
        (0.000_047, 34.52, 27.261_239),
        (0.000_042, 207.19, 0.121_824),
        (0.000_040, 291.34, 1.844_379),
        (0.000_037, 161.72, 24.198_154),
        (0.000_035, 239.56, 25.513_099),
        (0.000_023, 331.55, 3.592_518),
    ];
    let a1 = 299.77 + 0.107_408 * k - 0.009_173 * t2;
    let planetary = 0.000_325 * sin_deg(a1)
        + PLANETARY
            .iter()
            .map(|&(c, a, r)| c * sin_deg(a + r * k))
            .sum::<f64>();

    mean + periodic + planetary
}

/// The local day (JDN at UTC+7) on which the new moon of lunation `k` occurs: the first
/// day (mùng 1) of a lunar month.
fn new_moon_day(k: i64) -> i64 {
    let jde = new_moon_jde(k);
    let ut = jde - delta_t_days(jde);
    (ut + 0.5 + TZ_DAYS).floor() as i64
}

/// Periodic terms (amplitude ×1e-8 rad, phase rad, frequency rad per millennium) of the
/// heliocentric longitude of the Earth, VSOP87 theory truncated as in Meeus appendix III.
type Terms = &'static [(f64, f64, f64)];
const EARTH_L0: Terms = &[
    (175_347_046.0, 0.0, 0.0),
    (3_341_656.0, 4.669_256_8, 6_283.075_85),
    (34_894.0, 4.626_1, 12_566.151_7),
    (3_497.0, 2.744_1, 5_753.384_9),
    (3_418.0, 2.828_9, 3.523_1),
    (3_136.0, 3.627_7, 77_713.771_5),
    (2_676.0, 4.418_1, 7_860.419_4),
    (2_343.0, 6.135_2, 3_930.209_7),
    (1_324.0, 0.742_5, 11_506.769_8),
    (1_273.0, 2.037_1, 529.691),
    (1_199.0, 1.109_6, 1_577.343_5),
    (990.0, 5.233, 5_884.927),
    (902.0, 2.045, 26.298),
    (857.0, 3.508, 398.149),
    (780.0, 1.179, 5_223.694),
    (753.0, 2.533, 5_507.553),
    (505.0, 4.583, 18_849.228),
    (492.0, 4.205, 775.523),
    (357.0, 2.92, 0.067),
    (317.0, 5.849, 11_790.629),
    (284.0, 1.899, 796.298),
    (271.0, 0.315, 10_977.079),
    (243.0, 0.345, 5_486.778),
    (206.0, 4.806, 2_544.314),
    (205.0, 1.869, 5_573.143),
    (202.0, 2.458, 6_069.777),
    (156.0, 0.833, 213.299),
    (132.0, 3.411, 2_942.463),
    (126.0, 1.083, 20.775),
    (115.0, 0.645, 0.98),
    (103.0, 0.636, 4_694.003),
    (102.0, 0.976, 15_720.839),
    (102.0, 4.267, 7.114),
    (99.0, 6.21, 2_146.17),
    (98.0, 0.68, 155.42),
    (86.0, 5.98, 161_000.69),
    (85.0, 1.3, 6_275.96),
    (85.0, 3.67, 71_430.7),
    (80.0, 1.81, 17_260.15),
    (79.0, 3.04, 12_036.46),
];
const EARTH_L1: Terms = &[
    (628_331_966_747.0, 0.0, 0.0),
    (206_059.0, 2.678_235, 6_283.075_85),
    (4_303.0, 2.635_1, 12_566.151_7),
    (425.0, 1.59, 3.523),
    (119.0, 5.796, 26.298),
    (109.0, 2.966, 1_577.344),
    (93.0, 2.59, 18_849.23),
    (72.0, 1.14, 529.69),
    (68.0, 1.87, 398.15),
    (67.0, 4.41, 5_507.55),
    (59.0, 2.89, 5_223.69),
    (56.0, 2.17, 155.42),
    (45.0, 0.40, 796.30),
    (36.0, 0.47, 775.52),
    (29.0, 2.65, 7.11),
    (21.0, 5.34, 0.98),
    (19.0, 1.85, 5_486.78),
    (19.0, 4.97, 213.30),
    (17.0, 2.99, 6_275.96),
    (16.0, 0.03, 2_544.31),
];
const EARTH_L2: Terms = &[
    (52_919.0, 0.0, 0.0),
    (8_720.0, 1.072_1, 6_283.075_8),
    (309.0, 0.867, 12_566.152),
    (27.0, 0.05, 3.52),
    (16.0, 5.19, 26.30),
    (16.0, 3.68, 155.42),
    (10.0, 0.76, 18_849.23),
    (9.0, 2.06, 77_713.77),
    (7.0, 0.83, 775.52),
    (5.0, 4.66, 1_577.34),
];
const EARTH_L3: Terms = &[
    (289.0, 5.844, 6_283.076),
    (35.0, 0.0, 0.0),
    (17.0, 5.49, 12_566.15),
];
const EARTH_L4: Terms = &[(114.0, std::f64::consts::PI, 0.0), (8.0, 4.13, 6_283.08)];

fn series(terms: Terms, tau: f64) -> f64 {
    terms.iter().map(|&(a, b, c)| a * (b + c * tau).cos()).sum()
}

/// Apparent geocentric longitude of the sun, degrees in [0, 360), at the instant `jde` (TT):
/// the Earth's heliocentric longitude (truncated VSOP87, Meeus chapter 25 "higher
/// accuracy") + 180°, converted to FK5, corrected for nutation in longitude and aberration.
/// Equinoxes and solstices 2000–2025 come out within a minute of the published instants.
fn sun_longitude(jde: f64) -> f64 {
    let tau = (jde - 2_451_545.0) / 365_250.0; // Julian millennia from J2000.0
    let t = tau * 10.0; // Julian centuries
    let l = (series(EARTH_L0, tau)
        + series(EARTH_L1, tau) * tau
        + series(EARTH_L2, tau) * tau.powi(2)
        + series(EARTH_L3, tau) * tau.powi(3)
        + series(EARTH_L4, tau) * tau.powi(4))
        / 1e8;
    let geometric = l.to_degrees() + 180.0 - 0.090_33 / 3600.0;
    // Nutation in longitude (arc seconds), main terms.
    let om = 125.044_52 - 1_934.136_261 * t;
    let sun_mean = 280.4665 + 36_000.769_8 * t;
    let moon_mean = 218.3165 + 481_267.881_3 * t;
    let nutation =
        -17.20 * sin_deg(om) - 1.32 * sin_deg(2.0 * sun_mean) - 0.23 * sin_deg(2.0 * moon_mean)
            + 0.21 * sin_deg(2.0 * om);
    // Annual aberration, −20.4898″ / R with the Earth–Sun distance R in AU.
    let m = 357.529_11 + 35_999.050_29 * t;
    let r = 1.000_140 - 0.016_708 * cos_deg(m) - 0.000_139 * cos_deg(2.0 * m);
    let aberration = -20.4898 / r;
    (geometric + (nutation + aberration) / 3600.0).rem_euclid(360.0)
}

/// Which 30° sector (0 = 0°..30°, …, 9 = 270°..300° …) the sun is in at 00:00 (UTC+7) of
/// local day `day`. A month contains a major solar term (trung khí) exactly when this value
/// differs between its first day and the first day of the next month.
fn sun_sector_at_day_start(day: i64) -> i32 {
    let ut = day as f64 - 0.5 - TZ_DAYS;
    let jde = ut + delta_t_days(ut);
    ((sun_longitude(jde) / 30.0).floor() as i32).rem_euclid(12)
}

/// Lunation index of month 11 (the month containing the winter solstice) of Gregorian
/// year `gy`.
fn month11_lunation(gy: i32) -> i64 {
    let dec31 = jdn(NaiveDate::from_ymd_opt(gy, 12, 31).expect("year within chrono's range"));
    let mut k = ((dec31 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    // The last new moon on or before 31 December…
    while new_moon_day(k) > dec31 {
        k -= 1;
    }
    while new_moon_day(k + 1) <= dec31 {
        k += 1;
    }
    // …starts month 11 unless the solstice (270°) was already passed when it began.
    if sun_sector_at_day_start(new_moon_day(k)) >= 9 {
        k -= 1;
    }
    k
}

// ---------------------------------------------------------------------------------------
// Month table
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Month {
    /// JDN of mùng 1.
    start: i64,
    /// Lunar year (numbered by the Gregorian year of its Tết).
    year: i32,
    month: u8,
    leap: bool,
}

struct Table {
    /// Consecutive months, sorted by start (and therefore by (year, month, leap)).
    months: Vec<Month>,
    /// JDN of the first day after the last month.
    end: i64,
}

impl Table {
    fn find_by_jdn(&self, j: i64) -> Option<usize> {
        if self.months.is_empty() || j < self.months[0].start || j >= self.end {
            return None;
        }
        Some(self.months.partition_point(|m| m.start <= j) - 1)
    }

    fn find_lunar(&self, year: i32, month: u8, leap: bool) -> Option<usize> {
        let key = (year, month, leap);
        self.months
            .binary_search_by(|m| (m.year, m.month, m.leap).cmp(&key))
            .ok()
    }

    fn month_len(&self, i: usize) -> i64 {
        let next = self.months.get(i + 1).map_or(self.end, |m| m.start);
        next - self.months[i].start
    }
}

/// All months from month 11 of Gregorian year `from_gy` up to (excluding) month 11 of
/// Gregorian year `to_gy`.
fn build_table(from_gy: i32, to_gy: i32) -> Table {
    let mut months = Vec::with_capacity(((to_gy - from_gy).max(0) as usize) * 13);
    let mut ka = month11_lunation(from_gy);
    let mut end = new_moon_day(ka);
    for gy in from_gy..to_gy {
        let kb = month11_lunation(gy + 1);
        let n = (kb - ka) as usize;
        debug_assert!(
            n == 12 || n == 13,
            "{n} months between two months 11 ({gy})"
        );
        let starts: Vec<i64> = (0..=n as i64).map(|i| new_moon_day(ka + i)).collect();
        // In a 13-month year the first month (after month 11 itself, which holds the
        // solstice) whose start and end see the sun in the same sector has no major term.
        let leap_at = if n == 13 {
            let sectors: Vec<i32> = starts.iter().map(|&s| sun_sector_at_day_start(s)).collect();
            (1..n)
                .find(|&i| sectors[i] == sectors[i + 1])
                .or(Some(n - 1))
        } else {
            None
        };
        for (i, &start) in starts[..n].iter().enumerate() {
            // Number of regular months since month 11 (the leap month does not count).
            let ordinal = match leap_at {
                Some(l) if i >= l => i - 1,
                _ => i,
            };
            let month = ((10 + ordinal) % 12 + 1) as u8;
            let year = if month >= 11 && ordinal <= 1 {
                gy
            } else {
                gy + 1
            };
            months.push(Month {
                start,
                year,
                month,
                leap: leap_at == Some(i),
            });
        }
        end = starts[n];
        ka = kb;
    }
    Table { months, end }
}

/// The cached table: month 11 of 1899 (covers January 1900) to month 11 of 2200.
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| build_table(1899, 2200))
}

/// Forces the table to be built (used by `WorkCalendar` so that the cost is paid once).
pub(crate) fn warm_up() {
    let _ = table();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn lunar(day: u32, month: u32, year: i32, leap: bool) -> LunarDate {
        LunarDate {
            day,
            month,
            year,
            leap,
        }
    }

    #[test]
    fn julian_day_numbers() {
        assert_eq!(jdn(ymd(2000, 1, 1)), 2_451_545);
        assert_eq!(jdn(ymd(1900, 1, 1)), 2_415_021);
        assert_eq!(from_jdn(2_451_545), Some(ymd(2000, 1, 1)));
    }

    #[test]
    fn meeus_example_new_moon_1977() {
        // Astronomical Algorithms, example 49.a: JDE 2443192.65118 (18/02/1977 03:37:42 TD).
        let jde = new_moon_jde(-283);
        assert!((jde - 2_443_192.651_18).abs() < 0.000_02, "{jde}");
    }

    /// Minutes after 00:00 UTC of `day` at which the sun's apparent longitude reaches
    /// `target` degrees (bisection).
    fn crossing_minutes_utc(day: NaiveDate, target: f64) -> f64 {
        let start = jdn(day) as f64 - 0.5;
        let (mut lo, mut hi) = (start, start + 1.0);
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            let lon = sun_longitude(mid + delta_t_days(mid));
            if (lon - target + 180.0).rem_euclid(360.0) - 180.0 < 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (lo - start) * 1440.0
    }

    #[test]
    fn sun_longitude_at_known_equinoxes_and_solstices() {
        // Published instants (UTC, to the minute).
        let cases = [
            (ymd(2000, 3, 20), 0.0, 7 * 60 + 35),
            (ymd(2000, 12, 21), 270.0, 13 * 60 + 37),
            (ymd(2023, 3, 20), 0.0, 21 * 60 + 24),
            (ymd(2023, 6, 21), 90.0, 14 * 60 + 57),
            (ymd(2023, 12, 22), 270.0, 3 * 60 + 27),
            (ymd(2024, 9, 22), 180.0, 12 * 60 + 44),
            (ymd(2024, 12, 21), 270.0, 9 * 60 + 20),
            (ymd(2025, 3, 20), 0.0, 9 * 60 + 1),
            (ymd(2025, 6, 21), 90.0, 2 * 60 + 42),
            (ymd(2025, 9, 22), 180.0, 18 * 60 + 19),
            (ymd(2025, 12, 21), 270.0, 15 * 60 + 3),
        ];
        for (day, target, minutes) in cases {
            let got = crossing_minutes_utc(day, target);
            assert!(
                (got - f64::from(minutes)).abs() < 1.5,
                "{day} {target}°: {got:.1} min"
            );
        }
    }

    #[test]
    fn tet_dates_pinned() {
        let cases = [
            (2024, ymd(2024, 2, 10)),
            (2025, ymd(2025, 1, 29)),
            (2026, ymd(2026, 2, 17)),
            (2027, ymd(2027, 2, 6)),
            (2028, ymd(2028, 1, 26)),
            (2029, ymd(2029, 2, 13)),
            // Not 03/02 (that is the Chinese date): the new moon is at 16:07 UTC on
            // 02/02/2030, i.e. 23:07 at UTC+7 but 00:07 on 03/02 at UTC+8.
            (2030, ymd(2030, 2, 2)),
        ];
        for (year, date) in cases {
            assert_eq!(lunar_new_year(year), date, "Tết {year}");
            assert_eq!(solar_to_lunar(date), lunar(1, 1, year, false));
        }
    }

    #[test]
    fn tet_dates_where_vietnam_differs_from_china() {
        // UTC+7 against UTC+8: the classic examples.
        assert_eq!(lunar_new_year(1968), ymd(1968, 1, 29)); // China: 30/01/1968
        assert_eq!(lunar_new_year(1985), ymd(1985, 1, 21)); // China: 20/02/1985
        assert_eq!(lunar_new_year(2007), ymd(2007, 2, 17)); // China: 18/02/2007
        assert_eq!(lunar_new_year(2030), ymd(2030, 2, 2)); // China: 03/02/2030
    }

    #[test]
    fn new_moon_of_february_2030() {
        // 02/02/2030 16:07 UTC (published: 16:07).
        let jde = new_moon_jde(372);
        let ut = jde - delta_t_days(jde);
        let minutes = (ut + 0.5 - (jdn(ymd(2030, 2, 2)) as f64)) * 1440.0;
        assert!((minutes - f64::from(16 * 60 + 7)).abs() < 2.0, "{minutes}");
        assert_eq!(new_moon_day(372), jdn(ymd(2030, 2, 2)));
    }

    #[test]
    fn tet_is_always_between_21_january_and_20_february() {
        for year in 1900..=2199 {
            let t = lunar_new_year(year);
            assert_eq!(t.year(), year);
            assert!(
                t >= ymd(year, 1, 19) && t <= ymd(year, 2, 21),
                "Tết {year}: {t}"
            );
        }
    }

    #[test]
    fn hung_kings_day() {
        // Giỗ Tổ Hùng Vương, 10 tháng 3 âm lịch.
        assert_eq!(
            lunar_to_solar(lunar(10, 3, 2025, false)),
            Some(ymd(2025, 4, 7))
        );
        assert_eq!(
            lunar_to_solar(lunar(10, 3, 2026, false)),
            Some(ymd(2026, 4, 26))
        );
        assert_eq!(
            lunar_to_solar(lunar(10, 3, 2023, false)),
            Some(ymd(2023, 4, 29))
        );
    }

    #[test]
    fn known_leap_months() {
        // Canh Tý 2020: nhuận tháng 4 from 23/05/2020; Quý Mão 2023: nhuận tháng 2 from
        // 22/03/2023; Ất Tỵ 2025: nhuận tháng 6 from 25/07/2025.
        assert_eq!(solar_to_lunar(ymd(2020, 5, 23)), lunar(1, 4, 2020, true));
        assert_eq!(solar_to_lunar(ymd(2023, 3, 22)), lunar(1, 2, 2023, true));
        assert_eq!(solar_to_lunar(ymd(2025, 7, 25)), lunar(1, 6, 2025, true));
        assert_eq!(
            lunar_to_solar(lunar(1, 6, 2025, true)),
            Some(ymd(2025, 7, 25))
        );
        assert_eq!(
            lunar_to_solar(lunar(1, 6, 2025, false)),
            Some(ymd(2025, 6, 25))
        );
    }

    #[test]
    fn last_day_of_year_at_ty() {
        // 16/02/2026 is 29 tháng Chạp năm Ất Tỵ (tháng Chạp thiếu): the eve of Tết Bính Ngọ.
        assert_eq!(solar_to_lunar(ymd(2026, 2, 16)), lunar(29, 12, 2025, false));
        assert_eq!(lunar_to_solar(lunar(30, 12, 2025, false)), None);
    }

    #[test]
    fn nonexistent_lunar_dates() {
        assert_eq!(lunar_to_solar(lunar(0, 1, 2026, false)), None);
        assert_eq!(lunar_to_solar(lunar(31, 1, 2026, false)), None);
        assert_eq!(lunar_to_solar(lunar(1, 13, 2026, false)), None);
        assert_eq!(lunar_to_solar(lunar(1, 0, 2026, false)), None);
        assert_eq!(lunar_to_solar(lunar(1, 5, 2026, true)), None); // Bính Ngọ has no leap month
    }

    #[test]
    fn round_trip_every_day_1990_to_2100() {
        let mut d = ymd(1990, 1, 1);
        let end = ymd(2100, 12, 31);
        while d <= end {
            let l = solar_to_lunar(d);
            assert_eq!(lunar_to_solar(l), Some(d), "{d} -> {l:?}");
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn calendar_structure_1900_to_2199() {
        let mut d = ymd(1900, 1, 1);
        let end = ymd(2199, 12, 31);
        let mut prev = solar_to_lunar(d);
        let mut leap_months_per_year = std::collections::HashMap::<i32, u32>::new();
        while d < end {
            d = d.succ_opt().unwrap();
            let l = solar_to_lunar(d);
            assert_eq!(lunar_to_solar(l), Some(d));
            if l.day == 1 {
                assert!(
                    prev.day == 29 || prev.day == 30,
                    "{d}: month of {} days",
                    prev.day
                );
                if l.leap {
                    assert_eq!(l.month, prev.month, "{d}");
                    assert_eq!(l.year, prev.year);
                    *leap_months_per_year.entry(l.year).or_default() += 1;
                } else {
                    assert_eq!(l.month, prev.month % 12 + 1, "{d}");
                    let expected_year = if l.month == 1 {
                        prev.year + 1
                    } else {
                        prev.year
                    };
                    assert_eq!(l.year, expected_year, "{d}");
                }
            } else {
                assert_eq!(l.day, prev.day + 1);
                assert_eq!(
                    (l.month, l.year, l.leap),
                    (prev.month, prev.year, prev.leap)
                );
            }
            prev = l;
        }
        assert!(leap_months_per_year.values().all(|&n| n == 1));
        // 7 leap months every 19 years.
        let leaps_1901_2199 = leap_months_per_year
            .keys()
            .filter(|&&y| (1901..=2199).contains(&y));
        let n = leaps_1901_2199.count();
        assert!((108..=112).contains(&n), "{n} leap years");
    }

    #[test]
    fn outside_the_cached_range() {
        // Computed on the fly with the same formulas.
        let d = ymd(1899, 6, 1);
        let l = solar_to_lunar(d);
        assert_eq!(l.year, 1899);
        assert_eq!(lunar_to_solar(l), Some(d));
        let d = ymd(2201, 3, 1);
        assert_eq!(lunar_to_solar(solar_to_lunar(d)), Some(d));
        assert_eq!(lunar_new_year(2200).year(), 2200);
    }
}
