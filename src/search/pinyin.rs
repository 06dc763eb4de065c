//! Hanzi → pinyin syllables for names. The `pinyin` crate gives each
//! character its ordinary reading; surnames are read differently (曾 is
//! "zeng" in a name, not "ceng"), so a small surname table is applied to the
//! start of every name first. Compound surnames come first in the table so
//! 尉迟 is read "yu chi" and not 尉 "wei".

use pinyin::ToPinyin;

/// Special surname readings, longest (compound) surnames first.
const SURNAMES: &[(&str, &[&str])] = &[
    ("尉迟", &["yu", "chi"]),
    ("万俟", &["mo", "qi"]),
    ("单于", &["chan", "yu"]),
    ("长孙", &["zhang", "sun"]),
    ("曾", &["zeng"]),
    ("单", &["shan"]),
    ("解", &["xie"]),
    ("区", &["ou"]),
    ("仇", &["qiu"]),
    ("朴", &["piao"]),
    ("查", &["zha"]),
    ("覃", &["qin"]),
    ("盖", &["ge"]),
    ("缪", &["miao"]),
    ("乐", &["yue"]),
    ("召", &["shao"]),
    ("秘", &["bi"]),
    ("尉", &["yu"]),
    ("种", &["chong"]),
    ("繁", &["po"]),
    ("翟", &["zhai"]),
    ("宿", &["su"]),
    ("薄", &["bo"]),
    ("员", &["yun"]),
    ("能", &["nai"]),
];

/// Longest name we index syllable by syllable; longer input is truncated
/// (a register name is never this long, but no input may panic).
pub const MAX_SYLLABLES: usize = 24;

/// One syllable of a name: its lowercase ASCII spelling and the index of the
/// name character it came from (for highlighting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    pub text: String,
    pub char_index: usize,
}

/// How many leading syllables of `name_syllables(name)` spell the surname:
/// the table's reading for a listed surname (尉迟 → 2), else one (the first
/// character; compound surnames outside the table are not told apart).
pub fn surname_syllables(name: &str) -> usize {
    SURNAMES
        .iter()
        .find(|(surname, _)| name.starts_with(surname))
        .map_or(usize::from(!name.is_empty()), |(_, readings)| readings.len())
}

/// Syllables of `name`, surname table first. Characters without a reading
/// (·, spaces, digits) are skipped; ASCII letters form one syllable per run
/// so a latin name can still be found by typing it.
pub fn name_syllables(name: &str) -> Vec<Syllable> {
    let mut out = Vec::new();
    each_syllable(name, |text, char_index| {
        out.push(Syllable {
            text: text.to_string(),
            char_index,
        })
    });
    out
}

/// [`name_syllables`] without allocating a `String` per syllable: calls
/// `f(spelling, char index)` for each, in order (the index builder writes
/// them straight into its arena).
pub fn each_syllable(name: &str, mut f: impl FnMut(&str, usize)) {
    let mut emitted = 0;
    let mut skip = 0;
    if let Some((_, readings)) = SURNAMES.iter().find(|(surname, _)| name.starts_with(surname)) {
        for (i, r) in readings.iter().enumerate() {
            f(r, i);
        }
        emitted = readings.len();
        skip = readings.len();
    }
    let mut buf = String::new();
    let mut chars = name.chars().enumerate().skip(skip).peekable();
    while emitted < MAX_SYLLABLES {
        let Some((i, c)) = chars.next() else { break };
        if c.is_ascii_alphabetic() {
            buf.clear();
            buf.push(c.to_ascii_lowercase());
            while let Some(&(_, d)) = chars.peek()
                && d.is_ascii_alphabetic()
            {
                buf.push(d.to_ascii_lowercase());
                chars.next();
            }
            f(&buf, i);
            emitted += 1;
            continue;
        }
        if let Some(p) = c.to_pinyin() {
            let plain = p.plain();
            let text = if plain.bytes().all(|b| b.is_ascii_lowercase()) {
                plain
            } else {
                buf.clear();
                normalize_into(plain, &mut buf);
                buf.as_str()
            };
            if !text.is_empty() {
                f(text, i);
                emitted += 1;
            }
        }
    }
}

/// Plain pinyin may contain ü and ê; people type them as v and e.
fn normalize_into(plain: &str, out: &mut String) {
    out.extend(plain.chars().filter_map(|c| match c {
        'a'..='z' => Some(c),
        'ü' => Some('v'),
        'ê' => Some('e'),
        _ => None,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell(name: &str) -> Vec<String> {
        name_syllables(name).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn ordinary_names() {
        assert_eq!(spell("张三丰"), ["zhang", "san", "feng"]);
        assert_eq!(spell("吕秀"), ["lv", "xiu"]);
    }

    #[test]
    fn special_surnames() {
        for (name, first) in [
            ("曾明", "zeng"),
            ("单红", "shan"),
            ("解放", "xie"),
            ("区伟", "ou"),
            ("仇勇", "qiu"),
            ("朴英", "piao"),
            ("查文", "zha"),
            ("覃梅", "qin"),
            ("盖军", "ge"),
        ] {
            assert_eq!(spell(name)[0], first, "{name}");
        }
        assert_eq!(spell("尉迟恭"), ["yu", "chi", "gong"]);
        let s = name_syllables("尉迟恭");
        assert_eq!(s[2].char_index, 2);
    }

    #[test]
    fn surname_length_in_syllables() {
        assert_eq!(surname_syllables("尉迟恭"), 2);
        assert_eq!(surname_syllables("单红"), 1);
        assert_eq!(surname_syllables("张三"), 1);
        assert_eq!(surname_syllables(""), 0);
    }

    #[test]
    fn odd_input() {
        assert!(spell("").is_empty());
        assert_eq!(spell("阿依·Tom"), ["a", "yi", "tom"]);
        assert_eq!(spell(&"张".repeat(100)).len(), MAX_SYLLABLES);
    }
}
