//! Touch targets: every screen of every flow, in every accessibility mode
//! and in languages with long words and other scripts, is walked in the
//! simulator; every tappable element must be at least `[kiosk]
//! min_target_px` square, at least 8 px from any other, inside the window,
//! and in reach mode in the lower part of the screen.
//!
//! Sizes are logical pixels, which are screen pixels on the 1080p kiosk
//! (large text draws them 1.5× larger still).

mod common;

use std::time::Duration;

use entre::ui::screen::{
    access, confirm, errand, errand_list, find_officer, find_unit, purposes, search, survey,
    visitor_name, welcome,
};
use entre::ui::widget::keyboard;
use entre::ui::{App, Message, Screen};
use iced::Rectangle;

/// The least space between two tappable elements.
const MIN_GAP: f32 = 8.0;
/// In reach mode every control lies below this fraction of the height.
const REACH_TOP: f32 = 0.4;

#[derive(Debug, Clone, Copy)]
struct Mode {
    name: &'static str,
    /// The logical window size: a 1080p kiosk, or the demo window.
    size: (f32, f32),
    /// The screen in screen pixels.
    screen: (f32, f32),
    access: &'static [access::Message],
}

const MODES: &[Mode] = &[
    Mode {
        name: "demo window",
        size: (1280.0, 800.0),
        screen: (1280.0, 800.0),
        access: &[],
    },
    Mode {
        name: "1080p",
        size: (1920.0, 1080.0),
        screen: (1920.0, 1080.0),
        access: &[],
    },
    Mode {
        name: "1080p high contrast",
        size: (1920.0, 1080.0),
        screen: (1920.0, 1080.0),
        access: &[access::Message::HighContrast],
    },
    // 1920×1080 at a scale factor of 1.5.
    Mode {
        name: "1080p large text",
        size: (1280.0, 720.0),
        screen: (1920.0, 1080.0),
        access: &[access::Message::LargeText],
    },
    // The demo window, 800 px high, at the scale that leaves 720 layout
    // pixels (800 / 720 ≈ 1.11).
    Mode {
        name: "demo window large text",
        size: (1152.0, 720.0),
        screen: (1280.0, 800.0),
        access: &[access::Message::LargeText],
    },
    Mode {
        name: "1080p reach",
        size: (1920.0, 1080.0),
        screen: (1920.0, 1080.0),
        access: &[access::Message::Reach],
    },
];

const LANGUAGES: &[&str] = &["sv", "fi", "ar", "ti", "uk"];

fn problems_on(app: &App, where_: &str, mode: &Mode, min: f32) -> Vec<String> {
    let (w, h) = mode.size;
    let taps = common::tappables(app);
    let mut problems = Vec::new();
    if taps.is_empty() && !matches!(app.screen(), Screen::OutOfOrder) {
        problems.push(format!("{where_}: nothing tappable found"));
    }
    // Screen pixels: large text draws every layout pixel 1.5× larger.
    let scale = app.scale_factor();
    for (i, a) in taps.iter().enumerate() {
        if a.width * scale < min || a.height * scale < min {
            problems.push(format!(
                "{where_}: target {i} is {:.0}×{:.0} px on screen (at least {min:.0}×{min:.0})",
                a.width * scale,
                a.height * scale
            ));
        }
        if a.x < 0.0 || a.y < 0.0 || a.x + a.width > w + 0.5 || a.y + a.height > h + 0.5 {
            problems.push(format!(
                "{where_}: target {i} {a:?} is outside the {w}×{h} window"
            ));
        }
        if app.access().reach && a.y < REACH_TOP * h {
            problems.push(format!(
                "{where_}: target {i} starts at y = {:.0}, above the reach zone (y ≥ {:.0})",
                a.y,
                REACH_TOP * h
            ));
        }
        for (j, b) in taps.iter().enumerate().skip(i + 1) {
            let gap = gap(a, b);
            if gap < MIN_GAP {
                problems.push(format!(
                    "{where_}: targets {i} {a:?} and {j} {b:?} are {gap:.0} px apart (at least {MIN_GAP})"
                ));
            }
        }
    }
    problems
}

