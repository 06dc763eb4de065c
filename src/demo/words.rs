//! Word lists and text templates under `assets/demo/`, compiled in.
//! One entry per line; blank lines and `#` comments are skipped.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

const SURNAMES: &str = include_str!("../../assets/demo/surnames.txt");
const MALE_OLD: &str = include_str!("../../assets/demo/given_male_old.txt");
const MALE_NEW: &str = include_str!("../../assets/demo/given_male_new.txt");
const FEMALE_OLD: &str = include_str!("../../assets/demo/given_female_old.txt");
const FEMALE_NEW: &str = include_str!("../../assets/demo/given_female_new.txt");
const VILLAGES: &str = include_str!("../../assets/demo/villages.txt");
const PLACES: &str = include_str!("../../assets/demo/places.txt");
const REQUESTS: &str = include_str!("../../assets/demo/requests.txt");
const RESOLUTIONS: &str = include_str!("../../assets/demo/resolutions.txt");
const TOPICS: &str = include_str!("../../assets/demo/topics.txt");
const VISIT_NOTES: &str = include_str!("../../assets/demo/visit_notes.txt");
const CALLBACK_COMMENTS: &str = include_str!("../../assets/demo/callback_comments.txt");

fn entries(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// A request template; `{村}` etc. are filled by [`Words::fill`].
pub struct RequestTemplate {
    pub category: &'static str,
    pub kind: &'static str,
    pub collective: bool,
    pub title: &'static str,
    pub content: &'static str,
    /// How such a request is typically settled.
    pub resolution: &'static str,
}

pub struct TopicTemplate {
    pub category: &'static str,
    pub title: &'static str,
    pub decisions: Vec<&'static str>,
}

pub struct Words {
    surnames: Vec<&'static str>,
    /// Cumulative surname weights, for a binary-search pick.
    surname_cum: Vec<u32>,
    male_old: Vec<&'static str>,
    male_new: Vec<&'static str>,
    female_old: Vec<&'static str>,
    female_new: Vec<&'static str>,
    pub villages: Vec<&'static str>,
    pub places: Vec<&'static str>,
    pub requests: Vec<RequestTemplate>,
    /// Generic resolutions, sometimes used instead of a template's own.
    pub resolutions: Vec<&'static str>,
    pub topics: Vec<TopicTemplate>,
    pub visit_notes: Vec<&'static str>,
    pub callback_comments: Vec<&'static str>,
}

impl Words {
    /// Parses the compiled-in lists. A malformed line is a bug in the
    /// assets, caught by the module's tests, hence the panics.
    pub fn load() -> Words {
        let mut surnames = Vec::new();
        let mut surname_cum = Vec::new();
        let mut total = 0;
        for line in entries(SURNAMES) {
            let (name, weight) = line.split_once('\t').expect("surname<TAB>weight");
            total += weight.trim().parse::<u32>().expect("surname weight");
            surnames.push(name.trim());
            surname_cum.push(total);
        }
        let requests = entries(REQUESTS)
            .into_iter()
            .map(|l| {
                let f: Vec<&str> = l.split('|').collect();
                assert_eq!(f.len(), 6, "request template: {l}");
                RequestTemplate {
                    category: f[0],
                    kind: f[1],
                    collective: f[2] == "c",
                    title: f[3],
                    content: f[4],
                    resolution: f[5],
                }
            })
            .collect();
        let topics = entries(TOPICS)
            .into_iter()
            .map(|l| {
                let f: Vec<&str> = l.split('|').collect();
                assert_eq!(f.len(), 3, "topic template: {l}");
                TopicTemplate {
                    category: f[0],
                    title: f[1],
                    decisions: f[2].split(';').collect(),
                }
            })
            .collect();
        Words {
            surnames,
            surname_cum,
            male_old: entries(MALE_OLD),
            male_new: entries(MALE_NEW),
            female_old: entries(FEMALE_OLD),
            female_new: entries(FEMALE_NEW),
            villages: entries(VILLAGES),
            places: entries(PLACES),
            requests,
            resolutions: entries(RESOLUTIONS),
            topics,
            visit_notes: entries(VISIT_NOTES),
            callback_comments: entries(CALLBACK_COMMENTS),
        }
    }

    pub fn surname(&self, rng: &mut ChaCha8Rng) -> &'static str {
        let total = *self.surname_cum.last().expect("surnames listed");
        let x = rng.random_range(0..total);
        let i = self.surname_cum.partition_point(|&c| c <= x);
        self.surnames[i]
    }

    /// One or two characters, in the fashion of the birth year.
    pub fn given_name(&self, rng: &mut ChaCha8Rng, male: bool, birth_year: i32) -> String {
        let old = birth_year < 1975;
        let list = match (male, old) {
            (true, true) => &self.male_old,
            (true, false) => &self.male_new,
            (false, true) => &self.female_old,
            (false, false) => &self.female_new,
        };
        let first = pick(rng, list);
        // Single-character given names were common before the 1990s.
        if rng.random_bool(if old { 0.25 } else { 0.12 }) {
            return first.to_string();
        }
        let mut second = pick(rng, list);
        if second == first {
            second = pick(rng, list);
        }
        format!("{first}{second}")
    }

    pub fn full_name(&self, rng: &mut ChaCha8Rng, male: bool, birth_year: i32) -> String {
        let surname = self.surname(rng);
        format!("{surname}{}", self.given_name(rng, male, birth_year))
    }

    /// Chooses the values for one text's placeholders, so a title and its
    /// content talk about the same spot.
    pub fn slots(&self, rng: &mut ChaCha8Rng) -> Slots {
        const NUMBERS: [&str; 5] = ["两", "三", "四", "五", "好几"];
        const SPANS: [&str; 6] = ["最近", "半个月来", "一个多月", "这几天", "入夏以来", "好几个月"];
        Slots {
            place: pick(rng, &self.places),
            number: pick(rng, &NUMBERS),
            span: pick(rng, &SPANS),
        }
    }
}

