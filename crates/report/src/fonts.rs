//! The bundled fonts (Liberation Serif 2, SIL OFL 1.1, see `fonts/OFL.txt`): metric
//! compatible with Times New Roman, which NĐ 30/2020 prescribes, and complete for
//! Vietnamese. Widths are measured here from the fonts' own `hmtx` tables, so the line
//! breaks we compute are the ones the reader draws.

use std::collections::HashMap;

use crate::error::{ReportError, Result};

/// The four faces a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
            Face::Bold => include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
            Face::Italic => include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
            Face::BoldItalic => include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Face::Regular => "Liberation Serif",
            Face::Bold => "Liberation Serif Bold",
            Face::Italic => "Liberation Serif Italic",
            Face::BoldItalic => "Liberation Serif Bold Italic",
        }
    }
}

/// Advance widths of one face, in font units, looked up by character.
struct FaceMetrics {
    units_per_em: f32,
    /// Characters below U+2100 (Latin, Vietnamese, punctuation) in a flat table.
    low: Vec<Option<u16>>,
    high: HashMap<char, u16>,
}

const LOW: usize = 0x2100;

impl FaceMetrics {
    fn parse(face: Face) -> Self {
        let f = ttf_parser::Face::parse(face.bytes(), 0).expect("bundled font parses");
        let advance = |c: char| {
            f.glyph_index(c)
                .filter(|g| g.0 != 0)
                .map(|g| f.glyph_hor_advance(g).unwrap_or(0))
        };
        let low = (0..LOW as u32)
            .map(|u| char::from_u32(u).and_then(advance))
            .collect();
        let mut high = HashMap::new();
        if let Some(cmap) = f.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|u| {
                    if u as usize >= LOW {
                        if let Some(c) = char::from_u32(u) {
                            if let Some(a) = advance(c) {
                                high.insert(c, a);
                            }
                        }
                    }
                });
            }
        }
        FaceMetrics {
            units_per_em: f.units_per_em() as f32,
            low,
            high,
        }
    }

    fn advance(&self, c: char) -> Option<u16> {
        let u = c as usize;
        if u < LOW {
            self.low[u]
        } else {
            self.high.get(&c).copied()
        }
    }
}

/// Measures text in the bundled faces.
pub struct Fonts {
    faces: [FaceMetrics; 4],
}

impl Fonts {
    pub fn load() -> Self {
        Fonts {
            faces: Face::ALL.map(FaceMetrics::parse),
        }
    }

    /// Width of `text` in points at `size` points. A character the face cannot draw is
    /// an error (never a blank box in the printed report).
    pub fn width(&self, face: Face, size: f32, text: &str) -> Result<f32> {
        let m = &self.faces[face.index()];
        let mut units: u32 = 0;
        for c in text.chars() {
            match m.advance(c) {
                Some(a) => units += a as u32,
                None => return Err(missing(c, text)),
            }
        }
        Ok(units as f32 * size / m.units_per_em)
    }

    /// Whether every character of `text` has a glyph in `face`.
    pub fn check(&self, face: Face, text: &str) -> Result<()> {
        let m = &self.faces[face.index()];
        match text.chars().find(|c| m.advance(*c).is_none()) {
            Some(c) => Err(missing(c, text)),
            None => Ok(()),
        }
    }
}

fn missing(c: char, text: &str) -> ReportError {
    ReportError::MissingGlyph {
        character: c,
        context: text.chars().take(60).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letters_are_all_there_and_measure_like_times() {
        let f = Fonts::load();
        // Every precomposed Vietnamese letter, lower and upper case.
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        let all: String = letters
            .chars()
            .chain(letters.to_uppercase().chars())
            .collect();
        for face in Face::ALL {
            f.check(face, &all).unwrap();
        }
        // Times New Roman: "H" is 1479/2048 em (0.722), space 512/2048 (0.25).
        let h = f.width(Face::Regular, 2048.0, "H").unwrap();
        assert!((h - 1479.0).abs() < 0.5, "{h}");
        assert!((f.width(Face::Regular, 2048.0, " ").unwrap() - 512.0).abs() < 0.5);
    }

    #[test]
    fn a_character_without_a_glyph_is_an_error() {
        let f = Fonts::load();
        let e = f.width(Face::Regular, 12.0, "Báo cáo 🙂").unwrap_err();
        assert!(e.to_string().contains("U+1F642"), "{e}");
    }
}
