//! Errand guidance: every errand in every language, mirrored where it
//! should be, a QR code that decodes to the link, the Swedish fallback with
//! its note, the survey answers in the store, and check-content.

mod common;

use std::path::Path;
use std::process::Command;

use common::{shows, t, tap, tap_id, tap_run};
use entre::content;
use entre::ui::app::Screen;

fn tree() -> content::Tree {
    let (tree, errors) = content::check(
        content::embedded().map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
        &[],
        &common::allowed(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    tree
}

fn all_languages_config(dir: &Path) -> entre::config::Config {
    let langs: Vec<String> = common::catalog().languages();
    let list = langs
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let src = common::DEMO.replace(
        "languages = [\"sv\", \"en\", \"ar\", \"fa\", \"so\", \"ti\", \"fi\", \"tr\", \"pl\", \"uk\"]",
        &format!("languages = [{list}]"),
    );
    common::config_from(&src, dir)
}

#[test]
fn the_bundled_guidance_passes_check_content() {
    let out = Command::new(env!("CARGO_BIN_EXE_entre"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check-content", "assets/guidance"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = tree();
    assert!(tree.len() >= 10, "ten languages: {:?}", tree.keys());
    for (lang, errands) in &tree {
        assert_eq!(errands.len(), 15, "{lang}: fifteen errands");
    }
}

#[test]
fn every_errand_opens_with_its_steps_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let config = all_languages_config(dir.path());
    let tree = tree();
    let mut app = common::app_for(config.clone());
    for lang in &config.kiosk.languages {
        let name = common::catalog().language_name(lang);
        let ids = content::ordered(tree[content::REFERENCE].keys());
        for (i, id) in ids.iter().enumerate() {
            tap(&mut app, &name);
            tap(&mut app, &t(lang, "purpose-guidance"));
            assert!(shows(&app, &t(lang, "guidance-title")), "{lang}");
            // Six errands to a page of the list.
            for _ in 0..i / 6 {
                tap_id(&mut app, entre::ui::widget::NEXT_PAGE_ID);
            }
            let (bundle, fallback) = content::pick(&tree, lang, id).unwrap();
            assert!(!fallback, "{lang}/{id} is translated");
            common::tap_flowing(&mut app, &bundle.title);
            assert!(matches!(app.screen(), Screen::Errand(_)), "{lang}/{id}");
            for step in &bundle.steps {
                assert!(
                    common::find_flowing(&app, step).is_some(),
                    "{lang}/{id}: step {step:?}"
                );
            }
            if entre::i18n::direction(lang) == entre::i18n::Direction::Rtl {
                // The heading: the topmost text that reads as the title
                // (a link's label may say the same further down).
                let norm = |s: &str| {
                    s.replace('\u{200f}', "")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let title = common::texts_with_bounds(&app)
                    .into_iter()
                    .filter(|(_, text)| norm(text) == norm(&bundle.title))
                    .map(|(b, _)| b)
                    .min_by(|a, b| a.y.total_cmp(&b.y))
                    .unwrap();
                assert!(
                    title.x + title.width > 1280.0 / 2.0,
                    "{lang}/{id}: title on the right: {title:?}"
                );
                let first = common::find_flowing(&app, &bundle.steps[0]).unwrap();
                assert!(
                    first.x + first.width > 700.0,
                    "{lang}/{id}: steps on the right"
                );
            }
            tap(&mut app, &t(lang, "nav-start-over"));
        }
    }
}

#[test]
fn a_missing_translation_shows_swedish_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::demo_app(dir.path());
    let mut partial = tree();
    partial.remove("ar");
    app.replace_guidance(partial.clone());
    tap(&mut app, "العربية");
    tap(&mut app, &t("ar", "purpose-guidance"));
    let sv = &partial["sv"]["preschool"];
    tap(&mut app, &sv.title);
    assert!(
        shows(&app, &t("ar", "guidance-untranslated")),
        "the note, in Arabic"
    );
    assert!(shows(&app, &sv.steps[0]), "the Swedish text");
    assert!(
        shows(&app, &t("ar", "guidance-steps")),
        "the headings stay Arabic"
    );
}

#[test]
fn the_qr_code_decodes_to_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::demo_app(dir.path());
    let tree = tree();
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-guidance"));
    let bundle = &tree["sv"]["migration"];
    // Six errands a page.
    let at = content::ordered(tree["sv"].keys())
        .iter()
        .position(|id| *id == "migration")
        .unwrap();
    for _ in 0..at / 6 {
        tap_id(&mut app, entre::ui::widget::NEXT_PAGE_ID);
    }
    tap(&mut app, &bundle.title);
    let png = dir.path().join("qr");
    let mut ui =
        iced_test::Simulator::with_size(entre::ui::settings(), (1920.0, 1080.0), app.view());
    let snap = ui.snapshot(&app.theme()).unwrap();
    assert!(snap.matches_image(&png).unwrap());
    let file = std::fs::File::open(dir.path().join("qr-tiny-skia.png")).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let i = (y * w + x) * 4;
        ((buf[i] as u32 * 30 + buf[i + 1] as u32 * 59 + buf[i + 2] as u32 * 11) / 100) as u8
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    let (_, text) = grids[0].decode().unwrap();
    assert_eq!(text, bundle.link.as_ref().unwrap().url);
    // At least 40 mm on a 22" 1080p screen (0.248 mm a pixel): the snapshot
    // is drawn at scale 2.
    let side = grids[0].bounds[1].x - grids[0].bounds[0].x;
    assert!(
        side as f32 / 2.0 * 0.248 >= 40.0 * 0.8,
        "QR code {side} px wide at scale 2"
    );
}

#[test]
fn the_survey_answers_land_in_the_store() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = common::demo_config(dir.path());
    let mut app = common::app_for(config.clone());
    let tree = tree();
    tap(&mut app, "English");
    tap(&mut app, &t("en", "purpose-guidance"));
    tap_run(&rt, &mut app, &tree["en"]["housing"].title);
    tap(&mut app, &t("en", "guidance-done"));
    assert!(shows(&app, &t("en", "survey-learned")));
    tap(&mut app, &t("en", "survey-yes"));
    assert!(shows(&app, &t("en", "survey-self")));
    tap(&mut app, &t("en", "survey-skip"));
    assert!(shows(&app, &t("en", "survey-gender")));
    tap_run(&rt, &mut app, &t("en", "survey-skip"));
    assert!(shows(&app, &t("en", "survey-thanks")));
    let conn = rusqlite::Connection::open(&config.kiosk.database).unwrap();
    let row: (String, String, Option<bool>, Option<bool>) = conn
        .query_row(
            "SELECT errand, language, learned, self_next_time FROM visit WHERE errand IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(row, ("housing".into(), "en".into(), Some(true), None));
}

/// A copy of the bundled tree with `edit` applied to one file.
fn broken(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/guidance");
    for lang in std::fs::read_dir(&src).unwrap() {
        let lang = lang.unwrap();
        std::fs::create_dir_all(dir.path().join(lang.file_name())).unwrap();
        for f in std::fs::read_dir(lang.path()).unwrap() {
            let f = f.unwrap();
            std::fs::copy(
                f.path(),
                dir.path().join(lang.file_name()).join(f.file_name()),
            )
            .unwrap();
        }
    }
    edit(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_entre"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check-content")
        .arg(dir.path())
        .output()
        .unwrap();
    (dir, out)
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(path).unwrap();
    assert!(s.contains(from), "{from:?} in {}", path.display());
    std::fs::write(path, s.replacen(from, to, 1)).unwrap();
}

#[test]
fn check_content_rejects_broken_bundles() {
    let (dir, out) = broken(|d| std::fs::remove_file(d.join("fi/housing.toml")).unwrap());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("fi/housing.toml:0: missing"), "{err}");
    drop(dir);

    let (dir, out) = broken(|d| {
        replace_in(
            &d.join("sv/migration.toml"),
            "\nurl = \"https://",
            "\nurl = \"http://",
        )
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("sv/migration.toml:") && err.contains("link.url: \"http://"),
        "{err}"
    );
    drop(dir);

    let (dir, out) =
        broken(|d| replace_in(&d.join("en/work.toml"), "steps = [", "steps = [\"  \", "));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("en/work.toml:") && err.contains("steps[0]: is empty"),
        "{err}"
    );
    drop(dir);

    let (dir, out) = broken(|d| {
        replace_in(
            &d.join("ar/preschool.toml"),
            "title =",
            "titel = \"x\"\ntitle =",
        )
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("ar/preschool.toml:1: titel: unknown key"),
        "{err}"
    );
    drop(dir);
}

#[test]
fn the_cache_keeps_what_is_in_use_when_a_bundle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = entre::store::Store::open(&dir.path().join("e.sqlite")).unwrap();
    let langs: Vec<String> = vec!["sv".into(), "en".into()];
    // Guidance in use from the hub (as after a sync).
    let hub = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/guidance/sv/preschool.toml"),
    )
    .unwrap()
    .replacen("title = \"", "title = \"Hubb: ", 1);
    store
        .cache_guidance("hub", "7", &[("sv".into(), "preschool".into(), hub)])
        .unwrap();
    let tree = content::load(Some(&store), &langs, &common::allowed());
    assert!(
        tree["sv"]["preschool"].title.starts_with("Hubb: "),
        "the hub's stays in use"
    );
    assert_eq!(
        tree["sv"].len(),
        content::embedded().filter(|(l, ..)| *l == "sv").count(),
        "the other bundled errands are in use"
    );

    // A broken bundle is refused whole, naming file and line.
    let (checked, errors) = content::check(
        [(
            "sv".to_string(),
            "preschool".to_string(),
            "sv/preschool.toml".to_string(),
            "title = \"x\"\nsummary = 3\n",
        )],
        &langs,
        &common::allowed(),
    );
    assert!(
        checked
            .get("sv")
            .is_none_or(|m| !m.contains_key("preschool"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.to_string().starts_with("sv/preschool.toml:2: summary")),
        "{errors:?}"
    );
}

/// Which icons sit inside the button that shows `label`.
fn icons_on(app: &entre::ui::App, label: &str) -> Vec<&'static str> {
    const NAMES: &[&str] = &[
        "check", "cross", "skip", "skip-rtl", "back", "back-rtl", "calendar", "home", "up", "down",
        "clock", "alert", "info",
    ];
    let text =
        common::find_flowing(app, label).unwrap_or_else(|| panic!("{label:?} not on screen"));
    let button = common::tappables(app)
        .into_iter()
        .find(|b| b.contains(text.center()))
        .unwrap_or_else(|| panic!("{label:?} is on no button"));
    NAMES
        .iter()
        .copied()
        .filter(|name| {
            let id = entre::ui::widget::icon_id(name);
            let mut ui = iced_test::Simulator::with_size(
                entre::ui::settings(),
                common::viewport(),
                app.view(),
            );
            let found = std::sync::Arc::new(std::sync::Mutex::new(false));
            let sink = found.clone();
            let _ = ui.find(move |c: iced_selector::Candidate<'_>| {
                if let iced_selector::Candidate::Container {
                    id: Some(i),
                    bounds,
                    ..
                } = c
                    && *i == id
                    && button.contains(bounds.center())
                {
                    *sink.lock().unwrap() = true;
                }
                None::<()>
            });
            *found.lock().unwrap()
        })
        .collect()
}

