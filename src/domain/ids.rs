//! Resident ID numbers (居民身份证号码, GB 11643) and mainland mobile phone
//! numbers: validation, normalisation and masked display.
//!
//! Errors are enums; the UI translates them. `Display` is the English form
//! for logs and the CLI.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// Weights of the first 17 digits in the GB 11643 checksum.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each value of (weighted sum mod 11).
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// The value stored in `persons.gender`.
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Neither 18 (current) nor 15 (legacy) characters; holds the count.
    Length(usize),
    /// A character other than a digit (or a final X) was found.
    NonDigit,
    /// The birth date part is not a real calendar date.
    BadDate,
    /// The birth date lies after today.
    FutureDate,
    /// The check character does not match the first 17 digits.
    Checksum { expected: char, found: char },
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Length(n) => write!(f, "a resident ID has 18 characters (or 15), not {n}"),
            IdError::NonDigit => write!(f, "a resident ID has only digits and a final X"),
            IdError::BadDate => write!(f, "the birth date in the resident ID does not exist"),
            IdError::FutureDate => write!(f, "the birth date in the resident ID is in the future"),
            IdError::Checksum { expected, found } => write!(
                f,
                "the check character is {found} but should be {expected}; a digit is mistyped"
            ),
        }
    }
}

impl std::error::Error for IdError {}

/// Full-width digits, Ｘ/ｘ, ＋, －, and the ideographic space, as a Chinese
/// input method in full-width mode types them, read as their ASCII forms;
/// everything else is kept (and refused by the parser if it does not fit).
pub fn normalize_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ｘ' | 'ｘ' | '＋' | '－' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// A valid 18-character resident ID, upper-case X, legacy numbers upgraded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResidentId {
    text: String,
    birth_date: NaiveDate,
}

