//! Text at the boundary: NFC normalisation, validation of user input, the accent-folding used
//! by search, and Vietnamese alphabetical order.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use crate::error::{CoreError, Result};

/// NFC-normalise (every Vietnamese letter precomposed).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Normalise and validate one text field: NFC, trimmed, no control characters (newlines and
/// tabs allowed only when `multiline`), at most `max_chars` characters.
pub fn clean(
    field: &'static str,
    label: &str,
    value: &str,
    max_chars: usize,
    multiline: bool,
) -> Result<String> {
    let v = nfc(value.trim());
    if let Some(c) = v
        .chars()
        .find(|c| c.is_control() && !(multiline && (*c == '\n' || *c == '\t' || *c == '\r')))
    {
        return Err(CoreError::invalid(
            field,
            format!(
                "{label} chứa ký tự điều khiển không hợp lệ (U+{:04X}).",
                c as u32
            ),
        ));
    }
    let n = v.chars().count();
    if n > max_chars {
        return Err(CoreError::invalid(
            field,
            format!("{label} quá dài ({n} ký tự); tối đa {max_chars} ký tự."),
        ));
    }
    Ok(v)
}

/// Like `clean`, and the field must not be empty.
pub fn required(
    field: &'static str,
    label: &str,
    value: &str,
    max_chars: usize,
    multiline: bool,
) -> Result<String> {
    let v = clean(field, label, value, max_chars, multiline)?;
    if v.is_empty() {
        return Err(CoreError::invalid(
            field,
            format!("Vui lòng nhập {}.", lower_first(label)),
        ));
    }
    Ok(v)
}

