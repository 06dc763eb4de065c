//! All CJK width handling in one place: measure, truncate, pad and wrap by
//! terminal display width (a hanzi is two columns), never by bytes or chars.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Marker for cut text. Narrow on purpose: "…" is ambiguous-width and
/// shifts layouts in CJK terminals.
pub const ELLIPSIS: &str = "~";

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

pub fn char_width(c: char) -> usize {
    // Control characters have no width; treat them as invisible.
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Cuts `s` to at most `max` columns, ending with [`ELLIPSIS`] when cut.
/// Never splits a wide character.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let budget = max - width(ELLIPSIS);
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push_str(ELLIPSIS);
    out
}

/// Truncates then pads with spaces to exactly `cols` columns (a wide
/// character that does not fit leaves a blank, not half a glyph).
pub fn fit(s: &str, cols: usize) -> String {
    let mut out = truncate(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// Right-aligns within `cols` columns (for numbers).
pub fn fit_right(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let w = width(&cut);
    let mut out: String = std::iter::repeat_n(' ', cols.saturating_sub(w)).collect();
    out.push_str(&cut);
    out
}

/// Centres within `cols` columns.
pub fn center(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let pad = cols.saturating_sub(width(&cut));
    let left = pad / 2;
    let mut out: String = std::iter::repeat_n(' ', left).collect();
    out.push_str(&cut);
    out.extend(std::iter::repeat_n(' ', pad - left));
    out
}

/// Wraps by display width. Chinese has no spaces between words, so any
/// character boundary is a break point; latin words are kept whole when
/// they fit on a line. Explicit newlines are kept. Chinese line-breaking
/// rules hold: no line starts with closing punctuation (，。、；：？！）」…)
/// and none ends with an opening one (（「《…); the character before is
/// carried down to the next line instead. Every pane wraps with this.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(2);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line: Vec<&str> = Vec::new();
        let mut used = 0;
        for token in tokens(para) {
            let tw = width(token);
            if used + tw > cols && used > 0 {
                let carry = carried(&mut line, token, cols);
                lines.push(line.concat().trim_end().to_string());
                used = carry.iter().map(|t| width(t)).sum();
                line = carry;
                if token == " " && line.is_empty() {
                    continue;
                }
            }
            if tw > cols {
                // A token longer than a line (a long hanzi run is split per
                // char already; this is a long latin word or number).
                for c in token.char_indices().map(|(i, c)| &token[i..i + c.len_utf8()]) {
                    let w = width(c);
                    if used + w > cols {
                        lines.push(std::mem::take(&mut line).concat());
                        used = 0;
                    }
                    line.push(c);
                    used += w;
                }
            } else {
                line.push(token);
                used += tw;
            }
        }
        lines.push(line.concat().trim_end().to_string());
    }
    lines
}

/// Punctuation that may not start a line.
const NO_START: &str = "，。、；：？！）」』》〉】〕”’…·,.;:?!)]}%";
/// Punctuation that may not end a line.
const NO_END: &str = "（「『《〈【〔“‘([{";

fn is_one_of(token: &str, set: &str) -> bool {
    token.chars().next().is_some_and(|c| set.contains(c)) && token.chars().count() == 1
}

/// The tokens at the end of a full `line` that move down with `next` so
/// that the next line does not start with closing punctuation and this one
/// does not end with opening punctuation. Nothing moves when the line
/// would be left empty or the carried text would not fit a line.
fn carried<'a>(line: &mut Vec<&'a str>, next: &str, cols: usize) -> Vec<&'a str> {
    let mut carry: Vec<&'a str> = Vec::new();
    let starts_badly = |carry: &[&str]| is_one_of(carry.first().copied().unwrap_or(next), NO_START);
    while line.len() > 1 && (starts_badly(&carry) || line.last().is_some_and(|t| is_one_of(t, NO_END))) {
        carry.insert(0, line.pop().expect("checked non-empty"));
    }
    let moved: usize = carry.iter().map(|t| width(t)).sum::<usize>() + width(next);
    if moved > cols || line.concat().trim().is_empty() {
        line.append(&mut carry);
    }
    carry
}

