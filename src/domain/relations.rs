//! Plausibility of a member's relation to the head of household, from the
//! gender and birth date (both read from resident IDs). Real households
//! hold surprises (a late marriage, an adopted child), so these are
//! warnings the clerk confirms, never refusals (README "Register rules").

use super::ids::{Gender, age_on};
use chrono::NaiveDate;

/// A child (子/女) is at least this many years younger than the head.
pub const MIN_CHILD_GAP: i32 = 15;
/// A child's spouse (儿媳/女婿) is at least this many years younger.
pub const MIN_CHILD_IN_LAW_GAP: i32 = 10;
/// A grandchild (孙子/孙女) is at least this many years younger.
pub const MIN_GRANDCHILD_GAP: i32 = 30;
/// A parent (父亲/母亲) is at least this many years older.
pub const MIN_PARENT_GAP: i32 = 15;
/// A grandparent is at least this many years older.
pub const MIN_GRANDPARENT_GAP: i32 = 30;
/// Youngest legal marriage age (women, Civil Code art. 1047).
pub const MIN_SPOUSE_AGE: i32 = 20;
/// Siblings further apart than this are worth a second look.
pub const MAX_SIBLING_GAP: i32 = 25;

/// What the register knows about a person; `None` when there is no ID.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    pub gender: Option<Gender>,
    pub birth: Option<NaiveDate>,
}

