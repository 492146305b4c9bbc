//! The errand page (issue 17): how long it takes, the key Swedish words
//! beside the visitor's language, ten steps that fit and can be read, a
//! big way out at the top of a confidential page, read-aloud that asks
//! first on every confidential page in every language, the list of
//! errands reachable with big targets, and snapshots to look at.
//!
//! The page is driven through [`common::window::Window`], which keeps the
//! scroll position and runs the operations the app asks for (scrolling,
//! reading the screen aloud), as the iced runtime does.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use common::window::{Window, flat};
use common::{t, tap, tap_id};
use entre::content::{self, Bundle, Term, Tree};
use entre::ui::widget::{
    ACCESS_ID, LEAVE_ID, MORE_ABOVE_ID, MORE_BELOW_ID, NEXT_PAGE_ID, SPEAK_ID,
};
use entre::ui::{App, Message, Screen};
use iced::Rectangle;

/// The window sizes the kiosk runs in, in layout pixels, and whether in
/// large text: the demo window, a 1080p screen, and a 1080p screen at
/// 1.5× (large text).
const SIZES: &[((f32, f32), bool)] = &[
    ((1280.0, 800.0), false),
    ((1920.0, 1080.0), false),
    ((1280.0, 720.0), true),
];

fn later(s: u64) -> iced::time::Instant {
    iced::time::Instant::now() + Duration::from_secs(s)
}

/// The packaged guidance, as the kiosk checks it. Bundles that fail the
/// check are left out (and named by tests/guidance.rs).
fn tree() -> Tree {
    content::check(
        content::embedded().map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
        &[],
        &common::allowed(),
    )
    .0
}

fn name(lang: &str) -> String {
    common::catalog().language_name(lang)
}

/// Texts of `lang` as long as the format allows: the real texts of the
/// bundle joined and cut at a space.
fn long_texts(b: &Bundle, n: usize, max: usize) -> Vec<String> {
    let words: Vec<&str> = b
        .steps
        .iter()
        .chain(&b.tips)
        .chain([&b.summary, &b.help])
        .flat_map(|s| s.split(' '))
        .collect();
    let mut out = Vec::new();
    let mut at = 0;
    while out.len() < n {
        let mut s = String::new();
        loop {
            let word = words[at % words.len()];
            let next = if s.is_empty() {
                word.to_string()
            } else {
                format!("{s} {word}")
            };
            if next.chars().count() > max {
                break;
            }
            s = next;
            at += 1;
        }
        out.push(s);
    }
    out
}

/// Long Swedish words visitors meet (the longest compound nouns first).
const LONG_WORDS: &[&str] = &[
    "uppehållstillståndskort",
    "folkbokföringsadress",
    "Kronofogdemyndigheten",
    "ekonomiskt bistånd",
    "samordningsnummer",
    "bostadstillägg",
];

/// A bundle of `lang` as long as the format allows: ten steps of 140
/// characters, six terms with long Swedish words, a processing time.
fn ten_steps(tree: &Tree, lang: &str) -> Bundle {
    let real = &tree[lang]["financial-assistance"];
    let mut b = real.clone();
    b.steps = long_texts(real, *content::STEPS.end(), content::MAX_STEP);
    let meanings = long_texts(real, *content::TERMS.end(), content::MAX_TERM_MEANING);
    b.terms = LONG_WORDS
        .iter()
        .zip(meanings)
        .map(|(sv, meaning)| Term {
            sv: sv.to_string(),
            meaning,
        })
        .collect();
    // The next stretch of the same words: not the same as any step.
    b.processing_time = long_texts(real, 11, content::MAX_PROCESSING_TIME).pop();
    assert_eq!(b.steps.len(), 10);
    assert!(b.steps.iter().all(|s| s.chars().count() > 110), "{b:?}");
    assert!(
        b.steps
            .iter()
            .all(|s| s.chars().count() <= content::MAX_STEP)
    );
    assert!(
        b.terms
            .iter()
            .all(|t| t.meaning.chars().count() <= content::MAX_TERM_MEANING)
    );
    b
}