/// The distance between two rectangles (negative when they overlap).
fn gap(a: &Rectangle, b: &Rectangle) -> f32 {
    let dx = (b.x - (a.x + a.width)).max(a.x - (b.x + b.width));
    let dy = (b.y - (a.y + a.height)).max(a.y - (b.y + b.height));
    dx.max(dy)
}

fn send(app: &mut App, m: Message) {
    let _ = app.update(m);
}

/// Walks every screen of every flow in `lang`, calling `check` on each.
fn walk(config_src: &str, lang: &str, mode: &Mode, check: &mut dyn FnMut(&str, &App)) {
    let dir = tempfile::tempdir().unwrap();
    let config = common::config_from(config_src, dir.path());
    let officers = config.officers.clone();
    let mut app = common::app_for(config);
    let set_up = |app: &mut App| {
        for m in mode.access {
            send(app, Message::OpenAccess);
            send(app, Message::Access(*m));
            send(app, Message::Access(access::Message::Close));
        }
    };
    let start = |app: &mut App| {
        // Long idle: the kiosk starts over, whatever it shows.
        let much_later = iced::time::Instant::now() + Duration::from_secs(24 * 3600);
        send(app, Message::Tick(much_later));
        assert!(matches!(app.screen(), Screen::Welcome(_)));
        set_up(app);
        send(
            app,
            Message::Welcome(welcome::Message::ChoseLanguage(lang.to_string())),
        );
    };
    // The window as the kiosk reports it (screen pixels).
    send(
        &mut app,
        Message::Resized(iced::Size::new(mode.screen.0, mode.screen.1)),
    );
    set_up(&mut app);
    check("welcome", &app);
    send(&mut app, Message::OpenAccess);
    check("accessibility panel", &app);
    send(&mut app, Message::Access(access::Message::Close));
    send(
        &mut app,
        Message::Welcome(welcome::Message::ChoseLanguage(lang.to_string())),
    );
    check("purposes", &app);
    send(&mut app, Message::OpenAccess);
    check("accessibility panel", &app);
    send(&mut app, Message::Access(access::Message::Close));

    // Idle warning over a screen.
    let later = iced::time::Instant::now() + app.idle_timeout() + Duration::from_secs(1);
    send(&mut app, Message::Tick(later));
    check("idle warning", &app);
    send(&mut app, Message::Activity);

    // Check-in.
    send(&mut app, Message::Purposes(purposes::Message::Chose(0)));
    match app.screen() {
        Screen::FindUnit(_) => {
            check("units", &app);
            send(
                &mut app,
                Message::FindUnit(find_unit::Message::Chose("family".into())),
            );
            check("officers", &app);
            send(
                &mut app,
                Message::FindOfficer(find_officer::Message::Chose(0)),
            );
        }
        Screen::Search(_) => {
            check("search, empty", &app);
            for c in ['a', 'n'] {
                send(
                    &mut app,
                    Message::Search(search::Message::Keyboard(keyboard::Message::Pressed(
                        keyboard::Key::Char(c),
                    ))),
                );
            }
            check("search, matches", &app);
            send(&mut app, Message::Search(search::Message::Chose(0)));
        }
        other => panic!("check-in starts on {other:?}"),
    }
    if let Screen::VisitorName(_) = app.screen() {
        check("visitor name", &app);
        send(
            &mut app,
            Message::VisitorName(visitor_name::Message::Keyboard(keyboard::Message::Pressed(
                keyboard::Key::Switch,
            ))),
        );
        check("visitor name, Latin", &app);
        send(&mut app, Message::VisitorName(visitor_name::Message::Skip));
    }
    check("confirm", &app);
    send(&mut app, Message::Confirm(confirm::Message::Yes));
    check("arrival, sending", &app);
    send(&mut app, Message::CheckedIn(Ok(false)));
    check("arrival, failed", &app);

    // An officer who is away (the demo has one).
    let (away, unit) = officers
        .iter()
        .enumerate()
        .find(|(_, o)| !o.available)
        .map(|(i, o)| (i, o.unit.clone()))
        .expect("an officer who is away");
    start(&mut app);
    send(&mut app, Message::Purposes(purposes::Message::Chose(0)));
    if let Screen::FindUnit(_) = app.screen() {
        send(&mut app, Message::FindUnit(find_unit::Message::Chose(unit)));
        send(
            &mut app,
            Message::FindOfficer(find_officer::Message::Chose(away)),
        );
        check("arrival, away", &app);
    }

    // Guidance.
    start(&mut app);
    send(&mut app, Message::Purposes(purposes::Message::Chose(1)));
    check("errands", &app);
    send(&mut app, Message::ErrandList(errand_list::Message::Page(1)));
    check("errands, page 2", &app);
    send(
        &mut app,
        Message::ErrandList(errand_list::Message::Chose("debt-advice".into())),
    );
    check("errand page", &app);
    send(&mut app, Message::Errand(errand::Message::Done));
    check("survey", &app);
    send(
        &mut app,
        Message::Survey(survey::Message::Answer(Some(true))),
    );
    check("survey, second question", &app);
    send(&mut app, Message::Survey(survey::Message::Answer(None)));
    check("survey, are you", &app);
    send(&mut app, Message::Survey(survey::Message::Gender(None)));
    check("thanks", &app);

    // The welcome screen's "How was your visit?": the languages, then the
    // questions in the one chosen.
    send(
        &mut app,
        Message::Tick(iced::time::Instant::now() + Duration::from_secs(24 * 3600)),
    );
    set_up(&mut app);
    send(&mut app, Message::Welcome(welcome::Message::ExitTile));
    check("exit survey, languages", &app);
    send(
        &mut app,
        Message::Welcome(welcome::Message::ChoseLanguage(lang.to_string())),
    );
    check("exit survey", &app);
    send(
        &mut app,
        Message::Survey(survey::Message::Answer(Some(true))),
    );
    send(&mut app, Message::Survey(survey::Message::Answer(None)));
    check("exit survey, are you", &app);
    send(&mut app, Message::Survey(survey::Message::Gender(None)));
    check("exit survey, thanks", &app);

    // The information purposes.
    for i in 2..4 {
        start(&mut app);
        send(&mut app, Message::Purposes(purposes::Message::Chose(i)));
        check("information", &app);
    }
}