/// Optional field: None or empty stays None.
pub fn optional(
    field: &'static str,
    label: &str,
    value: Option<&str>,
    max_chars: usize,
) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) => {
            let v = clean(field, label, v, max_chars, false)?;
            Ok(if v.is_empty() { None } else { Some(v) })
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Fold for search: lower case, without tone or vowel marks, đ → d.
/// "Quảng Trị" → "quang tri", "Đức" → "duc".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Turn what a user typed into an FTS5 query: folded words, each quoted as a literal, all
/// required. The last word is matched as a prefix (it is usually still being typed) unless
/// the input ends with a space; whole words keep the index lookups short. Anything FTS or
/// SQL might read as syntax (quotes, operators, parentheses, column filters, NEAR, *) is
/// reduced to plain words. Returns None when nothing searchable remains.
pub fn fts_query(input: &str) -> Option<String> {
    let folded = fold(&nfc(input));
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .collect();
    let (last, whole) = words.split_last()?;
    let typing = !input.ends_with(char::is_whitespace);
    let mut query: Vec<String> = whole.iter().map(|w| format!("\"{w}\"")).collect();
    query.push(if typing {
        format!("\"{last}\"*")
    } else {
        format!("\"{last}\"")
    });
    Some(query.join(" "))
}

/// Rank of a base letter in the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p
/// q r s t u ư v x y, with the foreign letters f j w z in their Latin places).
fn letter_rank(base: char, modifier: Modifier) -> Option<u16> {
    let r = match (base, modifier) {
        ('a', Modifier::None) => 1,
        ('a', Modifier::Breve) => 2,
        ('a', Modifier::Circumflex) => 3,
        ('b', _) => 4,
        ('c', _) => 5,
        ('d', Modifier::None) => 6,
        ('đ', _) => 7,
        ('e', Modifier::Circumflex) => 9,
        ('e', _) => 8,
        ('f', _) => 10,
        ('g', _) => 11,
        ('h', _) => 12,
        ('i', _) => 13,
        ('j', _) => 14,
        ('k', _) => 15,
        ('l', _) => 16,
        ('m', _) => 17,
        ('n', _) => 18,
        ('o', Modifier::Circumflex) => 20,
        ('o', Modifier::Horn) => 21,
        ('o', _) => 19,
        ('p', _) => 22,
        ('q', _) => 23,
        ('r', _) => 24,
        ('s', _) => 25,
        ('t', _) => 26,
        ('u', Modifier::Horn) => 28,
        ('u', _) => 27,
        ('v', _) => 29,
        ('w', _) => 30,
        ('x', _) => 31,
        ('y', _) => 32,
        ('z', _) => 33,
        _ => return None,
    };
    Some(r)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    Breve,
    Circumflex,
    Horn,
}

/// Tone order used by Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
fn tone_rank(mark: char) -> Option<u16> {
    Some(match mark {
        '\u{0300}' => 1, // huyền
        '\u{0309}' => 2, // hỏi
        '\u{0303}' => 3, // ngã
        '\u{0301}' => 4, // sắc
        '\u{0323}' => 5, // nặng
        _ => return None,
    })
}

/// A binary key whose byte order is Vietnamese alphabetical order: letters first (with ă â
/// đ ê ô ơ ư as letters of their own), then tones as a tie-breaker, case ignored.
pub fn sort_key(s: &str) -> Vec<u8> {
    let mut primary: Vec<u16> = Vec::with_capacity(s.len());
    let mut tones: Vec<u16> = Vec::with_capacity(s.len());
    let lower: String = nfc(s).to_lowercase();
    for ch in lower.chars() {
        let mut parts = std::iter::once(ch).nfd();
        let base = parts.next().unwrap_or(ch);
        let mut modifier = Modifier::None;
        let mut tone = 0;
        for m in parts {
            match m {
                '\u{0306}' => modifier = Modifier::Breve,
                '\u{0302}' => modifier = Modifier::Circumflex,
                '\u{031B}' => modifier = Modifier::Horn,
                m => tone = tone_rank(m).unwrap_or(tone),
            }
        }
        let rank = match letter_rank(base, modifier) {
            Some(r) => 0x100 + r,
            None if base.is_ascii_digit() => 0x10 + (base as u16 - '0' as u16),
            None if base.is_whitespace() => 0x01,
            None => 0x200u16.saturating_add(base as u16 & 0x7FFF),
        };
        primary.push(rank);
        tones.push(tone);
    }
    let mut key = Vec::with_capacity((primary.len() + tones.len()) * 2 + 2);
    for p in primary {
        key.extend_from_slice(&p.to_be_bytes());
    }
    key.extend_from_slice(&[0, 0]);
    for t in tones {
        key.extend_from_slice(&t.to_be_bytes());
    }
    key
}

/// Sort key for a person's full name: Vietnamese lists order people by given name (the
/// last word), then by the whole name.
pub fn person_sort_key(full_name: &str) -> Vec<u8> {
    let given = full_name.split_whitespace().last().unwrap_or("");
    let mut key = sort_key(given);
    key.extend_from_slice(&[0, 0]);
    key.extend(sort_key(full_name));
    key
}

/// Compare two strings in Vietnamese alphabetical order.
pub fn vi_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    sort_key(a).cmp(&sort_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_marks_and_folds_dd() {
        assert_eq!(fold("Quảng Trị"), "quang tri");
        assert_eq!(fold("Đức"), "duc");
        assert_eq!(fold("NGUYỄN THỊ ĐOAN TRANG"), "nguyen thi doan trang");
        // NFD input folds the same way.
        let nfd: String = "Quảng Trị".nfd().collect();
        assert_eq!(fold(&nfd), "quang tri");
    }

    #[test]
    fn fts_query_neutralises_syntax() {
        assert_eq!(fts_query("quang tri").unwrap(), "\"quang\" \"tri\"*");
        // A trailing space means the last word is finished.
        assert_eq!(fts_query("quang tri ").unwrap(), "\"quang\" \"tri\"");
        assert_eq!(fts_query("\"a\" OR b*").unwrap(), "\"a\" \"or\" \"b\"*");
        assert_eq!(
            fts_query("x'); DROP TABLE tasks; --").unwrap(),
            "\"x\" \"drop\" \"table\" \"tasks\"*"
        );
        assert_eq!(fts_query("NEAR(a b)").unwrap(), "\"near\" \"a\" \"b\"*");
        assert_eq!(fts_query("Đức").unwrap(), "\"duc\"*");
        assert!(fts_query(" *()\"- ").is_none());
    }

    #[test]
    fn vietnamese_order() {
        let mut v = vec![
            "Đức", "Dũng", "Ánh", "Ân", "Bình", "An", "Ăn", "Ơn", "Ôn", "On", "Ưng", "Uyên",
        ];
        v.sort_by(|a, b| vi_cmp(a, b));
        assert_eq!(
            v,
            vec![
                "An", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đức", "On", "Ôn", "Ơn", "Uyên", "Ưng"
            ]
        );
        // Tones break ties: ma, mà, mả, mã, má, mạ.
        let mut t = vec!["mạ", "má", "mã", "mả", "mà", "ma"];
        t.sort_by(|a, b| vi_cmp(a, b));
        assert_eq!(t, vec!["ma", "mà", "mả", "mã", "má", "mạ"]);
        // NFD sorts like NFC.
        let nfd: String = "Đức".nfd().collect();
        assert_eq!(sort_key(&nfd), sort_key("Đức"));
    }

    #[test]
    fn people_sort_by_given_name() {
        let mut v = vec!["Trần Văn Bình", "Nguyễn Thị An", "Lê Đức"];
        v.sort_by_key(|n| person_sort_key(n));
        assert_eq!(v, vec!["Nguyễn Thị An", "Trần Văn Bình", "Lê Đức"]);
    }

    #[test]
    fn validation() {
        assert!(required("summary", "Trích yếu", "   ", 10, false).is_err());
        assert!(clean("summary", "Trích yếu", "a\u{0007}b", 10, false).is_err());
        assert!(clean("summary", "Trích yếu", "a\nb", 10, false).is_err());
        assert!(clean("summary", "Trích yếu", "a\nb", 10, true).is_ok());
        let long = "x".repeat(11);
        let e = clean("summary", "Trích yếu", &long, 10, false).unwrap_err();
        assert_eq!(e.code(), "invalid.summary");
        let nfd: String = "Trị".nfd().collect();
        assert_eq!(clean("s", "S", &nfd, 10, false).unwrap(), "Trị");
    }
}