impl ResidentId {
    /// Validates and normalises `input` (surrounding spaces ignored, a
    /// lower-case x and full-width digits accepted, 15-digit legacy numbers
    /// upgraded to 18).
    pub fn parse(input: &str, today: NaiveDate) -> Result<ResidentId, IdError> {
        // Most IDs are typed half-width: no copy for them (a register import
        // parses one a row, README "Performance").
        let input = if input.is_ascii() {
            std::borrow::Cow::Borrowed(input)
        } else {
            std::borrow::Cow::Owned(normalize_width(input))
        };
        let s = input.trim();
        let n = s.chars().count();
        if !s.is_ascii() {
            // Hanzi or other symbols: wrong characters if the count fits.
            return Err(if n == 18 || n == 15 {
                IdError::NonDigit
            } else {
                IdError::Length(n)
            });
        }
        let first17: std::borrow::Cow<str> = match n {
            18 => {
                let (body, last) = s.split_at(17);
                if !body.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(IdError::NonDigit);
                }
                let last = last.as_bytes()[0].to_ascii_uppercase();
                if !(last.is_ascii_digit() || last == b'X') {
                    return Err(IdError::NonDigit);
                }
                body.into()
            }
            15 => {
                if !s.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(IdError::NonDigit);
                }
                // Legacy numbers carry a two-digit year of the 1900s.
                format!("{}19{}", &s[..6], &s[6..]).into()
            }
            _ => return Err(IdError::Length(n)),
        };
        let birth_date = birth_date_of(&first17).ok_or(IdError::BadDate)?;
        if birth_date > today {
            return Err(IdError::FutureDate);
        }
        let expected = check_digit(&first17).ok_or(IdError::NonDigit)?;
        let text = if n == 18 {
            let found = char::from(s.as_bytes()[17].to_ascii_uppercase());
            if found != expected {
                return Err(IdError::Checksum { expected, found });
            }
            format!("{first17}{found}")
        } else {
            format!("{first17}{expected}")
        };
        Ok(ResidentId { text, birth_date })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// The 17th digit (sequence code) is odd for men, even for women.
    pub fn gender(&self) -> Gender {
        let d = self.text.as_bytes()[16] - b'0';
        if d % 2 == 1 { Gender::Male } else { Gender::Female }
    }

    /// The 6-digit administrative division code where the ID was issued.
    pub fn region(&self) -> &str {
        &self.text[..6]
    }

    /// Age in whole years on `day`.
    pub fn age_on(&self, day: NaiveDate) -> i32 {
        age_on(self.birth_date, day)
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whole years between `birth` and `day`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// The GB 11643 check character for the first 17 digits; `None` unless
/// `first17` is exactly 17 ASCII digits.
pub fn check_digit(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes.iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// Birth date at positions 7–14 (YYYYMMDD) of 17 digits.
fn birth_date_of(first17: &str) -> Option<NaiveDate> {
    let y: i32 = first17.get(6..10)?.parse().ok()?;
    let m: u32 = first17.get(10..12)?.parse().ok()?;
    let d: u32 = first17.get(12..14)?.parse().ok()?;
    // Nobody alive was born before 1900; older dates are typos.
    if y < 1900 {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    /// Not 11 digits after removing separators and the country code.
    Length(usize),
    NonDigit,
    /// 11 digits, but not a mainland mobile prefix (1[3-9]).
    NotMobile,
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::Length(n) => write!(f, "a mobile number has 11 digits, not {n}"),
            PhoneError::NonDigit => write!(f, "a mobile number has only digits"),
            PhoneError::NotMobile => write!(f, "a mobile number starts with 13 to 19"),
        }
    }
}

impl std::error::Error for PhoneError {}

/// A mainland mobile number, stored as 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Accepts spaces and dashes as separators and a +86 / 0086 / 86 prefix.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let s: String = normalize_width(input)
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let s = s
            .strip_prefix("+86")
            .or_else(|| s.strip_prefix("0086"))
            // A bare 86 is a prefix only when 11 digits follow it.
            .or_else(|| s.strip_prefix("86").filter(|rest| rest.len() == 11))
            .unwrap_or(&s);
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(PhoneError::NonDigit);
        }
        if s.len() != 11 {
            return Err(PhoneError::Length(s.len()));
        }
        let b = s.as_bytes();
        if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(PhoneError::NotMobile);
        }
        Ok(Phone(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of number a contact phone is (see [`ContactPhone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    Mobile,
    /// Area code and local number, stored as `0575-88001234`.
    Landline,
    /// A short or nationwide service number: 12345, 95588, 400-/800-.
    Service,
}

/// A number a caller can be reached at: a mobile, a landline (area code
/// and number, with or without a dash) or a service number. Outside
/// callers ring from all three; residents' own phones stay [`Phone`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContactPhone {
    stored: String,
    kind: PhoneKind,
}

/// Why a contact phone was refused; every case is answered with the forms
/// that are accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactPhoneError {
    /// Letters or other signs besides digits, spaces, dashes and brackets.
    NonDigit,
    /// Digits, but in none of the accepted forms.
    Unrecognised,
}

impl ContactPhone {
    /// Mobiles as in [`Phone::parse`]; landlines `0575-88001234`,
    /// `057588001234`, `(0575)88001234`, `010-12345678`; service numbers of
    /// 3 to 5 digits starting with 1 or 9 (`12345`, `95588`) and ten-digit
    /// 400/800 numbers.
    pub fn parse(input: &str) -> Result<ContactPhone, ContactPhoneError> {
        if let Ok(p) = Phone::parse(input) {
            return Ok(ContactPhone {
                stored: p.0,
                kind: PhoneKind::Mobile,
            });
        }
        let s: String = normalize_width(input)
            .chars()
            .filter(|c| !matches!(c, ' ' | '(' | ')' | '（' | '）'))
            .collect();
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '-') || s.matches('-').count() > 2 {
            return Err(ContactPhoneError::NonDigit);
        }
        let digits: String = s.chars().filter(|c| *c != '-').collect();
        let found = |stored: String, kind| Ok(ContactPhone { stored, kind });
        if (digits.starts_with("400") || digits.starts_with("800")) && digits.len() == 10 {
            return found(digits, PhoneKind::Service);
        }
        if (3..=5).contains(&digits.len()) && (digits.starts_with('1') || digits.starts_with('9')) {
            return found(digits, PhoneKind::Service);
        }
        if let Some(area) = area_code(&digits) {
            let local = &digits[area..];
            if (7..=8).contains(&local.len()) && !local.starts_with('0') && !local.starts_with('1') {
                // A typed dash must sit after the area code.
                let dash_ok = match s.split_once('-') {
                    None => true,
                    Some((a, _)) => a.len() == area && s.matches('-').count() == 1,
                };
                if dash_ok {
                    return found(format!("{}-{local}", &digits[..area]), PhoneKind::Landline);
                }
            }
        }
        Err(ContactPhoneError::Unrecognised)
    }

    pub fn as_str(&self) -> &str {
        &self.stored
    }

    pub fn kind(&self) -> PhoneKind {
        self.kind
    }
}

/// The length of the area code a landline number starts with: 010 and
/// 020-029 have three digits, the other area codes four.
fn area_code(digits: &str) -> Option<usize> {
    let b = digits.as_bytes();
    if b.len() < 3 || b[0] != b'0' || b[1] == b'0' {
        return None;
    }
    Some(if b[1] == b'1' || b[1] == b'2' { 3 } else { 4 })
}

/// `110105********002X`: first 6 and last 4 shown. Anything shorter than a
/// legacy ID (a stored typo) shows only its last 2 characters.
pub fn mask_resident_id(stored: &str) -> String {
    let chars: Vec<char> = stored.trim().chars().collect();
    let (head, tail) = resident_id_shown(chars.len());
    mask_chars(&chars, head, tail)
}

/// How many leading and trailing characters of a resident ID of `len`
/// characters the mask shows. The lookup matches digits of a user who may
/// not reveal only inside these (README "Accounts and privacy").
pub fn resident_id_shown(len: usize) -> (usize, usize) {
    shown(len, if len >= 15 { (6, 4) } else { (0, 2) })
}

/// As [`resident_id_shown`], for a phone number.
pub fn phone_shown(len: usize) -> (usize, usize) {
    shown(len, if len == 11 { (3, 4) } else { (0, 2) })
}

/// A value too short to hide anything is starred completely.
fn shown(len: usize, (head, tail): (usize, usize)) -> (usize, usize) {
    if len <= head + tail { (0, 0) } else { (head, tail) }
}

/// `138****8000`: first 3 and last 4 of a mobile number shown; other stored
/// values (landlines, typos) show only their last 2 characters.
pub fn mask_phone(stored: &str) -> String {
    let chars: Vec<char> = stored.trim().chars().collect();
    let (head, tail) = phone_shown(chars.len());
    mask_chars(&chars, head, tail)
}

/// Keeps `head` leading and `tail` trailing chars, stars for the rest.
fn mask_chars(chars: &[char], head: usize, tail: usize) -> String {
    let hidden = chars.len() - head - tail;
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(hidden));
    out.extend(&chars[chars.len() - tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_digit(first17).unwrap())
    }

    #[test]
    fn standard_vector_is_valid() {
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.region(), "110105");
        assert_eq!(id.age_on(today()), 76);
    }

    #[test]
    fn lower_case_x_and_spaces_are_normalised() {
        let id = ResidentId::parse(" 11010519491231002x ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn wrong_check_digit_is_reported() {
        assert_eq!(
            ResidentId::parse("110101199003071234", today()),
            Err(IdError::Checksum {
                expected: check_digit("11010119900307123").unwrap(),
                found: '4'
            })
        );
        assert_eq!(
            ResidentId::parse("110105194912310021", today()),
            Err(IdError::Checksum {
                expected: 'X',
                found: '1'
            })
        );
    }

    #[test]
    fn known_check_digits() {
        assert_eq!(check_digit("11010519491231002"), Some('X'));
        assert_eq!(check_digit("1101051949123100"), None);
        assert_eq!(check_digit("1101051949123100a"), None);
    }

    #[test]
    fn length_and_characters() {
        assert_eq!(ResidentId::parse("", today()), Err(IdError::Length(0)));
        assert_eq!(ResidentId::parse("1101051949123100", today()), Err(IdError::Length(16)));
        assert_eq!(ResidentId::parse("1101051949123100AX", today()), Err(IdError::NonDigit));
        assert_eq!(ResidentId::parse("11010519491231002Y", today()), Err(IdError::NonDigit));
        assert_eq!(
            ResidentId::parse("一一010519491231002X", today()),
            Err(IdError::NonDigit)
        );
        assert_eq!(ResidentId::parse("11010549123100X", today()), Err(IdError::NonDigit));
    }

    #[test]
    fn legacy_15_digit_id_is_upgraded() {
        // 110105491231002 is the legacy form of 11010519491231002X.
        let id = ResidentId::parse("110105491231002", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.gender(), Gender::Female);
        let id = ResidentId::parse("330621750315123", today()).unwrap();
        assert_eq!(id.as_str(), with_check("33062119750315123"));
        assert_eq!(id.gender(), Gender::Male);
        assert_eq!(ResidentId::parse("330621751315123", today()), Err(IdError::BadDate));
    }

    #[test]
    fn leap_day_only_in_leap_years() {
        assert!(ResidentId::parse(&with_check("33060220000229001"), today()).is_ok());
        assert!(ResidentId::parse(&with_check("33060219960229001"), today()).is_ok());
        assert_eq!(
            ResidentId::parse(&with_check("33060219000229001"), today()),
            Err(IdError::BadDate)
        );
        assert_eq!(
            ResidentId::parse(&with_check("33060220230229001"), today()),
            Err(IdError::BadDate)
        );
    }

    #[test]
    fn impossible_and_future_dates() {
        assert_eq!(
            ResidentId::parse(&with_check("33060219901301001"), today()),
            Err(IdError::BadDate)
        );
        assert_eq!(
            ResidentId::parse(&with_check("33060219900431001"), today()),
            Err(IdError::BadDate)
        );
        assert_eq!(
            ResidentId::parse(&with_check("33060218991231001"), today()),
            Err(IdError::BadDate)
        );
        assert_eq!(
            ResidentId::parse(&with_check("33060220261127001"), today()),
            Err(IdError::FutureDate)
        );
        assert!(ResidentId::parse(&with_check("33060220261126001"), today()).is_ok());
    }

    #[test]
    fn phone_numbers() {
        let ok = |s: &str| Phone::parse(s).map(|p| p.as_str().to_string());
        assert_eq!(ok("13812348000"), Ok("13812348000".into()));
        assert_eq!(ok("138 1234 8000"), Ok("13812348000".into()));
        assert_eq!(ok("138-1234-8000"), Ok("13812348000".into()));
        assert_eq!(ok("+86 138 1234 8000"), Ok("13812348000".into()));
        assert_eq!(ok("0086-13812348000"), Ok("13812348000".into()));
        assert_eq!(ok("8613812348000"), Ok("13812348000".into()));
        assert_eq!(ok("19912348000"), Ok("19912348000".into()));
        assert_eq!(ok("12812348000"), Err(PhoneError::NotMobile));
        assert_eq!(ok("23812348000"), Err(PhoneError::NotMobile));
        assert_eq!(ok("1381234800"), Err(PhoneError::Length(10)));
        assert_eq!(ok("0575-85123456"), Err(PhoneError::Length(11 + 1)));
        assert_eq!(ok("138a2348000"), Err(PhoneError::NonDigit));
        assert_eq!(ok("１３８a２３４８０００"), Err(PhoneError::NonDigit));
        assert_eq!(ok(""), Err(PhoneError::Length(0)));
    }

    #[test]
    fn contact_phones_accept_mobiles_landlines_and_service_numbers() {
        let ok = |s: &str| ContactPhone::parse(s).map(|p| (p.as_str().to_string(), p.kind()));
        assert_eq!(ok("138 1234 8000"), Ok(("13812348000".into(), PhoneKind::Mobile)));
        assert_eq!(ok("0575-88001234"), Ok(("0575-88001234".into(), PhoneKind::Landline)));
        assert_eq!(ok("057588001234"), Ok(("0575-88001234".into(), PhoneKind::Landline)));
        assert_eq!(ok("(0575)8800123"), Ok(("0575-8800123".into(), PhoneKind::Landline)));
        assert_eq!(
            ok("010-12345678"),
            Err(ContactPhoneError::Unrecognised),
            "local numbers never start with 1"
        );
        assert_eq!(ok("010-62345678"), Ok(("010-62345678".into(), PhoneKind::Landline)));
        assert_eq!(ok("02162345678"), Ok(("021-62345678".into(), PhoneKind::Landline)));
        assert_eq!(ok("１２３４５"), Ok(("12345".into(), PhoneKind::Service)));
        assert_eq!(ok("95588"), Ok(("95588".into(), PhoneKind::Service)));
        assert_eq!(ok("400-812-3123"), Ok(("4008123123".into(), PhoneKind::Service)));
        assert_eq!(ok("05758-8001234"), Err(ContactPhoneError::Unrecognised));
        assert_eq!(ok("1381234800"), Err(ContactPhoneError::Unrecognised));
        assert_eq!(ok("0575-88ab"), Err(ContactPhoneError::NonDigit));
        assert_eq!(ok(""), Err(ContactPhoneError::NonDigit));
    }

    #[test]
    fn full_width_digits_and_x_are_normalised() {
        // Finding 11: a full-width input method types these.
        let id = ResidentId::parse("１１０１０５１９４９１２３１００２Ｘ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        let id = ResidentId::parse("\u{3000}１１０１０５１９４９１２３１００２ｘ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(
            ResidentId::parse("１１０１０５４９１２３１００２", today())
                .unwrap()
                .as_str(),
            "11010519491231002X"
        );
        let ok = |s: &str| Phone::parse(s).map(|p| p.as_str().to_string());
        assert_eq!(ok("１３８１２３４８０００"), Ok("13812348000".into()));
        assert_eq!(ok("＋８６\u{3000}１３８－１２３４－８０００"), Ok("13812348000".into()));
        // Other full-width letters are still wrong characters.
        assert_eq!(
            ResidentId::parse("１１０１０５１９４９１２３１００２Ｙ", today()),
            Err(IdError::NonDigit)
        );
    }

    #[test]
    fn masking() {
        assert_eq!(mask_resident_id("11010519491231002X"), "110105********002X");
        assert_eq!(mask_resident_id("110105491231002"), "110105*****1002");
        assert_eq!(mask_resident_id("12345"), "***45");
        assert_eq!(mask_resident_id("1"), "*");
        assert_eq!(mask_resident_id(""), "");
        assert_eq!(mask_resident_id("身份证号码未知"), "*****未知");
        assert_eq!(mask_phone("13812348000"), "138****8000");
        assert_eq!(mask_phone("85123456"), "******56");
        assert_eq!(mask_phone("12"), "**");
        assert_eq!(mask_phone("电话"), "**");
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = ResidentId::parse(&s, today());
            let _ = Phone::parse(&s);
            let _ = ContactPhone::parse(&s);
            let _ = mask_resident_id(&s);
            let _ = mask_phone(&s);
        }

        #[test]
        fn parse_never_panics_on_id_like_input(s in "[0-9xX一 ]{14,19}") {
            let _ = ResidentId::parse(&s, today());
        }

        #[test]
        fn valid_ids_round_trip(
            region in 110000u32..660000,
            days in 0i64..45_000,
            seq in 0u32..1000,
        ) {
            let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assume!(birth <= today());
            let first17 = format!("{region:06}{}{seq:03}", birth.format("%Y%m%d"));
            let text = with_check(&first17);
            let id = ResidentId::parse(&text, today()).unwrap();
            prop_assert_eq!(id.as_str(), text.as_str());
            prop_assert_eq!(id.birth_date(), birth);
            let male = seq % 2 == 1;
            prop_assert_eq!(id.gender() == Gender::Male, male);
            let lower = text.to_lowercase();
            prop_assert_eq!(ResidentId::parse(&lower, today()).unwrap(), id);
        }
    }
}