fn walk_all(config_src: &str, modes: &[Mode], languages: &[&str]) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut screens = 0;
    let src = config_src.to_string();
    let min = common::config_from(&src, std::path::Path::new("."))
        .kiosk
        .min_target_px as f32;
    for mode in modes {
        common::set_viewport(mode.size);
        for lang in languages {
            walk(&src, lang, mode, &mut |name, app| {
                screens += 1;
                let where_ = format!("{} / {lang} / {name}", mode.name);
                problems.extend(problems_on(app, &where_, mode, min));
            });
        }
    }
    (screens, problems)
}

fn assert_no_problems(screens: usize, problems: Vec<String>) {
    assert!(screens > 100, "only {screens} screens walked");
    assert!(
        problems.is_empty(),
        "{} problems on {screens} screens:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_target_is_big_enough_and_apart_in_list_mode() {
    let (screens, problems) = walk_all(common::DEMO, MODES, LANGUAGES);
    assert_no_problems(screens, problems);
}

#[test]
fn every_target_is_big_enough_and_apart_in_search_mode_with_names() {
    let src = common::DEMO
        .replace("find = \"list\"", "find = \"search\"")
        .replace("visitor_name = \"none\"", "visitor_name = \"first_name\"");
    assert!(src.contains("find = \"search\""));
    let (screens, problems) = walk_all(&src, MODES, LANGUAGES);
    assert_no_problems(screens, problems);
}

#[test]
fn the_check_finds_a_target_that_is_too_small() {
    // The walk is only worth something if it can fail: ask for targets
    // larger than the tiles.
    let src = common::DEMO.replace("min_target_px = 80", "min_target_px = 200");
    let (_, problems) = walk_all(&src, &MODES[..1], &["sv"]);
    assert!(
        problems.iter().any(|p| p.contains("(at least 200×200)")),
        "{problems:?}"
    );
}

/// A picture of a screen as the simulator draws it.
struct Picture {
    rgba: Vec<u8>,
    width: usize,
    height: usize,
    /// Picture pixels per layout pixel.
    scale: f32,
}

impl Picture {
    /// Draws `element` in a window of `size` (layout pixels) and finds
    /// every text with where it is and how much of it is visible.
    fn of<'a>(
        element: impl Into<iced::Element<'a, Message>>,
        size: (f32, f32),
        theme: &iced::Theme,
        file: &std::path::Path,
    ) -> (Picture, Vec<(String, Rectangle, Option<Rectangle>)>) {
        let mut ui = iced_test::Simulator::with_size(entre::ui::settings(), size, element);
        let found = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = found.clone();
        let modal = iced::widget::Id::new(entre::ui::widget::MODAL_ID);
        let _ = ui.find(move |c: iced_selector::Candidate<'_>| {
            match c {
                iced_selector::Candidate::Text {
                    content,
                    bounds,
                    visible_bounds,
                    ..
                } => sink
                    .lock()
                    .unwrap()
                    .push((content.to_string(), bounds, visible_bounds)),
                // Under a dialog, only the texts on it are seen whole.
                iced_selector::Candidate::Container { id: Some(id), .. } if *id == modal => {
                    sink.lock().unwrap().clear()
                }
                _ => {}
            }
            None::<()>
        });
        let snap = ui.snapshot(theme).expect("snapshot renders");
        let _ = std::fs::remove_file(format!("{}-tiny-skia.png", file.display()));
        snap.matches_image(file).expect("png written");
        let png = format!("{}-tiny-skia.png", file.display());
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut rgba = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut rgba).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgba);
        let (width, height) = (info.width as usize, info.height as usize);
        let picture = Picture {
            rgba,
            width,
            height,
            scale: width as f32 / size.0,
        };
        let texts = found.lock().unwrap().clone();
        (picture, texts)
    }

    fn luma(&self, x: i64, y: i64) -> Option<f32> {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return None;
        }
        let i = (y as usize * self.width + x as usize) * 4;
        let p = &self.rgba[i..i + 3];
        Some(0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]))
    }

    /// How many pixels of ink lie just outside the text at `bounds` (2 to
    /// 10 layout pixels to its left and right, in the middle half of its
    /// height): letters drawn past the place the layout gave the text.
    /// Ink is whatever looks like the text's own letters against its
    /// background, measured inside `bounds`.
    fn ink_outside(&self, bounds: Rectangle, visible: Rectangle) -> usize {
        let s = self.scale;
        let x0 = (bounds.x * s).round() as i64;
        let x1 = ((bounds.x + bounds.width) * s).round() as i64;
        let top = bounds.y.max(visible.y);
        let bottom = (bounds.y + bounds.height).min(visible.y + visible.height);
        if bottom - top < bounds.height * 0.5 {
            return 0;
        }
        let y0 = ((top + (bottom - top) * 0.25) * s).round() as i64;
        let y1 = ((top + (bottom - top) * 0.75) * s).round() as i64;
        // The background: the line's top and bottom rows, between lines.
        let mut ground: Vec<f32> = [
            (bounds.y * s).round() as i64 + 1,
            ((bounds.y + bounds.height) * s).round() as i64 - 2,
        ]
        .into_iter()
        .filter(|y| (top * s) as i64 <= *y && *y < (bottom * s) as i64)
        .flat_map(|y| (x0..x1).filter_map(move |x| self.luma(x, y)))
        .collect();
        if ground.is_empty() {
            return 0;
        }
        ground.sort_by(f32::total_cmp);
        let ground = ground[ground.len() / 2];
        let contrast = (y0..y1)
            .flat_map(|y| (x0..x1).filter_map(move |x| self.luma(x, y)))
            .map(|l| (l - ground).abs())
            .fold(0.0, f32::max);
        if contrast < 60.0 {
            return 0;
        }
        let is_ink = |l: f32| (l - ground).abs() > contrast / 2.0;
        let (near, far) = ((2.0 * s) as i64, (10.0 * s) as i64);
        (y0..y1)
            .flat_map(|y| {
                (x1 + near..x1 + far)
                    .chain(x0 - far..x0 - near)
                    .map(move |x| (x, y))
            })
            .filter(|(x, y)| self.luma(*x, *y).is_some_and(is_ink))
            .count()
    }
}

