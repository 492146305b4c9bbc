//! Units and case officers (handläggare), and how a visitor finds one:
//! by unit (paged lists) or by the first letters of a name, ignoring case
//! and accents ("asa" finds "Åsa", "ostl" finds "Östlund").

use std::collections::HashMap;

use crate::config::{Officer, Unit};

/// Fewest letters a search needs before it shows anyone.
pub const MIN_QUERY: usize = 2;
/// Most matches a search shows.
pub const MAX_MATCHES: usize = 6;

/// Most units and officers a directory may have (kiosk.toml's or the
/// hub's), said once in entre-core.
pub use entre_core::directory::{MAX_OFFICERS, MAX_UNITS};

/// The staff directory the kiosk offers, with the views the screens show
/// (units that have officers, each unit's officers, folded names for the
/// search) computed once in [`Directory::new`], never per frame.
///
/// Build it with [`Directory::new`]: the views are not updated if `units`
/// or `officers` are changed afterwards.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub units: Vec<Unit>,
    pub officers: Vec<Officer>,
    index: Index,
}

/// What the screens read, computed once per directory.
#[derive(Debug, Clone, Default)]
struct Index {
    /// Units that have at least one officer, in configured order.
    offered: Vec<Unit>,
    /// Unit id → indexes into `officers`, in configured order.
    by_unit: HashMap<String, Vec<usize>>,
    /// Each officer's name folded ([`fold`]), and split into its words.
    folded: Vec<(String, Vec<String>)>,
}

impl Directory {
    pub fn new(units: Vec<Unit>, officers: Vec<Officer>) -> Self {
        let mut by_unit: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, o) in officers.iter().enumerate() {
            by_unit.entry(o.unit.clone()).or_default().push(i);
        }
        let offered = units
            .iter()
            .filter(|u| by_unit.contains_key(&u.id))
            .cloned()
            .collect();
        let folded = officers
            .iter()
            .map(|o| {
                let name = fold(&o.name);
                let words = name
                    .split(|c: char| c.is_whitespace() || c == '-')
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect();
                (name, words)
            })
            .collect();
        let index = Index {
            offered,
            by_unit,
            folded,
        };
        Directory {
            units,
            officers,
            index,
        }
    }

    /// Units that have at least one officer, in configured order (computed
    /// when the directory was made).
    pub fn units_with_officers(&self) -> &[Unit] {
        &self.index.offered
    }

    /// Indexes into [`officers`](Self::officers) of a unit's officers, in
    /// configured order (computed when the directory was made).
    pub fn officer_indexes_in(&self, unit: &str) -> &[usize] {
        self.index.by_unit.get(unit).map_or(&[], Vec::as_slice)
    }

    /// The officers of a unit, in configured order.
    pub fn officers_in(&self, unit: &str) -> Vec<&Officer> {
        self.officer_indexes_in(unit)
            .iter()
            .map(|&i| &self.officers[i])
            .collect()
    }

    /// Officers whose first or last name (any word of the name) starts with
    /// `query`, ignoring case and accents. Nothing until the query has
    /// [`MIN_QUERY`] letters; at most [`MAX_MATCHES`].
    pub fn search(&self, query: &str) -> Vec<&Officer> {
        self.search_indexes(query)
            .into_iter()
            .map(|i| &self.officers[i])
            .collect()
    }

    /// [`search`](Self::search) as indexes into
    /// [`officers`](Self::officers).
    pub fn search_indexes(&self, query: &str) -> Vec<usize> {
        let q = fold(query.trim());
        if q.chars().filter(|c| c.is_alphanumeric()).count() < MIN_QUERY {
            return Vec::new();
        }
        let mut hits: Vec<(usize, &str, usize)> = self
            .index
            .folded
            .iter()
            .enumerate()
            .filter_map(|(i, (name, words))| {
                // The whole name ("anna li") or any single word of it.
                if name.starts_with(&q) {
                    Some((0, name.as_str(), i))
                } else if words.iter().any(|w| w.starts_with(&q)) {
                    Some((1, name.as_str(), i))
                } else {
                    None
                }
            })
            .collect();
        hits.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        hits.into_iter()
            .take(MAX_MATCHES)
            .map(|(.., i)| i)
            .collect()
    }
}

/// Lower case without accents, for matching names: "Åsa Östlund" →
/// "asa ostlund". Letters without a decomposition (ø, æ, ß, ł, đ) are
/// spelled the way a visitor would type them on a plain keyboard.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => out.push('c'),
            'ď' | 'đ' | 'ð' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => out.push('g'),
            'ĥ' | 'ħ' => out.push('h'),
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => out.push('i'),
            'ĵ' => out.push('j'),
            'ķ' => out.push('k'),
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => out.push('l'),
            'ñ' | 'ń' | 'ņ' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ŕ' | 'ŗ' | 'ř' => out.push('r'),
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => out.push('s'),
            'ß' => out.push_str("ss"),
            'ţ' | 'ť' | 'ŧ' | 'ț' => out.push('t'),
            'þ' => out.push_str("th"),
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => out.push('u'),
            'ŵ' => out.push('w'),
            'ý' | 'ÿ' | 'ŷ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            // Combining marks typed separately (NFD input) carry no letter.
            '\u{0300}'..='\u{036f}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Which of `len` items are on page `page` of `per_page`, and how many
