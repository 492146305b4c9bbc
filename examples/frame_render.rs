//! Row 5 of `scripts/bench`: how long iced's software renderer takes to
//! produce a whole frame of each screen at 1920×1080 (scale 1), in-process.
//!
//! One frame here is what the kiosk does for a full redraw after a screen
//! change (it always redraws the whole window then, see `ui::theme`):
//! `view`, layout, drawing, and tiny-skia rasterizing every pixel into a
//! reused buffer, exactly as iced's compositor draws into the window's
//! buffer before presenting it (the copy to the X server is not included). The first frame of a screen (text shaped afresh) is
//! reported on its own; p50/p99 are over the following frames.
//!
//! Run: `cargo run --release --example frame_render -- [FRAMES]`; prints
//! JSON. Not a test: nothing here asserts a time.

use std::sync::Arc;
use std::time::Instant;

use iced::advanced::renderer::Headless;
use iced::{Size, mouse};
use iced_test::renderer::Renderer;
use iced_test::runtime::{UserInterface, user_interface};
use iced_tiny_skia::graphics::Viewport;

use entre::i18n::Catalog;
use entre::store::Store;
use entre::ui::{App, Message};

const WIDTH: u32 = 1920;
const HEIGHT: u32 = 1080;

fn main() {
    let frames: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("FRAMES is a number"))
        .unwrap_or(60);
    let dir = tempfile::tempdir().expect("a scratch folder");
    let catalog = Catalog::embedded().expect("shipped locales load");
    let demo = include_str!("../kiosk.toml");
    let config =
        entre::config::parse(demo, dir.path(), &catalog).expect("the demo config is valid");
    let store = Store::open(&config.kiosk.database);
    let mut app = App::new(
        Arc::new(config),
        Arc::new(Catalog::embedded().expect("shipped locales load")),
        store,
    );

    let settings = entre::ui::settings();
    for font in &settings.fonts {
        iced_test::renderer::graphics::text::font_system()
            .write()
            .expect("font system")
            .load_font(font.clone());
    }
    let mut renderer =
        iced_test::futures::futures::executor::block_on(<Renderer as Headless>::new(
            settings.default_font,
            settings.default_text_size,
            Some("tiny-skia"),
        ))
        .expect("the tiny-skia renderer");

    let t = |id: &str| catalog.text("sv", id, None);
    // The flow of the browser comparison, then the check-in screens.
    let route: Vec<(&str, Option<String>)> = vec![
        ("welcome", None),
        ("purposes", Some("Svenska".into())),
        ("errand-list", Some(t("purpose-guidance"))),
        ("errand", Some("Förskola".into())),
        ("purposes-again", Some(t("nav-start-over"))),
        ("units", Some(t("purpose-checkin"))),
        ("officers", Some("Ekonomiskt bistånd".into())),
        ("confirm", Some("Anna Lind".into())),
        ("arrival", Some(t("checkin-confirm-yes"))),
    ];
    let mut screens = serde_json::Map::new();
    for (name, tap) in route {
        if let Some(label) = tap {
            if name == "purposes-again" {
                // Start over leads to the welcome screen; choose Swedish again.
                click(&mut app, &label);
                click(&mut app, "Svenska");
                continue;
            }
            click(&mut app, &label);
        }
        let times = render(&app, &mut renderer, frames + 1);
        let rest = &times[1..];
        let sorted = |part: fn(&Frame) -> f64| {
            let mut v: Vec<f64> = rest.iter().map(part).collect();
            v.sort_by(f64::total_cmp);
            v
        };
        let total = sorted(|f| f.total);
        screens.insert(
            name.into(),
            serde_json::json!({
                "first_ms": times[0].total,
                "p50_ms": percentile(&total, 50.0),
                "p99_ms": percentile(&total, 99.0),
                "max_ms": total.last().copied().unwrap_or(f64::NAN),
                "frames": total.len(),
                "layout_p50_ms": percentile(&sorted(|f| f.layout), 50.0),
                "draw_p50_ms": percentile(&sorted(|f| f.draw), 50.0),
                "raster_p50_ms": percentile(&sorted(|f| f.raster), 50.0),
            }),
        );
    }
    println!(
        "{}",
        serde_json::json!({ "width": WIDTH, "height": HEIGHT, "screens": screens })
    );
}

/// One whole frame, in milliseconds: in all, and its parts (view and
/// layout; drawing the widgets into primitives; rasterizing them and
/// reading the pixels back).
#[derive(Clone, Copy)]
struct Frame {
    total: f64,
    layout: f64,
    draw: f64,
    raster: f64,
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Each of `n` whole frames of the app's current screen.
fn render(app: &App, renderer: &mut Renderer, n: usize) -> Vec<Frame> {
    let theme = app.theme();
    let base = iced::theme::Base::base(&theme);
    let size = Size::new(WIDTH as f32, HEIGHT as f32);
    let viewport = Viewport::with_physical_size(Size::new(WIDTH, HEIGHT), 1.0);
    let everything = [iced::Rectangle::with_size(size)];
    // The window's buffer and clip mask are reused from frame to frame.
    let mut buffer = vec![0u32; (WIDTH * HEIGHT) as usize];
    let mut clip_mask = tiny_skia::Mask::new(WIDTH, HEIGHT).expect("a clip mask");
    let mut cache = user_interface::Cache::default();
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        buffer.fill(0);
        let started = Instant::now();
        let mut ui = UserInterface::build(app.view(), size, cache, renderer);
        let built = started.elapsed();
        ui.draw(
            renderer,
            &theme,
            &iced::advanced::renderer::Style {
                text_color: base.text_color,
            },
            mouse::Cursor::Unavailable,
        );
        let drawn = started.elapsed();
        let mut pixels =
            tiny_skia::PixmapMut::from_bytes(bytemuck::cast_slice_mut(&mut buffer), WIDTH, HEIGHT)
                .expect("a pixmap over the buffer");
        renderer.draw(
            &mut pixels,
            &mut clip_mask,
            &viewport,
            &everything,
            base.background_color,
        );
        let all = started.elapsed();
        times.push(Frame {
            total: ms(all),
            layout: ms(built),
            draw: ms(drawn - built),
            raster: ms(all - drawn),
        });
        cache = ui.into_cache();
    }
    // Something was drawn besides the background (text, borders).
    let distinct: std::collections::HashSet<u32> = buffer.iter().copied().collect();
    assert!(distinct.len() > 2, "the frame is blank");
    times
}

/// Taps the text `label` and feeds the messages to the app (its tasks,
/// mail and the like, are not run: only the screens matter here).
fn click(app: &mut App, label: &str) {
    let messages: Vec<Message> = {
        let mut ui = iced_test::Simulator::with_size(
            entre::ui::settings(),
            (WIDTH as f32, HEIGHT as f32),
            app.view(),
        );
        if let Err(e) = ui.click(label) {
            panic!("cannot tap {label:?}: {e:?}");
        }
        ui.into_messages().collect()
    };
    for m in messages {
        let _ = app.update(m);
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}
