//! The digit oracle (README "Accounts and privacy"): for a user who may not
//! reveal, a lookup matches digits only where the mask shows them, or a
//! whole number typed in full. Two persons whose IDs and phones differ only
//! in hidden digits must answer every other query alike, so no sequence of
//! queries uncovers a hidden digit.

use minqing::search::{Entry, Hit, Index, Searcher};
use proptest::prelude::*;

fn person(id: i64, household: i64, resident_id: &str, phone: &str) -> Entry {
    Entry {
        person_id: Some(id),
        household_id: household,
        name: "张三".into(),
        relation: "户主".into(),
        resident_id: resident_id.into(),
        phone: phone.into(),
        household_phone: phone.into(),
        address: "青山村1组1号".into(),
        village: "青山村".into(),
        ..Entry::default()
    }
}

fn masked_search(ix: &Index, query: &str) -> Vec<Hit> {
    let mut s = Searcher::new();
    s.set_masked(true);
    s.search(ix, query, 50)
}

/// `value` with the characters in `hidden` (a range of positions) replaced
/// by `digits`.
fn with_hidden(value: &str, hidden: std::ops::Range<usize>, digits: &str) -> String {
    let mut out: Vec<char> = value.chars().collect();
    for (slot, d) in out[hidden].iter_mut().zip(digits.chars()) {
        *slot = d;
    }
    out.into_iter().collect()
}

#[test]
fn hidden_digits_do_not_match_but_shown_ones_and_whole_numbers_do() {
    let ix = Index::build(vec![person(1, 1, "330602199001011234", "13812348000")]);
    let found = |q: &str| !masked_search(&ix, q).is_empty();
    // Shown: the first 6 and last 4 of the ID, first 3 and last 4 of the phone.
    for q in ["3306", "330602", "1234", "138", "8000", "000"] {
        assert!(found(q), "{q} is shown");
    }
    // Hidden (or spanning hidden digits): never.
    for q in ["19900101", "3306021", "01011234", "1381", "2348000", "1990"] {
        assert!(!found(q), "{q} touches hidden digits");
    }
    // The whole number, typed in full, matches and is flagged for the audit.
    for q in ["330602199001011234", "13812348000"] {
        let hits = masked_search(&ix, q);
        assert_eq!(hits.len(), 1, "{q}");
        assert!(hits[0].full_number, "{q}");
    }
    assert!(!masked_search(&ix, "8000")[0].full_number);
}

#[test]
fn a_user_who_may_reveal_still_finds_inner_digits() {
    let ix = Index::build(vec![person(1, 1, "330602199001011234", "13812348000")]);
    assert_eq!(Searcher::new().search(&ix, "19900101", 50).len(), 1);
}

#[test]
fn digits_typed_one_by_one_up_to_a_whole_number_find_it_at_the_end() {
    // Masked matching is not monotonic; the searcher must not refine the
    // whole number from its prefixes' (smaller) result.
    let ix = Index::build(vec![person(1, 1, "330602199001011234", "13812348000")]);
    let mut s = Searcher::new();
    s.set_masked(true);
    let id = "330602199001011234";
    let mut last = Vec::new();
    for n in 1..=id.len() {
        last = s.search(&ix, &id[..n], 50);
    }
    assert_eq!(last.len(), 1);
}

proptest! {
    #[test]
    fn no_query_tells_hidden_digits_apart(
        id_hidden_a in "[0-9]{8}",
        id_hidden_b in "[0-9]{8}",
        phone_hidden_a in "[0-9]{4}",
        phone_hidden_b in "[0-9]{4}",
        queries in prop::collection::vec("[0-9]{1,11}|[0-9]{12,17}X?", 1..12),
        pick in prop::collection::vec((0usize..4, 0usize..18, 1usize..19), 0..8),
    ) {
        let id = "330602199001011234";
        let phone = "13812348000";
        let a_id = with_hidden(id, 6..14, &id_hidden_a);
        let b_id = with_hidden(id, 6..14, &id_hidden_b);
        let a_phone = with_hidden(phone, 3..7, &phone_hidden_a);
        let b_phone = with_hidden(phone, 3..7, &phone_hidden_b);
        let ix = Index::build(vec![
            person(1, 1, &a_id, &a_phone),
            person(2, 2, &b_id, &b_phone),
        ]);
        // Random digit strings, and pieces cut from the real values (the
        // queries an attacker extending a known prefix would type).
        let values = [&a_id, &b_id, &a_phone, &b_phone];
        let mut all: Vec<String> = queries;
        for (v, from, len) in pick {
            let v = values[v];
            let from = from.min(v.len() - 1);
            all.push(v[from..(from + len).min(v.len())].to_string());
        }
        let whole = [a_id.as_str(), b_id.as_str(), a_phone.as_str(), b_phone.as_str()];
        let mut s = Searcher::new();
        s.set_masked(true);
        for q in all {
            if whole.contains(&q.as_str()) {
                continue; // a whole number may match (and is audited)
            }
            let hits = s.search(&ix, &q, 50);
            let score = |pid: i64| hits.iter().find(|h| h.person_id == Some(pid)).map(|h| h.score);
            prop_assert_eq!(score(1), score(2), "query {} told the hidden digits apart", q);
        }
    }
}