/// pages there are. A page past the end is the last page; an empty list
/// has one (empty) page.
pub fn page_range(len: usize, page: usize, per_page: usize) -> (std::ops::Range<usize>, usize) {
    let per_page = per_page.max(1);
    let pages = len.div_ceil(per_page).max(1);
    let start = page.min(pages - 1) * per_page;
    (start.min(len)..(start + per_page).min(len), pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn officer(name: &str, unit: &str) -> Officer {
        Officer {
            name: name.to_string(),
            unit: unit.to_string(),
            email: "x@example.org".to_string(),
            available: true,
        }
    }

    fn directory() -> Directory {
        Directory::new(
            vec![
                Unit {
                    id: "a".into(),
                    name: "A".into(),
                },
                Unit {
                    id: "empty".into(),
                    name: "Empty".into(),
                },
            ],
            [
                "Anna Lind",
                "Åsa Östlund",
                "Mohammed Haddad",
                "Ann-Marie Ek",
                "Erik Åberg",
                "Anders Andersson",
                "Annika Svensson",
                "Anneli Nord",
                "Antonia Berg",
                "Björn Anttila",
            ]
            .iter()
            .map(|n| officer(n, "a"))
            .collect(),
        )
    }

    fn names(hits: Vec<&Officer>) -> Vec<&str> {
        hits.into_iter().map(|o| o.name.as_str()).collect()
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Åsa Östlund"), "asa ostlund");
        assert_eq!(fold("ÉRIC Müller-Ødegård"), "eric muller-odegard");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("A\u{030a}sa"), "asa");
    }

    #[test]
    fn search_matches_first_or_last_name_ignoring_accents() {
        let d = directory();
        assert_eq!(names(d.search("asa")), vec!["Åsa Östlund"]);
        assert_eq!(names(d.search("as")), vec!["Åsa Östlund"]);
        assert_eq!(names(d.search("ÅSA")), vec!["Åsa Östlund"]);
        assert_eq!(names(d.search("ostl")), vec!["Åsa Östlund"]);
        assert_eq!(names(d.search("hadd")), vec!["Mohammed Haddad"]);
        assert_eq!(names(d.search("marie")), vec!["Ann-Marie Ek"]);
        assert_eq!(names(d.search("aber")), vec!["Erik Åberg"]);
    }

    #[test]
    fn search_needs_two_letters_and_shows_at_most_six() {
        let d = directory();
        assert!(d.search("a").is_empty());
        assert!(d.search(" a ").is_empty());
        let many = d.search("an");
        assert_eq!(many.len(), MAX_MATCHES);
        // Whole-name prefixes come first.
        assert!(fold(&many[0].name).starts_with("an"));
    }

    #[test]
    fn units_without_officers_are_not_offered() {
        let d = directory();
        let ids: Vec<&str> = d
            .units_with_officers()
            .iter()
            .map(|u| u.id.as_str())
            .collect();
        assert_eq!(ids, vec!["a"]);
        assert_eq!(d.officers_in("a").len(), 10);
    }

    #[test]
    fn the_views_are_computed_once_per_directory_not_per_call() {
        // A directory past the caps: 50 000 units, 50 000 officers, each
        // unit with one officer but the last 10 000 units empty.
        let units: Vec<Unit> = (0..50_000)
            .map(|i| Unit {
                id: format!("u{i}"),
                name: format!("Unit {i}"),
            })
            .collect();
        let officers: Vec<Officer> = (0..50_000)
            .map(|i| officer(&format!("Name{i} Lastname"), &format!("u{}", i % 40_000)))
            .collect();
        let d = Directory::new(units, officers);
        // What a screen reads each frame is the stored list itself, not a
        // new one computed from the units and officers.
        let first = d.units_with_officers();
        let again = d.units_with_officers();
        assert!(std::ptr::eq(first.as_ptr(), again.as_ptr()));
        assert_eq!(first.len(), 40_000);
        assert_eq!(first[39_999].id, "u39999");
        let a = d.officer_indexes_in("u7");
        assert!(std::ptr::eq(
            a.as_ptr(),
            d.officer_indexes_in("u7").as_ptr()
        ));
        assert_eq!(a, &[7, 40_007]);
        assert!(d.officer_indexes_in("u45000").is_empty());
        assert!(d.officer_indexes_in("nowhere").is_empty());
        // A clone keeps its views.
        assert_eq!(d.clone().units_with_officers().len(), 40_000);
        assert_eq!(names(d.search("name4999")).len(), MAX_MATCHES);
    }

    #[test]
    fn search_indexes_point_at_the_officers_found() {
        let d = directory();
        let i = d.search_indexes("ostl");
        assert_eq!(i.len(), 1);
        assert_eq!(d.officers[i[0]].name, "Åsa Östlund");
        // The search is the same after the directory is replaced whole.
        let mut officers = d.officers.clone();
        officers.push(officer("Östen Öberg", "a"));
        let d = Directory::new(d.units.clone(), officers);
        assert_eq!(names(d.search("OST")), vec!["Östen Öberg", "Åsa Östlund"]);
        assert_eq!(names(d.search("ober")), vec!["Östen Öberg"]);
    }

    #[test]
    fn paging() {
        assert_eq!(page_range(10, 0, 4), (0..4, 3));
        assert_eq!(page_range(10, 2, 4), (8..10, 3));
        assert_eq!(page_range(10, 9, 4), (8..10, 3));
        assert_eq!(page_range(0, 0, 4), (0..0, 1));
    }
}