/// Every text of `b`, in page order: main column, side column, terms.
fn page_texts(b: &Bundle) -> Vec<String> {
    let mut texts = vec![b.title.clone(), b.summary.clone()];
    texts.extend(b.processing_time.clone());
    texts.extend(b.steps.iter().cloned());
    texts.extend(b.need.iter().map(|n| format!("•  {n}")));
    texts.push(b.help.clone());
    texts.extend(b.tips.iter().cloned());
    for term in &b.terms {
        texts.push(term.sv.clone());
        texts.push(term.meaning.clone());
    }
    texts
}

/// The demo kiosk (all ten languages) with `tree`, in `lang`, large text
/// on or off, at the errand list.
fn at_the_list(dir: &Path, tree: Option<Tree>, lang: &str, large_text: bool) -> App {
    let mut app = common::demo_app(dir);
    if let Some(tree) = tree {
        app.replace_guidance(tree);
    }
    if large_text {
        let _ = app.update(Message::OpenAccess);
        let _ = app.update(Message::Access(
            entre::ui::screen::access::Message::LargeText,
        ));
        let _ = app.update(Message::Access(entre::ui::screen::access::Message::Close));
    }
    tap(&mut app, &name(lang));
    tap(&mut app, &t(lang, "purpose-guidance"));
    app
}

/// Opens the errand `id` from the list by tapping its tile, turning the
/// list's pages as a visitor would.
fn open_from_list(app: &mut App, tree: &Tree, lang: &str, id: &str) {
    let (bundle, _) = content::pick(tree, lang, id).unwrap();
    for _ in 0..10 {
        if common::find_flowing(app, &bundle.title).is_some() {
            common::tap_flowing(app, &bundle.title);
            assert!(
                matches!(app.screen(), Screen::Errand(e) if e.id == id),
                "{lang}/{id}: opened"
            );
            return;
        }
        tap_id(app, NEXT_PAGE_ID);
    }
    panic!(
        "{lang}/{id}: {:?} not on any page of the list",
        bundle.title
    );
}

/// Taps "more below" until it goes, noting which of `texts` were seen
/// whole on the way; every one must be.
fn read_to_the_end(w: &mut Window, texts: &[String], what: &str) {
    let mut unseen: Vec<&String> = texts.iter().filter(|s| !w.seen(s)).collect();
    let mut taps = 0;
    while w.id_bounds(MORE_BELOW_ID).is_some() {
        assert!(taps < 40, "{what}: still more below after {taps} taps");
        w.tap_id(MORE_BELOW_ID);
        taps += 1;
        unseen.retain(|s| !w.seen(s));
    }
    let unseen: Vec<_> = unseen.into_iter().map(|s| (s, w.texts(s))).collect();
    assert!(
        unseen.is_empty(),
        "{what}: never seen whole after {taps} taps: {unseen:?}"
    );
}

/// Where each of `texts` is laid out (at the top of the page).
fn layout(w: &mut Window, texts: &[String]) -> Vec<(String, Rectangle)> {
    texts
        .iter()
        .map(|s| {
            let found = w.texts(s);
            assert!(!found.is_empty(), "{s:?} is not on the page");
            (s.clone(), found[0].0)
        })
        .collect()
}

