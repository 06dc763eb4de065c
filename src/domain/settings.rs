//! The office's working settings a set-up screen may change (README
//! "Setting up an office"): each key with its bounds and default, so the
//! pane and the store refuse the same values.

use super::assessment::{DEFAULT_QUOTA_OVERNIGHT, DEFAULT_QUOTA_VILLAGE_VISITS, DEFAULT_SAMPLE_PER_GRID};

/// One numeric setting in the `settings` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberSetting {
    pub key: &'static str,
    pub min: u32,
    pub max: u32,
    pub default: u32,
}

/// Months after which a household record counts as stale.
pub const STALE_AFTER_MONTHS: NumberSetting = NumberSetting {
    key: "stale_after_months",
    min: 1,
    max: 60,
    default: 12,
};
/// Household visits per cadre per week (the "3/2" quota cells).
pub const QUOTA_VILLAGE_VISITS: NumberSetting = NumberSetting {
    key: "quota_village_visits_per_week",
    min: 0,
    max: 14,
    default: DEFAULT_QUOTA_VILLAGE_VISITS,
};
/// Overnight stays per cadre per week.
pub const QUOTA_OVERNIGHT: NumberSetting = NumberSetting {
    key: "quota_overnight_per_week",
    min: 0,
    max: 7,
    default: DEFAULT_QUOTA_OVERNIGHT,
};
/// Households drawn per grid for a new two-rates survey (the bound of
/// `store::surveys::create_campaign`).
pub const SURVEY_SAMPLE_PER_GRID: NumberSetting = NumberSetting {
    key: "survey_sample_per_grid",
    min: 1,
    max: 1000,
    default: DEFAULT_SAMPLE_PER_GRID as u32,
};
/// Minutes without a key before the screen locks (the login's idle lock
/// reads the same key and bounds).
pub const IDLE_LOCK_MINUTES: NumberSetting = NumberSetting {
    key: "idle_lock_minutes",
    min: 1,
    max: 60,
    default: 10,
};

/// The numeric settings the set-up pane edits, in the order it shows them.
pub const NUMBER_SETTINGS: [NumberSetting; 5] = [
    STALE_AFTER_MONTHS,
    QUOTA_VILLAGE_VISITS,
    QUOTA_OVERNIGHT,
    SURVEY_SAMPLE_PER_GRID,
    IDLE_LOCK_MINUTES,
];

/// The name a township has until the office names it.
pub const UNNAMED_TOWNSHIP: &str = "未命名乡镇";

/// Longest name of a village, group, grid, cadre, category or township.
pub const MAX_NAME_CHARS: usize = 40;

/// Largest map row or column of a grid (the map grows to fit).
pub const MAX_MAP_CELL: i64 = 40;

/// Highest 村民小组 number.
pub const MAX_GROUP_NUMBER: i64 = 99;

impl NumberSetting {
    /// The value typed, if it is a whole number within the bounds.
    pub fn parse(&self, text: &str) -> Option<u32> {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (self.min..=self.max).contains(n))
    }

    pub fn by_key(key: &str) -> Option<NumberSetting> {
        NUMBER_SETTINGS.iter().copied().find(|s| s.key == key)
    }
}

/// A name typed for a place, cadre or category: trimmed, not empty, not
/// longer than [`MAX_NAME_CHARS`].
pub fn clean_name(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty() && t.chars().count() <= MAX_NAME_CHARS).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_refuse_outside_values_and_defaults_lie_inside() {
        for s in NUMBER_SETTINGS {
            assert!((s.min..=s.max).contains(&s.default), "{s:?}");
            assert_eq!(s.parse(&s.max.to_string()), Some(s.max));
            assert_eq!(s.parse(&(s.max + 1).to_string()), None);
            assert_eq!(NumberSetting::by_key(s.key), Some(s));
        }
        assert_eq!(STALE_AFTER_MONTHS.parse("0"), None);
        assert_eq!(STALE_AFTER_MONTHS.parse(" 6 "), Some(6));
        assert_eq!(STALE_AFTER_MONTHS.parse("-1"), None);
        assert_eq!(STALE_AFTER_MONTHS.parse("abc"), None);
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(clean_name("  青山村 "), Some("青山村".into()));
        assert_eq!(clean_name("   "), None);
        assert_eq!(clean_name(&"村".repeat(41)), None);
    }
}