impl Facts {
    /// From the stored `persons.gender` ("M"/"F") and `birth_date` text.
    pub fn from_stored(gender: Option<&str>, birth: Option<&str>) -> Facts {
        Facts {
            gender: match gender {
                Some("M") => Some(Gender::Male),
                Some("F") => Some(Gender::Female),
                _ => None,
            },
            birth: birth.and_then(|b| NaiveDate::parse_from_str(b.get(..10)?, "%Y-%m-%d").ok()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelationWarning {
    /// 子/女/儿媳/女婿/孙子/孙女 not `min` years younger than the head
    /// (ages today shown, as clerks compare ages, not birth dates).
    TooLittleYounger {
        relation: String,
        min: i32,
        age: i32,
        head_age: i32,
    },
    /// 父亲/母亲/祖父... not `min` years older than the head.
    TooLittleOlder {
        relation: String,
        min: i32,
        age: i32,
        head_age: i32,
    },
    /// The relation names the other gender (子 for a woman).
    Gender {
        relation: String,
        gender: Gender,
    },
    SpouseSameGender,
    SpouseMinor {
        min_age: i32,
    },
    SiblingGap {
        gap: i32,
    },
}

/// The relation's gender, if it has one.
fn gender_of(relation: &str) -> Option<Gender> {
    match relation {
        "子" | "女婿" | "孙子" | "外孙" | "父亲" | "祖父" | "外祖父" => Some(Gender::Male),
        "女" | "儿媳" | "孙女" | "外孙女" | "母亲" | "祖母" | "外祖母" => Some(Gender::Female),
        _ => None,
    }
}

/// Whole years `later` was born after `earlier` (negative when before).
fn years_between(earlier: NaiveDate, later: NaiveDate) -> i32 {
    if later >= earlier {
        age_on(earlier, later)
    } else {
        -age_on(later, earlier)
    }
}

/// Warnings for adding `member` as `relation` of a household whose head is
/// `head`, on `today`. Empty when plausible or when the facts are unknown.
pub fn check(relation: &str, member: Facts, head: Facts, today: NaiveDate) -> Vec<RelationWarning> {
    let mut out = Vec::new();
    if let (Some(expected), Some(actual)) = (gender_of(relation), member.gender)
        && expected != actual
    {
        out.push(RelationWarning::Gender {
            relation: relation.to_string(),
            gender: actual,
        });
    }
    if relation == "配偶" {
        if let (Some(m), Some(h)) = (member.gender, head.gender)
            && m == h
        {
            out.push(RelationWarning::SpouseSameGender);
        }
        if let Some(b) = member.birth
            && age_on(b, today) < MIN_SPOUSE_AGE
        {
            out.push(RelationWarning::SpouseMinor {
                min_age: MIN_SPOUSE_AGE,
            });
        }
    }
    let (Some(mb), Some(hb)) = (member.birth, head.birth) else {
        return out;
    };
    // How much younger than the head the member is.
    let younger = years_between(hb, mb);
    let (age, head_age) = (age_on(mb, today), age_on(hb, today));
    let younger_by = |min: i32| RelationWarning::TooLittleYounger {
        relation: relation.to_string(),
        min,
        age,
        head_age,
    };
    let older_by = |min: i32| RelationWarning::TooLittleOlder {
        relation: relation.to_string(),
        min,
        age,
        head_age,
    };
    match relation {
        "子" | "女" if younger < MIN_CHILD_GAP => out.push(younger_by(MIN_CHILD_GAP)),
        "儿媳" | "女婿" if younger < MIN_CHILD_IN_LAW_GAP => out.push(younger_by(MIN_CHILD_IN_LAW_GAP)),
        "孙子" | "孙女" | "外孙" | "外孙女" if younger < MIN_GRANDCHILD_GAP => {
            out.push(younger_by(MIN_GRANDCHILD_GAP))
        }
        "父亲" | "母亲" if -younger < MIN_PARENT_GAP => out.push(older_by(MIN_PARENT_GAP)),
        "祖父" | "祖母" | "外祖父" | "外祖母" if -younger < MIN_GRANDPARENT_GAP => {
            out.push(older_by(MIN_GRANDPARENT_GAP))
        }
        "兄弟姐妹" if younger.abs() > MAX_SIBLING_GAP => {
            out.push(RelationWarning::SiblingGap { gap: younger.abs() })
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 30)
    }

    fn p(gender: Gender, birth: NaiveDate) -> Facts {
        Facts {
            gender: Some(gender),
            birth: Some(birth),
        }
    }

    use Gender::{Female as F, Male as M};

    #[test]
    fn a_76_year_old_woman_as_son_of_an_89_year_old_head_warns_twice() {
        // Finding 11.
        let head = p(M, d(1937, 5, 1));
        let member = p(F, d(1950, 3, 1));
        let w = check("子", member, head, today());
        assert_eq!(
            w,
            vec![
                RelationWarning::Gender {
                    relation: "子".into(),
                    gender: F
                },
                RelationWarning::TooLittleYounger {
                    relation: "子".into(),
                    min: 15,
                    age: 76,
                    head_age: 89
                },
            ]
        );
        // As 女 only the age gap remains; as 配偶 nothing (opposite gender, adult).
        assert_eq!(check("女", member, head, today()).len(), 1);
        assert!(check("配偶", member, head, today()).is_empty());
    }

    #[test]
    fn plausible_relations_do_not_warn() {
        let head = p(M, d(1970, 6, 1));
        assert!(check("子", p(M, d(1995, 1, 1)), head, today()).is_empty());
        assert!(check("女", p(F, d(1985, 6, 1)), head, today()).is_empty());
        assert!(check("配偶", p(F, d(1972, 1, 1)), head, today()).is_empty());
        assert!(check("母亲", p(F, d(1945, 1, 1)), head, today()).is_empty());
        assert!(check("孙子", p(M, d(2015, 1, 1)), head, today()).is_empty());
        assert!(check("儿媳", p(F, d(1996, 1, 1)), head, today()).is_empty());
        assert!(check("兄弟姐妹", p(F, d(1975, 1, 1)), head, today()).is_empty());
        assert!(check("其他", p(F, d(1930, 1, 1)), head, today()).is_empty());
    }

    #[test]
    fn implausible_relations_warn() {
        let head = p(M, d(1970, 6, 1));
        // Exactly 15 years younger is fine, 14 is not.
        assert!(check("子", p(M, d(1985, 6, 1)), head, today()).is_empty());
        assert_eq!(check("子", p(M, d(1985, 5, 31)), head, today()).len(), 1);
        assert_eq!(
            check("配偶", p(M, d(1970, 1, 1)), head, today()),
            vec![RelationWarning::SpouseSameGender]
        );
        assert_eq!(
            check("配偶", p(F, d(2010, 1, 1)), head, today()),
            vec![RelationWarning::SpouseMinor { min_age: 20 }]
        );
        assert_eq!(
            check("父亲", p(M, d(1980, 1, 1)), head, today()),
            vec![RelationWarning::TooLittleOlder {
                relation: "父亲".into(),
                min: 15,
                age: 46,
                head_age: 56
            }]
        );
        assert_eq!(check("母亲", p(M, d(1940, 1, 1)), head, today()).len(), 1);
        assert_eq!(check("孙女", p(F, d(1990, 1, 1)), head, today()).len(), 1);
        assert_eq!(
            check("兄弟姐妹", p(M, d(2000, 1, 1)), head, today()),
            vec![RelationWarning::SiblingGap { gap: 29 }]
        );
    }

    #[test]
    fn unknown_facts_give_no_age_or_gender_warnings() {
        let none = Facts::default();
        let head = p(M, d(1937, 5, 1));
        assert!(check("子", none, head, today()).is_empty());
        assert!(check("子", p(M, d(1990, 1, 1)), none, today()).is_empty());
        // Gender alone is still checked.
        let only_gender = Facts {
            gender: Some(F),
            birth: None,
        };
        assert_eq!(check("子", only_gender, none, today()).len(), 1);
    }

    #[test]
    fn stored_facts_are_read() {
        let f = Facts::from_stored(Some("F"), Some("1950-03-01"));
        assert_eq!(f, p(F, d(1950, 3, 1)));
        assert_eq!(Facts::from_stored(Some("?"), Some("bad")), Facts::default());
    }
}