/// The page lays out the longest bundle the format allows: every text
/// within the window, none over another, steps in big type, and every
/// line reachable by "more below".
fn assert_fits(w: &mut Window, b: &Bundle, width: f32, what: &str) {
    let texts = page_texts(b);
    // (A text that is on the page twice, such as a tip that is also a
    // step, is looked at once.)
    let mut unique = texts.clone();
    unique.sort();
    unique.dedup();
    let placed = layout(w, &unique);
    for (s, r) in &placed {
        assert!(
            r.x >= 0.0 && r.x + r.width <= width + 0.5,
            "{what}: {s:?} runs out of the window: {r:?}"
        );
        // A line of the smallest text (26 px) is 34 px high.
        assert!(r.height >= 33.0, "{what}: {s:?} is small: {r:?}");
    }
    for (i, (a, ra)) in placed.iter().enumerate() {
        for (b, rb) in &placed[i + 1..] {
            let overlap = ra
                .intersection(rb)
                .is_some_and(|o| o.width > 1.0 && o.height > 1.0);
            assert!(!overlap, "{what}: {a:?} {ra:?} is over {b:?} {rb:?}");
        }
    }
    // Steps in 32 px type: a line is at least 41 px high, and a step of
    // 140 characters takes at most five lines (Ethiopic letters are wide).
    for step in &b.steps {
        let r = w.texts(step)[0].0;
        assert!(r.height >= 41.0, "{what}: {step:?} is small: {r:?}");
        assert!(
            r.height <= 5.0 * 44.0,
            "{what}: {step:?} is a narrow column: {r:?}"
        );
    }
    // The Swedish words in bold 32 px, each beside its meaning (the same
    // line of the list).
    for term in &b.terms {
        let word = w.texts(&term.sv)[0].0;
        let meaning = w.texts(&term.meaning)[0].0;
        assert!(word.height >= 41.0, "{what}: {:?} {word:?}", term.sv);
        assert!(
            (word.y - meaning.y).abs() < 2.0,
            "{what}: {:?} {word:?} beside {:?} {meaning:?}",
            term.sv,
            term.meaning
        );
        assert!(
            word.x + word.width <= meaning.x || meaning.x + meaning.width <= word.x,
            "{what}: two columns: {word:?} {meaning:?}"
        );
    }
    read_to_the_end(w, &texts, what);
}

#[test]
fn ten_long_steps_six_terms_and_the_time_fit_and_can_be_read_on_every_screen() {
    let packaged = tree();
    for lang in ["sv", "ar", "ti", "so"] {
        if !packaged
            .get(lang)
            .is_some_and(|m| m.contains_key("financial-assistance"))
        {
            panic!("{lang}: no financial-assistance bundle to build the long page from");
        }
        let long = ten_steps(&packaged, lang);
        let mut tree = packaged.clone();
        tree.get_mut(lang)
            .unwrap()
            .insert("financial-assistance".into(), long.clone());
        for &(size, large) in SIZES {
            let what = format!("{lang} {size:?}{}", if large { " large text" } else { "" });
            let dir = tempfile::tempdir().unwrap();
            common::set_viewport(size);
            let mut app = at_the_list(dir.path(), Some(tree.clone()), lang, large);
            open_from_list(&mut app, &tree, lang, "financial-assistance");
            if std::env::var_os("DEBUG_SNAP").is_some() {
                let _ = common::snapshot(&app, &format!("debug-ten-{lang}-{}-{large}", size.0));
                let _ = std::fs::remove_file(format!(
                    "tests/snapshots/debug-ten-{lang}-{}-{large}-tiny-skia.sha256",
                    size.0
                ));
            }
            let mut w = Window::new(app, size);
            // The time under its heading, near the top.
            assert!(w.seen(&t(lang, "guidance-time")), "{what}: time heading");
            let heading = w.texts(&t(lang, "guidance-time"))[0].0;
            let time = w.texts(long.processing_time.as_ref().unwrap())[0].0;
            assert!(
                time.y >= heading.y + heading.height - 1.0,
                "{what}: {heading:?} {time:?}"
            );
            // At least its start on the first screen (a real one is a
            // line or two; this one is as long as the format allows).
            assert!(
                w.texts(long.processing_time.as_ref().unwrap())[0]
                    .1
                    .is_some(),
                "{what}: the time on the first screen"
            );
            assert_fits(&mut w, &long, size.0, &what);
            assert!(
                w.seen(&t(lang, "guidance-terms"))
                    || !w.texts(&t(lang, "guidance-terms")).is_empty()
            );
        }
    }
}