/// Icons say what the button does: a check mark for yes and done, a cross
/// for no, an arrow (mirrored in right-to-left languages) for skip.
#[test]
fn each_answer_shows_the_icon_that_means_it() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let tree = tree();
    for (lang, name, skip) in [("en", "English", "skip"), ("ar", "العربية", "skip-rtl")] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = common::demo_app(dir.path());
        tap(&mut app, name);
        tap(&mut app, &t(lang, "purpose-guidance"));
        common::tap_flowing(&mut app, &tree[lang]["housing"].title);
        assert_eq!(
            icons_on(&app, &t(lang, "guidance-done")),
            ["check"],
            "{lang}: Done"
        );
        tap(&mut app, &t(lang, "guidance-done"));
        assert_eq!(
            icons_on(&app, &t(lang, "survey-yes")),
            ["check"],
            "{lang}: Yes"
        );
        assert_eq!(
            icons_on(&app, &t(lang, "survey-no")),
            ["cross"],
            "{lang}: No"
        );
        assert_eq!(
            icons_on(&app, &t(lang, "survey-skip")),
            [skip],
            "{lang}: Skip"
        );
        tap(&mut app, &t(lang, "survey-yes"));
        tap(&mut app, &t(lang, "survey-no"));
        assert_eq!(
            icons_on(&app, &t(lang, "survey-skip")),
            [skip],
            "{lang}: Skip on \"Are you …\""
        );
        tap_run(&rt, &mut app, &t(lang, "survey-skip"));
        tap(&mut app, &t(lang, "checkin-done-button"));
        // Check-in: "Yes, tell them".
        tap(&mut app, name);
        tap(&mut app, &t(lang, "purpose-checkin"));
        tap(&mut app, "Ekonomiskt bistånd");
        tap(&mut app, "Anna Lind");
        assert_eq!(
            icons_on(&app, &t(lang, "checkin-confirm-yes")),
            ["check"],
            "{lang}: Yes, tell them"
        );
    }
    // The visitor's name: skip, or continue (forward, in reading direction).
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::app_for(common::config_from(
        &common::DEMO.replace("visitor_name = \"none\"", "visitor_name = \"first_name\""),
        dir.path(),
    ));
    tap(&mut app, "العربية");
    tap(&mut app, &t("ar", "purpose-checkin"));
    tap(&mut app, "Ekonomiskt bistånd");
    tap(&mut app, "Anna Lind");
    assert_eq!(icons_on(&app, &t("ar", "checkin-name-skip")), ["skip-rtl"]);
    tap(&mut app, "ب");
    assert_eq!(
        icons_on(&app, &t("ar", "checkin-name-next")),
        ["back"],
        "an arrow to the left"
    );
}

/// A bundle the hub sent before a check this kiosk now makes (here: no
/// sources, review dates or terms) no longer parses from the cache: the
/// packaged bundle of that errand is shown instead of nothing.
#[test]
fn a_cached_bundle_that_no_longer_passes_gives_way_to_the_packaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = entre::store::Store::open(&dir.path().join("e.sqlite")).unwrap();
    let langs: Vec<String> = vec!["sv".into(), "en".into()];
    let old = "title = \"Hubb: förskola\"\nsummary = \"Så söker du.\"\nicon = \"calendar\"\nsteps = [\"Ett.\", \"Två.\", \"Tre.\"]\nhelp = \"Fråga oss.\"\ntips = [\"Kom i tid.\"]\n";
    store
        .cache_guidance("hub", "6", &[("sv".into(), "preschool".into(), old.into())])
        .unwrap();
    let shown = content::load(Some(&store), &langs, &common::allowed());
    assert_eq!(
        shown["sv"]["preschool"].title,
        tree()["sv"]["preschool"].title
    );
}
