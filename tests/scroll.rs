//! Long pages: an errand page that does not fit shows big "more below" and
//! "more above" buttons, and every line of the longest errand can be
//! brought onto the screen by tapping them alone (a first-time visitor does
//! not know to swipe, and a drag that starts on a button does not scroll).
//!
//! The simulator of iced_test forgets a scrollable's position between two
//! looks; these tests keep the widget state from tap to tap, run the
//! scroll operations the app asks for and draw a frame after each, as the
//! iced runtime does.

mod common;

use common::window::{Window, flat};
use common::{t, tap};
use entre::content;
use entre::ui::Message;
use entre::ui::widget::{MORE_ABOVE_ID, MORE_BELOW_ID};

fn tree() -> content::Tree {
    let (tree, errors) = content::check(
        content::embedded().map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
        &[],
        &common::allowed(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    tree
}

/// The errand with the most text, and the language it is longest in.
fn longest(tree: &content::Tree, langs: &[&str]) -> (String, String) {
    let mut best = (0, String::new(), String::new());
    for lang in langs {
        for (id, b) in &tree[*lang] {
            let chars: usize = [&b.title, &b.summary, &b.help]
                .into_iter()
                .chain(&b.steps)
                .chain(&b.need)
                .chain(&b.tips)
                .map(|s| s.chars().count())
                .sum();
            if chars > best.0 {
                best = (chars, lang.to_string(), id.clone());
            }
        }
    }
    (best.1, best.2)
}

/// Opens `errand` in `lang` on the demo kiosk, in a window of `size`.
fn errand_page(
    dir: &std::path::Path,
    lang: &str,
    errand: &str,
    size: (f32, f32),
    large_text: bool,
) -> Window {
    let mut app = common::demo_app(dir);
    if large_text {
        let _ = app.update(Message::OpenAccess);
        let _ = app.update(Message::Access(
            entre::ui::screen::access::Message::LargeText,
        ));
        let _ = app.update(Message::Access(entre::ui::screen::access::Message::Close));
    }
    common::set_viewport(size);
    tap(&mut app, &common::catalog().language_name(lang));
    tap(&mut app, &t(lang, "purpose-guidance"));
    let _ = app.update(Message::ErrandList(
        entre::ui::screen::errand_list::Message::Chose(errand.to_string()),
    ));
    assert!(matches!(app.screen(), entre::ui::Screen::Errand(_)));
    Window::new(app, size)
}

/// Taps "more below" until it goes, noting which of `texts` were seen
/// whole on the way; then "more above" until it goes.
fn read_by_taps(w: &mut Window, lang: &str, texts: &[String], what: &str) {
    assert!(
        w.id_bounds(MORE_ABOVE_ID).is_none(),
        "{what}: nothing above at first"
    );
    let below = w
        .id_bounds(MORE_BELOW_ID)
        .unwrap_or_else(|| panic!("{what}: a long page shows \"more below\""));
    assert!(
        below.height >= 80.0,
        "{what}: {below:?} is lower than 80 px"
    );
    assert!(
        w.seen(&t(lang, "nav-more-below")),
        "{what}: the button says what it does"
    );
    let mut unseen: Vec<&String> = texts.iter().filter(|s| !w.seen(s)).collect();
    let mut taps = 0;
    while w.id_bounds(MORE_BELOW_ID).is_some() {
        assert!(taps < 30, "{what}: still more below after {taps} taps");
        w.tap_id(MORE_BELOW_ID);
        taps += 1;
        unseen.retain(|s| !w.seen(s));
        assert!(
            w.id_bounds(MORE_ABOVE_ID).is_some(),
            "{what}: \"more above\" after a tap down"
        );
    }
    assert!(
        unseen.is_empty(),
        "{what}: never seen whole after {taps} taps: {unseen:?}"
    );
    assert!(taps >= 1, "{what}");
    // At the end the lowest text of the page is on screen.
    let wanted: Vec<String> = texts.iter().map(|s| flat(s)).collect();
    let lowest = w
        .find_all(move |c| {
            matches!(c, iced_selector::Candidate::Text { content, .. } if wanted.contains(&flat(content)))
        })
        .into_iter()
        .max_by(|a, b| (a.0.y + a.0.height).total_cmp(&(b.0.y + b.0.height)))
        .unwrap();
    assert!(
        lowest
            .1
            .is_some_and(|v| (v.height - lowest.0.height).abs() < 1.0),
        "{what}: the end of the page is on screen at the end: {lowest:?}"
    );
    let mut up = 0;
    while w.id_bounds(MORE_ABOVE_ID).is_some() {
        assert!(up < 30, "{what}: still more above after {up} taps");
        w.tap_id(MORE_ABOVE_ID);
        up += 1;
    }
    assert!(
        w.id_bounds(MORE_BELOW_ID).is_some(),
        "{what}: back at the top, more below again"
    );
}

/// Every text of `errand` in `lang`, in page order: main column, then side.
fn page_texts(tree: &content::Tree, lang: &str, errand: &str) -> Vec<String> {
    let b = &tree[lang][errand];
    let mut texts = vec![b.title.clone(), b.summary.clone()];
    texts.extend(b.steps.iter().cloned());
    texts.extend(b.need.iter().map(|n| format!("•  {n}")));
    texts.extend([b.help.clone()]);
    texts.extend(b.tips.iter().cloned());
    texts.extend(b.processing_time.clone());
    for term in &b.terms {
        texts.push(term.sv.clone());
        texts.push(term.meaning.clone());
    }
    texts
}

#[test]
fn every_line_of_the_longest_errand_can_be_reached_by_taps_alone() {
    let tree = tree();
    let langs: Vec<String> = common::catalog().languages();
    let langs: Vec<&str> = langs.iter().map(String::as_str).collect();
    let (lang, errand) = longest(&tree, &langs);
    let dir = tempfile::tempdir().unwrap();
    let mut w = errand_page(dir.path(), &lang, &errand, (1280.0, 800.0), false);
    let texts = page_texts(&tree, &lang, &errand);
    read_by_taps(&mut w, &lang, &texts, &format!("{lang}/{errand}"));
}

#[test]
fn every_line_can_be_reached_in_arabic_in_large_text() {
    let tree = tree();
    let (lang, errand) = longest(&tree, &["ar"]);
    let dir = tempfile::tempdir().unwrap();
    // A 1080p kiosk at 1.5×.
    let mut w = errand_page(dir.path(), &lang, &errand, (1280.0, 720.0), true);
    let texts = page_texts(&tree, &lang, &errand);
    read_by_taps(
        &mut w,
        &lang,
        &texts,
        &format!("{lang}/{errand} large text"),
    );
}

#[test]
fn a_page_that_fits_shows_no_scroll_buttons() {
    let tree = tree();
    let dir = tempfile::tempdir().unwrap();
    // The shortest errand in Swedish, on a tall screen.
    let (_, errand) = tree["sv"]
        .iter()
        .map(|(id, b)| (b.steps.len() + b.tips.len() + b.need.len(), id.clone()))
        .min()
        .unwrap();
    let mut w = errand_page(dir.path(), "sv", &errand, (1920.0, 2400.0), false);
    assert!(w.id_bounds(MORE_BELOW_ID).is_none());
    assert!(w.id_bounds(MORE_ABOVE_ID).is_none());
}