#[test]
fn the_swedish_words_stay_swedish_and_read_left_to_right_on_a_right_to_left_page() {
    let packaged = tree();
    let long = ten_steps(&packaged, "ar");
    let mut tree = packaged.clone();
    tree.get_mut("ar")
        .unwrap()
        .insert("financial-assistance".into(), long.clone());
    let dir = tempfile::tempdir().unwrap();
    common::set_viewport((1920.0, 1080.0));
    let mut app = at_the_list(dir.path(), Some(tree.clone()), "ar", false);
    open_from_list(&mut app, &tree, "ar", "financial-assistance");
    let mut w = Window::new(app, (1920.0, 1080.0));
    for term in &long.terms {
        // The Swedish word is drawn as it is written (no mark, no mirror)...
        let exact = w.find_all({
            let sv = term.sv.clone();
            move |c| matches!(c, iced_selector::Candidate::Text { content, .. } if *content == sv)
        });
        assert_eq!(exact.len(), 1, "{:?} drawn once, as written", term.sv);
        let word = exact[0].0;
        let meaning = w.texts(&term.meaning)[0].0;
        // ...at the reading start: right of its meaning.
        assert!(
            word.x > meaning.x + meaning.width - 1.0,
            "{word:?} {meaning:?}"
        );
        assert!(
            word.x + word.width > 1920.0 / 2.0,
            "on the right half: {word:?}"
        );
    }
}

/// Every confidential bundle of the packaged content, in every language
/// it is in (a bundle marked `confidential = true` in any language counts,
/// checked or not, so that none is left out by accident).
fn confidential(tree: &Tree) -> BTreeSet<(String, String)> {
    let mut all: BTreeSet<(String, String)> = tree
        .iter()
        .flat_map(|(lang, errands)| {
            errands
                .iter()
                .filter(|(_, b)| b.confidential)
                .map(move |(id, _)| (lang.clone(), id.clone()))
        })
        .collect();
    for (lang, id, src) in content::embedded() {
        let marked = src
            .lines()
            .any(|l| l.replace(' ', "").starts_with("confidential=true"));
        if marked {
            all.insert((lang.to_string(), id.to_string()));
        }
    }
    all
}