/// Texts on the current screen whose letters run past their place.
fn overflowing(app: &App, where_: &str, file: &std::path::Path) -> Vec<String> {
    let (picture, texts) = Picture::of(app.view(), common::viewport(), &app.theme(), file);
    texts
        .into_iter()
        // Titles, tiles and paragraphs in a right-to-left script (not the
        // letters on keys, which fill their keys).
        .filter(|(content, ..)| {
            content.contains(' ')
                && content
                    .chars()
                    .any(|c| matches!(c, '\u{0590}'..='\u{08ff}'))
        })
        .filter_map(|(content, bounds, visible)| {
            let n = picture.ink_outside(bounds, visible?);
            if n > 24 && std::env::var_os("INK_DEBUG").is_some() {
                let _ = std::fs::create_dir_all("/tmp/ink");
                let _ = std::fs::copy(
                    format!("{}-tiny-skia.png", file.display()),
                    format!("/tmp/ink/{}.png", where_.replace(['/', ' ', ','], "_")),
                );
            }
            (n > 24).then(|| {
                format!("{where_}: {content:?} at {bounds:?} runs {n} pixels past its place")
            })
        })
        .collect()
}

/// Right-to-left text that mixes in Latin words is not wrapped by iced
/// 0.14's text engine, and an RTL line that runs past its place loses its
/// first words under the right edge ("روضة الأطفال (förskola)"). Every
/// screen in Arabic and Persian, every errand page whole, in the demo
/// window and in large text: no text may be drawn past its place.
#[test]
fn no_right_to_left_text_runs_past_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("screen");
    let src = common::DEMO.replace("visitor_name = \"none\"", "visitor_name = \"first_name\"");
    let modes = [MODES[0], MODES[4]];
    let (tree, _) = entre::content::check(
        entre::content::embedded()
            .map(|(l, e, s)| (l.to_string(), e.to_string(), format!("{l}/{e}"), s)),
        &[],
        &common::allowed(),
    );
    let errands: Vec<String> = entre::content::ordered(tree[entre::content::REFERENCE].keys())
        .into_iter()
        .cloned()
        .collect();
    let mut problems = Vec::new();
    let mut screens = 0;
    for mode in &modes {
        for lang in ["ar", "fa"] {
            common::set_viewport(mode.size);
            walk(&src, lang, mode, &mut |name, app| {
                screens += 1;
                let where_ = format!("{} / {lang} / {name}", mode.name);
                problems.extend(overflowing(app, &where_, &file));
            });
            // Every errand page, drawn whole in a window tall enough.
            let dir = tempfile::tempdir().unwrap();
            let mut app = common::app_for(common::config_from(&src, dir.path()));
            send(
                &mut app,
                Message::Resized(iced::Size::new(mode.screen.0, mode.screen.1)),
            );
            for m in mode.access {
                send(&mut app, Message::OpenAccess);
                send(&mut app, Message::Access(*m));
                send(&mut app, Message::Access(access::Message::Close));
            }
            send(
                &mut app,
                Message::Welcome(welcome::Message::ChoseLanguage(lang.to_string())),
            );
            send(&mut app, Message::Purposes(purposes::Message::Chose(1)));
            common::set_viewport((mode.size.0, 3000.0));
            for errand in &errands {
                send(
                    &mut app,
                    Message::ErrandList(errand_list::Message::Chose(errand.to_string())),
                );
                screens += 1;
                let where_ = format!("{} / {lang} / errand {errand}", mode.name);
                problems.extend(overflowing(&app, &where_, &file));
                send(&mut app, Message::Errand(errand::Message::Back));
            }
        }
    }
    assert!(screens > 50, "only {screens} screens looked at");
    assert!(
        problems.is_empty(),
        "{} texts run past their place:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The look for text past its place is only worth something if it finds
/// the title the issue was about, laid out as it was: an RTL line with a
/// Latin word, in less room than it needs.
#[test]
fn the_check_finds_a_right_to_left_title_past_its_place() {
    use iced::widget::{container, text};
    let dir = tempfile::tempdir().unwrap();
    let title = "روضة الأطفال (förskola)";
    let element = container(
        container(text(title).size(46).font(entre::ui::theme::BOLD))
            .align_right(iced::Length::Fill),
    )
    .width(400)
    .padding(40);
    let theme = entre::ui::theme::theme(&entre::ui::theme::DEFAULT);
    let (picture, texts) = Picture::of(element, (800.0, 200.0), &theme, &dir.path().join("title"));
    let (_, bounds, visible) = texts.into_iter().find(|(c, ..)| c == title).unwrap();
    let n = picture.ink_outside(bounds, visible.unwrap());
    assert!(n > 24, "{n} pixels");
}