/// Splits into break units: each wide character alone, runs of narrow
/// non-space characters together, each space alone.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let narrow_word = char_width(c) == 1 && c != ' ';
        if narrow_word {
            start.get_or_insert(i);
            continue;
        }
        if let Some(st) = start.take() {
            out.push(&s[st..i]);
        }
        out.push(&s[i..i + c.len_utf8()]);
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// Display column of the caret after the first `chars` characters, so the
/// terminal cursor (and the input method's candidate window) sits right.
pub fn caret_column(s: &str, chars: usize) -> usize {
    s.chars().take(chars).map(char_width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_hanzi_as_two() {
        assert_eq!(width("张三"), 4);
        assert_eq!(width("A张"), 3);
    }

    #[test]
    fn truncate_never_splits_a_wide_char() {
        assert_eq!(truncate("东浦村三组", 6), "东浦~");
        assert_eq!(width(&truncate("东浦村三组", 6)), 5);
        assert_eq!(truncate("东浦村", 6), "东浦村");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn fit_pads_to_exact_columns() {
        assert_eq!(fit("张三", 6), "张三  ");
        assert_eq!(width(&fit("东浦村三组12号", 7)), 7);
        assert_eq!(fit_right("12", 4), "  12");
        assert_eq!(center("中", 4), " 中 ");
    }

    #[test]
    fn wrap_breaks_chinese_anywhere_and_keeps_latin_words() {
        assert_eq!(wrap("村口路灯坏了三盏", 6), vec!["村口路", "灯坏了", "三盏"]);
        assert_eq!(wrap("路灯 LED lamp", 8), vec!["路灯 LED", "lamp"]);
        for line in wrap("晚上出行不便，请尽快维修 please fix it soon", 9) {
            assert!(width(&line) <= 9, "{line}");
        }
    }

    #[test]
    fn no_line_starts_with_closing_or_ends_with_opening_punctuation() {
        // "村口路灯坏了，" at 6 columns would put "，" first on line 2.
        assert_eq!(wrap("村口路灯坏了，请修", 12), vec!["村口路灯坏", "了，请修"]);
        assert_eq!(wrap("路灯坏了。」好", 8), vec!["路灯坏", "了。」好"]);
        assert_eq!(wrap("请联系（张主任）", 8), vec!["请联系", "（张主", "任）"]);
        assert_eq!(wrap("东浦村（三组）", 8), vec!["东浦村", "（三组）"]);
        for text in [
            "晚上出行不便，请尽快维修。谢谢！",
            "村民反映：路灯、水管（东段）都坏了；请处理？",
        ] {
            for cols in 4..20 {
                let lines = wrap(text, cols);
                assert_eq!(lines.concat(), text, "nothing lost at {cols}");
                for (i, l) in lines.iter().enumerate() {
                    assert!(width(l) <= cols, "{l} wider than {cols}");
                    if i > 0 {
                        assert!(!NO_START.contains(l.chars().next().unwrap_or('a')), "{lines:?}");
                    }
                    if i + 1 < lines.len() {
                        assert!(!NO_END.contains(l.chars().last().unwrap_or('a')), "{lines:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn caret_column_uses_display_width() {
        assert_eq!(caret_column("张三a", 2), 4);
        assert_eq!(caret_column("张三a", 3), 5);
    }
}

/// Spans of `s` fitted to exactly `cols` columns with the chars at
/// `marks` (char indices, sorted) in `hl`. Cutting keeps the marks on the
/// characters they belong to, whatever their width.
pub fn highlight(
    s: &str,
    marks: &[usize],
    cols: usize,
    base: ratatui::style::Style,
    hl: ratatui::style::Style,
) -> Vec<ratatui::text::Span<'static>> {
    use ratatui::text::Span;
    let cut = truncate(s, cols);
    let shown = if cut.len() < s.len() {
        cut.chars().count() - 1
    } else {
        cut.chars().count()
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    for (i, c) in s.chars().take(shown).enumerate() {
        let marked = marks.binary_search(&i).is_ok();
        if marked != run_marked && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_marked { hl } else { base },
            ));
        }
        run_marked = marked;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_marked { hl } else { base }));
    }
    if shown < s.chars().count() {
        spans.push(Span::styled(ELLIPSIS, base));
    }
    let used = width(&cut);
    if used < cols {
        spans.push(Span::styled(" ".repeat(cols - used), base));
    }
    spans
}

#[cfg(test)]
mod highlight_tests {
    use super::*;
    use ratatui::style::{Modifier, Style};

    #[test]
    fn marks_follow_wide_characters_and_pad_to_width() {
        let hl = Style::new().add_modifier(Modifier::BOLD);
        let spans = highlight("张三丰", &[0, 2], 8, Style::new(), hl);
        let texts: Vec<(&str, bool)> = spans.iter().map(|s| (s.content.as_ref(), s.style == hl)).collect();
        assert_eq!(texts, vec![("张", true), ("三", false), ("丰", true), ("  ", false)]);
        let cut = highlight("东浦村三组12号", &[3], 7, Style::new(), hl);
        let text: String = cut.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "东浦村~");
        assert_eq!(width(&text), 7);
    }
}
