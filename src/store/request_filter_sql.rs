//! The triage filters by place and by a word of the text, written so that
//! SQLite answers them from indexes (migration 014, README "Performance")
//! instead of testing every request.

use rusqlite::types::Value;

/// Binds `items` and returns their parameter marks, comma separated.
fn marks(values: &mut Vec<Value>, items: &[i64]) -> String {
    let marks: Vec<String> = items
        .iter()
        .map(|v| {
            values.push(Value::Integer(*v));
            format!("?{}", values.len())
        })
        .collect();
    marks.join(", ")
}

/// Requests `r` in one of the places `ids`: the household's `column`
/// (village_id or grid_id), or for an outside caller (no household) the
/// request's own `caller_column` — the same as
/// `coalesce(h.{column}, r.{caller_column}) IN ids` over a join of the
/// households, but each side is an index lookup.
pub fn place(column: &str, caller_column: &str, ids: &[i64], values: &mut Vec<Value>) -> String {
    let list = marks(values, ids);
    format!(
        "(r.household_id IN (SELECT x.id FROM households x WHERE x.{column} IN ({list}))
          OR (r.{caller_column} IN ({list})
              AND NOT EXISTS (SELECT 1 FROM households y WHERE y.id = r.household_id)))"
    )
}

/// A condition that every request whose title, content or resident holds
/// `needle` meets (parameter `?{like}` is the needle's LIKE pattern), found
/// by index: the requests whose text has all the needle's bigrams
/// (`request_words`), whose resident or a member of whose household has a
/// matching name. None when the needle has no bigram the index holds (one
/// character, punctuation): then only the exact test applies.
pub fn text_candidates(needle: &str, like: usize, values: &mut Vec<Value>) -> Option<String> {
    let words = bigrams(needle);
    if words.is_empty() {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    values.push(Value::Text(format!("({}) OR mqlongtext", quoted.join(" AND "))));
    let m = values.len();
    Some(format!(
        "(r.id IN (SELECT rowid FROM request_words WHERE request_words MATCH ?{m})
          OR r.person_id IN (SELECT q.id FROM persons q WHERE q.name LIKE ?{like} ESCAPE '\\')
          OR r.household_id IN (SELECT q.household_id FROM persons q WHERE q.name LIKE ?{like} ESCAPE '\\'))"
    ))
}

/// The needle's bigrams that the index holds as words: two adjacent
/// characters that are both letters or digits of ASCII or CJK ideographs
/// (the full-text tokenizer keeps those whole and folds ASCII case, as
/// LIKE does), distinct.
fn bigrams(needle: &str) -> Vec<String> {
    let chars: Vec<char> = needle.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for pair in chars.windows(2) {
        if pair.iter().all(|c| indexed(*c)) {
            let w: String = pair.iter().map(|c| c.to_ascii_lowercase()).collect();
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

fn indexed(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_are_pairs_of_letters_digits_or_ideographs() {
        assert_eq!(bigrams("路灯坏"), ["路灯", "灯坏"]);
        assert_eq!(bigrams("Ab1"), ["ab", "b1"]);
        assert!(bigrams("路").is_empty());
        assert_eq!(bigrams("a-b路灯"), ["b路", "路灯"]);
        assert_eq!(bigrams("灯灯灯"), ["灯灯"]);
        assert!(bigrams("，。").is_empty());
    }
}