pub struct Slots {
    place: &'static str,
    number: &'static str,
    span: &'static str,
}

impl Slots {
    /// Fills `{村}`, `{组}`, `{地点}`, `{数}` and `{期}`.
    pub fn fill(&self, text: &str, village: &str, group: &str) -> String {
        text.replace("{村}", village)
            .replace("{组}", group)
            .replace("{地点}", self.place)
            .replace("{数}", self.number)
            .replace("{期}", self.span)
    }
}

/// The word lists, parsed once per process.
pub fn words() -> &'static Words {
    static WORDS: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
    WORDS.get_or_init(Words::load)
}

/// A uniformly chosen element; `list` must not be empty (a programmer error).
pub fn pick<T: Copy>(rng: &mut ChaCha8Rng, list: &[T]) -> T {
    list[rng.random_range(0..list.len())]
}

/// An index chosen with the given relative weights.
pub fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.random_range(0..total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn lists_parse_and_templates_name_real_categories() {
        let w = Words::load();
        assert!(w.villages.len() >= 12);
        assert!(w.surnames.contains(&"尉迟"));
        let categories = [
            "道路交通",
            "水电气",
            "环境卫生",
            "土地山林",
            "房屋建设",
            "社保医保",
            "教育",
            "医疗卫生",
            "治安",
            "邻里纠纷",
            "村务公开",
            "政策咨询",
            "其他",
        ];
        for t in &w.requests {
            assert!(categories.contains(&t.category), "{}", t.category);
            assert!(
                ["consultation", "help", "complaint", "suggestion"].contains(&t.kind),
                "{}",
                t.kind
            );
        }
        for t in &w.topics {
            assert!(w.requests.iter().any(|r| r.category == t.category && r.collective));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let text = w.slots(&mut rng).fill("{村}{组}{地点}{数}{期}", "东浦村", "3组");
        assert!(!text.contains('{'), "{text}");
    }
}
