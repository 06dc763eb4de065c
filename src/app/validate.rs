//! The validators every form shares (required, number in range, resident
//! ID, phone, date, date and time) and [`FieldErrors`], what a form's
//! `validate` returns when its input is not yet right. Each form type reads
//! its fields once and validates them into the operation it saves
//! (README, Architecture: "Typed forms").

use crate::domain::ids::{ContactPhone, ContactPhoneError, Phone, ResidentId};
use crate::text::i18n::{self, Lang, fill, texts};
use chrono::{NaiveDate, NaiveDateTime};
use std::ops::RangeInclusive;

/// Problems with a form's input: a sentence per field key, and one for the
/// whole form (a warning to confirm, a conflict).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors {
    pub fields: Vec<(&'static str, String)>,
    pub form: Option<String>,
}

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_none()
    }

    pub fn add(&mut self, key: &'static str, message: String) {
        self.fields.push((key, message));
    }

    /// The sentence for `key`, if that field is wrong.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, m)| m.as_str())
    }

    /// A whole-form message only (no field is wrong).
    pub fn whole(message: String) -> FieldErrors {
        FieldErrors {
            fields: Vec::new(),
            form: Some(message),
        }
    }
}

/// Runs the shared validators over one form's values, collecting every
/// problem (not only the first), in the user's language.
pub struct Check {
    pub lang: Lang,
    pub today: NaiveDate,
    pub errors: FieldErrors,
}

impl Check {
    pub fn new(lang: Lang, today: NaiveDate) -> Check {
        Check {
            lang,
            today,
            errors: FieldErrors::default(),
        }
    }

    pub fn fail(&mut self, key: &'static str, message: String) {
        self.errors.add(key, message);
    }

    /// The trimmed text; an empty one is an error.
    pub fn required(&mut self, key: &'static str, value: &str) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.fail(key, texts(self.lang).form.required.clone());
        }
        v.to_string()
    }

    /// A whole number in `range` (inclusive).
    pub fn number_in(&mut self, key: &'static str, value: &str, range: RangeInclusive<i64>) -> i64 {
        match value.trim().parse::<i64>() {
            Ok(n) if range.contains(&n) => n,
            _ => {
                let msg = fill(
                    &texts(self.lang).forms.number,
                    &[("min", range.start()), ("max", range.end())],
                );
                self.fail(key, msg);
                *range.start()
            }
        }
    }

    /// A resident ID, optional: empty is `None` without an error.
    pub fn resident_id(&mut self, key: &'static str, value: &str) -> Option<ResidentId> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match ResidentId::parse(v, self.today) {
            Ok(id) => Some(id),
            Err(e) => {
                self.fail(key, i18n::id_error(self.lang, &e));
                None
            }
        }
    }

    /// A resident's own mobile number, optional: empty is `None`.
    pub fn mobile(&mut self, key: &'static str, value: &str) -> Option<String> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match Phone::parse(v) {
            Ok(p) => Some(p.as_str().to_string()),
            Err(e) => {
                self.fail(key, i18n::phone_error(self.lang, &e));
                None
            }
        }
    }

    /// A caller's number (mobile, landline or service number), required.
    /// The error names the forms that are accepted.
    pub fn contact_phone(&mut self, key: &'static str, value: &str) -> Option<String> {
        let v = value.trim();
        let f = &texts(self.lang).forms;
        if v.is_empty() {
            self.fail(key, fill(&f.phone_missing, &[("expected", &f.phone_expected)]));
            return None;
        }
        match ContactPhone::parse(v) {
            Ok(p) => Some(p.as_str().to_string()),
            Err(ContactPhoneError::NonDigit) => {
                self.fail(key, fill(&f.phone_signs, &[("expected", &f.phone_expected)]));
                None
            }
            Err(ContactPhoneError::Unrecognised) => {
                self.fail(key, fill(&f.phone_unknown, &[("expected", &f.phone_expected)]));
                None
            }
        }
    }

    /// A date as `2026-12-31`, required.
    pub fn date(&mut self, key: &'static str, value: &str) -> Option<NaiveDate> {
        let d = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok();
        if d.is_none() {
            self.fail(key, texts(self.lang).forms.date.clone());
        }
        d
    }

    /// A date as `2026-12-31`, or nothing when empty.
    pub fn optional_date(&mut self, key: &'static str, value: &str) -> Option<NaiveDate> {
        if value.trim().is_empty() {
            return None;
        }
        self.date(key, value)
    }

    /// A date and time as `2026-12-01 14:30`, required.
    pub fn datetime(&mut self, key: &'static str, value: &str) -> Option<NaiveDateTime> {
        let d = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%d %H:%M").ok();
        if d.is_none() {
            self.fail(key, texts(self.lang).forms.datetime.clone());
        }
        d
    }

    /// A choice's code read by `parse`, optional: empty is `None` without an
    /// error; a code `parse` does not know (a hand-edited option list) is one.
    pub fn option<T>(&mut self, key: &'static str, value: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        if value.is_empty() {
            return None;
        }
        let v = parse(value);
        if v.is_none() {
            self.fail(key, texts(self.lang).forms.not_an_option.clone());
        }
        v
    }

    /// `op` when nothing was wrong, else every problem found.
    pub fn finish<T>(self, op: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.errors.is_empty() {
            Ok(op())
        } else {
            Err(self.errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> Check {
        Check::new(Lang::Zh, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
    }

    #[test]
    fn every_problem_is_collected() {
        let mut c = check();
        assert_eq!(c.required("title", "  "), "");
        assert_eq!(c.number_in("length", "5", 15..=600), 15);
        assert_eq!(c.datetime("starts_at", "明天"), None);
        assert_eq!(c.mobile("phone", ""), None);
        let e = c.finish(|| ()).unwrap_err();
        assert_eq!(
            e.fields.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            ["title", "length", "starts_at"]
        );
        assert!(e.get("length").unwrap().contains("15"));
    }

    #[test]
    fn contact_phone_says_which_forms_are_accepted() {
        let mut c = check();
        assert_eq!(c.contact_phone("p", "0575-88001234").as_deref(), Some("0575-88001234"));
        assert_eq!(c.contact_phone("p", "12345").as_deref(), Some("12345"));
        assert_eq!(c.contact_phone("p", "1381234"), None);
        let e = c.finish(|| ()).unwrap_err();
        let msg = e.get("p").unwrap();
        assert!(msg.contains("0575-88001234") && msg.contains("12345"), "{msg}");
    }

    #[test]
    fn an_option_is_empty_or_a_known_code() {
        let mut c = check();
        assert_eq!(c.option("n", "", |s| s.parse::<i64>().ok()), None);
        assert_eq!(c.option("n", "12", |s| s.parse::<i64>().ok()), Some(12));
        assert!(c.errors.is_empty());
        assert_eq!(c.option("n", "twelve", |s| s.parse::<i64>().ok()), None);
        assert_eq!(
            c.finish(|| ()).unwrap_err().get("n"),
            Some("不是可选的一项，请从列表里选")
        );
    }

    #[test]
    fn valid_input_gives_the_operation() {
        let mut c = check();
        let n = c.number_in("n", " 42 ", 0..=100);
        let d = c.optional_date("d", "");
        assert_eq!(c.finish(|| (n, d)), Ok((42, None)));
    }
}
