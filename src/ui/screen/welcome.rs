//! The first screen: the office's name and the languages, each by its own
//! name in its own script. Tapping a language starts the visit in it.
//!
//! With `[survey] exit_tile`, a tile "How was your visit?" for visitors on
//! their way out. It leads to the same languages, each tile asking "How
//! was your visit?" in its own language: the survey is then asked in the
//! one tapped, also by a visitor who reads no Swedish.

use iced::widget::{column, container};
use iced::{Alignment, Element, Length};

use super::Action;
use crate::ui::widget::{
    centred, grid, icon, nav_bar, page, para, placed_text, reading_row, tap, title,
};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    ChoseLanguage(String),
    /// The tile "How was your visit?".
    ExitTile,
    Back,
    StartOver,
}

/// The widget id of the exit tile's face (for tests).
pub const EXIT_TILE_ID: &str = "welcome:exit-tile";

/// Height of the exit tile.
pub const EXIT_TILE_HEIGHT: f32 = 150.0;

#[derive(Debug, Default)]
pub struct Welcome {
    /// The languages for the exit survey (after the exit tile).
    exit: bool,
}

impl Welcome {
    /// The languages, each asking "How was your visit?" in its own words.
    pub fn exit() -> Self {
        Welcome { exit: true }
    }

    /// Whether this is the language choice of the exit survey.
    pub fn is_exit(&self) -> bool {
        self.exit
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::ChoseLanguage(lang) if self.exit => Action::ExitSurvey { lang },
            Message::ChoseLanguage(lang) => Action::Start { lang },
            Message::ExitTile => Action::ExitTile,
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        // Each tile speaks its own language: its name, and "choose your
        // language" (or "how was your visit?") in it, for visitors who read
        // no Swedish.
        let prompt_id = if self.exit {
            "survey-exit"
        } else {
            "welcome-choose-language"
        };
        let languages = ctx
            .config
            .kiosk
            .languages
            .iter()
            .map(|lang| {
                let name = ctx.catalog.language_name(lang);
                let prompt = ctx.catalog.text(lang, prompt_id, None);
                let rtl = crate::i18n::direction(lang) == crate::i18n::Direction::Rtl;
                tap(
                    container(
                        column![
                            // Every line centred, also when the prompt wraps.
                            centred(name, theme::TILE_TEXT + 4.0, theme::BOLD, rtl),
                            centred(prompt, theme::SMALL, theme::FONT, rtl),
                        ]
                        .spacing(4)
                        .align_x(Alignment::Center),
                    )
                    .center(Length::Fill),
                    Some(Message::ChoseLanguage(lang.clone())),
                    theme::tile(ctx.c()),
                    |b| b.width(Length::Fill).height(Length::Fixed(150.0)),
                )
            })
            .collect();
        // The exit tile takes two cells (or three) of the last row.
        let tile_cells = if ctx.config.survey.exit_tile && !self.exit {
            2
        } else {
            0
        };
        let per_row = match ctx.config.kiosk.languages.len() {
            // Reach mode: two rows at most, low on the screen.
            n if ctx.reach() => (n + tile_cells).div_ceil(2).max(3),
            n if n > 6 => 4,
            _ => 3,
        };
        if self.exit {
            let body = column![
                title(ctx, ctx.t("survey-exit")),
                grid(ctx, languages, per_row),
            ]
            .spacing(theme::GAP * 1.5);
            return page(
                ctx,
                body.into(),
                Some(nav_bar(ctx, Message::Back, Message::StartOver)),
            );
        }
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("office", ctx.config.office.name.clone());
        let tiles = if ctx.config.survey.exit_tile {
            with_exit_tile(ctx, languages, per_row)
        } else {
            grid(ctx, languages, per_row)
        };
        let mut body = column![title(ctx, ctx.t_args("welcome-title", &args)), tiles]
            .spacing(theme::GAP * 1.5);
        if !ctx.config.office.opening_hours.is_empty() {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("hours", ctx.config.office.opening_hours.clone());
            body = body.push(para(
                ctx,
                ctx.t_args("flow-opening-hours", &args),
                theme::BODY,
            ));
        }
        page(ctx, body.into(), None)
    }
}

/// The languages in rows of `per_row`, and the exit tile in the cells the
/// last row leaves empty (a row of its own when there are none): the
/// screen grows no taller for it.
fn with_exit_tile<'a>(
    ctx: &Ctx<'a>,
    languages: Vec<Element<'a, Message>>,
    per_row: usize,
) -> Element<'a, Message> {
    let full = languages.len() / per_row * per_row;
    let mut languages = languages.into_iter();
    let top: Vec<_> = languages.by_ref().take(full).collect();
    let mut last: Vec<Element<'a, Message>> = languages
        .map(|tile| container(tile).width(Length::FillPortion(1)).into())
        .collect();
    let empty = (per_row - last.len()) as u16;
    last.push(
        container(exit_tile(ctx))
            .width(Length::FillPortion(empty))
            .into(),
    );
    let mut rows = column![].spacing(theme::GAP);
    if !top.is_empty() {
        rows = rows.push(grid(ctx, top, per_row));
    }
    rows.push(reading_row(ctx, last).spacing(theme::GAP)).into()
}

/// "How was your visit?" with its hint, as high as a language tile.
fn exit_tile<'a>(ctx: &Ctx<'a>) -> Element<'a, Message> {
    let words = column![
        placed_text(
            ctx,
            ctx.t("survey-exit"),
            theme::TILE_TEXT,
            theme::BOLD,
            iced::Padding::ZERO
        ),
        placed_text(
            ctx,
            ctx.t("survey-exit-hint"),
            theme::SMALL,
            theme::FONT,
            iced::Padding::ZERO
        ),
    ]
    .spacing(2);
    let content = reading_row(
        ctx,
        vec![
            icon("check", theme::ICON * 0.8, ctx.c().primary),
            words.width(Length::Fill).into(),
        ],
    )
    .spacing(theme::GAP)
    .align_y(Alignment::Center);
    tap(
        container(content)
            .center_y(Length::Fill)
            .padding([0, 12])
            .id(iced::widget::Id::new(EXIT_TILE_ID)),
        Some(Message::ExitTile),
        theme::tile(ctx.c()),
        |b| {
            b.width(Length::Fill)
                .height(Length::Fixed(EXIT_TILE_HEIGHT))
                .padding([8, 16])
        },
    )
}