/// A stand-in synthesiser that appends what it is given to `said`. A
/// shell script, written by a child process (see tests/speech.rs).
fn recording_synthesiser(dir: &Path, said: &Path) -> std::path::PathBuf {
    let path = dir.join("record-synth");
    let script = format!(
        "#!/bin/sh\nPATH=/usr/bin:/bin\nsaid=$(cat)\nprintf '%s\\n' \"$said\" >> '{}'\n",
        said.display()
    );
    let written = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(r#"printf '%s' "$2" > "$1" && chmod 755 "$1""#)
        .arg("sh")
        .arg(&path)
        .arg(script)
        .status()
        .unwrap();
    assert!(written.success());
    path
}

fn said(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn every_confidential_bundle_in_every_language_asks_before_it_is_read_aloud() {
    let tree = tree();
    let pages = confidential(&tree);
    let langs = common::catalog().languages();
    // Financial assistance, migration, debt advice, the mobility service
    // (and violence, once written), in every language.
    for id in [
        "financial-assistance",
        "migration",
        "debt-advice",
        "mobility-service",
    ] {
        for lang in &langs {
            assert!(
                pages.contains(&(lang.clone(), id.to_string())),
                "{lang}/{id} is confidential"
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let said_file = dir.path().join("said.txt");
    let synth = recording_synthesiser(dir.path(), &said_file);
    let src = common::DEMO.replace(
        "command = \"espeak-ng\"",
        &format!("command = \"{}\"", synth.display()),
    );
    assert!(src.contains("record-synth"));
    let mut app = common::app_for(common::config_from(&src, dir.path()));
    // A voice for every language, so that the button shows in each.
    let _ = app.update(Message::Voices(entre::speech::Voices::from_pairs(
        langs.iter().map(|l| (l.clone(), l.clone())),
    )));
    common::set_viewport((1280.0, 800.0));
    let mut w = Window::new(app, (1280.0, 800.0));
    for (lang, id) in &pages {
        let what = format!("{lang}/{id}");
        w.send(Message::Tick(later(24 * 3600)));
        w.frame();
        w.tap(&name(lang));
        w.tap(&t(lang, "purpose-guidance"));
        let (bundle, _) = content::pick(&tree, lang, id).unwrap_or_else(|| {
            panic!("{what}: marked confidential but not in the kiosk's guidance")
        });
        for _ in 0..10 {
            if w.seen(&bundle.title) {
                break;
            }
            w.tap_id(NEXT_PAGE_ID);
        }
        w.tap(&bundle.title);
        assert!(
            matches!(w.app.screen(), Screen::Errand(e) if e.id == *id),
            "{what}: opened"
        );
        assert!(
            bundle.confidential,
            "{what}: confidential in the kiosk's guidance too"
        );
        // Tap the speaker: the question, and nothing said.
        w.spoken.clear();
        w.tap_id(SPEAK_ID);
        assert!(
            w.seen(&t(lang, "readaloud-confirm")),
            "{what}: the question shows"
        );
        assert!(w.seen(&t(lang, "readaloud-yes")), "{what}");
        assert!(w.seen(&t(lang, "readaloud-no")), "{what}");
        assert!(
            w.spoken.is_empty(),
            "{what}: spoken before asked: {:?}",
            w.spoken
        );
        // "No": back to the page, still silent.
        w.tap(&t(lang, "readaloud-no"));
        assert!(w.texts(&t(lang, "readaloud-confirm")).is_empty(), "{what}");
        assert!(
            w.spoken.is_empty(),
            "{what}: spoken after No: {:?}",
            w.spoken
        );
        assert_eq!(said(&said_file), "", "{what}: the synthesiser got text");
        // Asked again, "Read aloud": now the page is spoken.
        w.tap_id(SPEAK_ID);
        assert!(w.seen(&t(lang, "readaloud-confirm")), "{what}: asked again");
        assert!(w.spoken.is_empty(), "{what}");
        w.tap(&t(lang, "readaloud-yes"));
        assert_eq!(w.spoken.len(), 1, "{what}: read once: {:?}", w.spoken);
        let title = flat(&bundle.title);
        assert!(
            flat(&w.spoken[0]).contains(&title),
            "{what}: the page is read: {:?}",
            w.spoken[0]
        );
        assert!(
            !w.spoken[0].contains(&t(lang, "readaloud-confirm")),
            "{what}: the question is gone before the page is read"
        );
        // The synthesiser got it (it runs a moment after).
        let start = std::time::Instant::now();
        while !said(&said_file).contains(&title) && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            said(&said_file).contains(&title),
            "{what}: {}",
            said(&said_file)
        );
        std::fs::write(&said_file, "").unwrap();
    }
}

#[test]
fn a_confidential_page_has_a_big_way_out_at_the_top_that_wipes_the_visit() {
    let tree = tree();
    let packaged: Vec<String> = ["violence", "financial-assistance", "debt-advice"]
        .into_iter()
        .filter(|id| tree["sv"].contains_key(*id))
        .map(str::to_string)
        .collect();
    for id in &packaged {
        for lang in ["sv", "ar", "ti"] {
            for &(size, large) in SIZES {
                let what = format!("{lang}/{id} {size:?} large={large}");
                let dir = tempfile::tempdir().unwrap();
                common::set_viewport(size);
                let mut app = at_the_list(dir.path(), None, lang, large);
                // High contrast too: the next visitor must not get it.
                let _ = app.update(Message::OpenAccess);
                let _ = app.update(Message::Access(
                    entre::ui::screen::access::Message::HighContrast,
                ));
                let _ = app.update(Message::Access(entre::ui::screen::access::Message::Close));
                open_from_list(&mut app, &tree, lang, id);
                let mut w = Window::new(app, size);
                let leave = w
                    .id_bounds(LEAVE_ID)
                    .unwrap_or_else(|| panic!("{what}: no way out"));
                // Big, at the top, on the first screen, clear of the tools.
                // (Its face: the button is 16 px larger.)
                assert!(
                    leave.height >= 80.0 && leave.width >= 180.0,
                    "{what}: {leave:?}"
                );
                assert!(leave.y < 80.0, "{what}: at the top: {leave:?}");
                for tool in [SPEAK_ID, ACCESS_ID] {
                    if let Some(r) = w.id_bounds(tool) {
                        assert!(!r.intersects(&leave), "{what}: under {tool}");
                    }
                }
                assert!(
                    w.seen(&t(lang, "nav-start-over")),
                    "{what}: it says Start over"
                );
                // It stays where it is while the page scrolls (in large
                // text it scrolls away; Start over stays in the bar below).
                if !large && w.id_bounds(MORE_BELOW_ID).is_some() {
                    w.tap_id(MORE_BELOW_ID);
                    assert!(w.id_bounds(MORE_ABOVE_ID).is_some(), "{what}: scrolled");
                    assert_eq!(w.id_bounds(LEAVE_ID), Some(leave), "{what}: fixed");
                }
                // The read-aloud question is not in its way: one tap and
                // everything of the visit is gone, as after the idle reset.
                w.tap_id(LEAVE_ID);
                assert!(matches!(w.app.screen(), Screen::Welcome(_)), "{what}");
                assert_eq!(w.app.language(), "sv", "{what}: the language is forgotten");
                assert_eq!(
                    w.app.access(),
                    Default::default(),
                    "{what}: settings forgotten"
                );
                assert_eq!(w.app.idle_warning(), None, "{what}");
                let fresh_dir = tempfile::tempdir().unwrap();
                let mut idle = at_the_list(fresh_dir.path(), None, lang, large);
                open_from_list(&mut idle, &tree, lang, id);
                let _ = idle.update(Message::Tick(later(24 * 3600)));
                assert!(matches!(idle.screen(), Screen::Welcome(_)));
                let texts = |app: &App| {
                    common::texts_with_bounds(app)
                        .into_iter()
                        .map(|(r, s)| (s, r.x as i32, r.y as i32))
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    texts(&w.app),
                    texts(&idle),
                    "{what}: as after the idle reset"
                );
            }
        }
    }
    assert!(!packaged.is_empty());

    // In reach mode the way out is low, like every control: the big
    // button in the navigation bar.
    let dir = tempfile::tempdir().unwrap();
    common::set_viewport((1920.0, 1080.0));
    let mut app = common::demo_app(dir.path());
    let _ = app.update(Message::OpenAccess);
    let _ = app.update(Message::Access(entre::ui::screen::access::Message::Reach));
    let _ = app.update(Message::Access(entre::ui::screen::access::Message::Close));
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-guidance"));
    open_from_list(&mut app, &tree, "sv", "financial-assistance");
    let mut w = Window::new(app, (1920.0, 1080.0));
    let leave = w.id_bounds(LEAVE_ID).expect("the way out in reach mode");
    assert!(leave.y > 1080.0 / 2.0, "low: {leave:?}");
    assert!(leave.height >= 80.0, "{leave:?}");
    w.tap_id(LEAVE_ID);
    assert!(matches!(w.app.screen(), Screen::Welcome(_)));
    assert_eq!(w.app.access(), Default::default());

    // A page that is not confidential has the usual Start over only.
    let dir = tempfile::tempdir().unwrap();
    common::set_viewport((1280.0, 800.0));
    let mut app = at_the_list(dir.path(), None, "sv", false);
    open_from_list(&mut app, &tree, "sv", "preschool");
    assert!(!common::find_id(&app, LEAVE_ID));
    assert!(common::shows(&app, &t("sv", "nav-start-over")));
}

#[test]
fn every_errand_is_on_the_list_with_big_targets_in_every_language() {
    let tree = tree();
    let ids: Vec<String> = content::ordered(tree[content::REFERENCE].keys())
        .into_iter()
        .cloned()
        .collect();
    for lang in common::catalog().languages() {
        for &(size, large) in SIZES {
            let what = format!("{lang} {size:?} large={large}");
            let dir = tempfile::tempdir().unwrap();
            common::set_viewport(size);
            let mut app = at_the_list(dir.path(), None, &lang, large);
            let mut found: Vec<String> = Vec::new();
            let mut pages = 0;
            loop {
                pages += 1;
                assert!(pages <= 5, "{what}: found only {found:?}");
                let targets = common::tappables(&app);
                // Every target at least 80 px high and wide, inside the
                // window, none over another.
                for (i, r) in targets.iter().enumerate() {
                    assert!(r.height >= 80.0 && r.width >= 80.0, "{what}: {r:?}");
                    assert!(
                        r.y + r.height <= size.1 && r.x + r.width <= size.0,
                        "{what}: {r:?}"
                    );
                    for o in &targets[i + 1..] {
                        assert!(
                            r.intersection(o)
                                .is_none_or(|x| x.width < 1.0 || x.height < 1.0),
                            "{what}: {r:?} over {o:?}"
                        );
                    }
                }
                for id in &ids {
                    let (b, _) = content::pick(&tree, &lang, id).unwrap();
                    let Some(title) = common::find_flowing(&app, &b.title) else {
                        continue;
                    };
                    // The whole title is on its tile.
                    let tile = targets
                        .iter()
                        .find(|r| r.contains(title.center()))
                        .unwrap_or_else(|| panic!("{what}: {:?} on no tile", b.title));
                    assert!(
                        title.x >= tile.x
                            && title.y >= tile.y
                            && title.x + title.width <= tile.x + tile.width + 0.5
                            && title.y + title.height <= tile.y + tile.height + 0.5,
                        "{what}: {:?} {title:?} runs off its tile {tile:?}",
                        b.title
                    );
                    // (A 1080p screen in large text squeezes the third
                    // row of tiles to 96 px: known, see the report.)
                    assert!(tile.height >= 90.0, "{what}: a big tile: {tile:?}");
                    found.push(id.clone());
                }
                if found.len() >= ids.len() {
                    break;
                }
                assert!(
                    common::find_id(&app, NEXT_PAGE_ID),
                    "{what}: more errands but no next page"
                );
                tap_id(&mut app, NEXT_PAGE_ID);
            }
            let mut sorted = found.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(
                sorted.len(),
                found.len(),
                "{what}: each errand once: {found:?}"
            );
            assert_eq!(found, ids, "{what}: every errand, in order");
        }
    }
}

/// The sv errand with the most steps (then the most text): the long page.
fn longest(tree: &Tree) -> String {
    tree["sv"]
        .iter()
        .max_by_key(|(_, b)| {
            let chars: usize = page_texts(b).iter().map(|s| s.chars().count()).sum();
            (b.steps.len(), chars)
        })
        .map(|(id, _)| id.clone())
        .unwrap()
}

/// The errand page of a confidential errand (violence, or financial
/// assistance until violence is written) and of the longest errand, in
/// Swedish, Arabic, Tigrinya and Somali: the first screen at 1280×800,
/// and the whole page on a tall window, kept as PNG images to be looked
/// at (tests/snapshots/images/).
#[test]
fn the_errand_page_looks_as_committed() {
    let tree = tree();
    let confidential = if tree["sv"].contains_key("violence") {
        "violence"
    } else {
        "financial-assistance"
    };
    let long = longest(&tree);
    let mut changed = Vec::new();
    for lang in ["sv", "ar", "ti", "so"] {
        for (kind, id) in [("confidential", confidential), ("long", long.as_str())] {
            for (part, size) in [("", (1280.0, 800.0)), ("-whole", (1280.0, 3000.0))] {
                common::set_viewport(size);
                let dir = tempfile::tempdir().unwrap();
                let mut app = at_the_list(dir.path(), None, lang, false);
                open_from_list(&mut app, &tree, lang, id);
                let snap = format!("errand-{kind}{part}-{lang}");
                if !common::snapshot(&app, &snap) {
                    changed.push(snap);
                }
            }
        }
    }
    assert!(changed.is_empty(), "changed: {changed:?}");
}
