//! The first screen: the office's name and the languages, each by its own
//! name in its own script. Tapping a language starts the visit in it.

use iced::Element;
use iced::widget::column;

use super::Action;
use crate::ui::widget::{centred, grid, page, para, tap, title};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    ChoseLanguage(String),
}

#[derive(Debug, Default)]
pub struct Welcome;

impl Welcome {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::ChoseLanguage(lang) => Action::Start { lang },
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("office", ctx.config.office.name.clone());
        let languages = ctx
            .config
            .kiosk
            .languages
            .iter()
            .map(|lang| {
                // Each tile speaks its own language: its name, and "choose
                // your language" in it, for visitors who read no Swedish.
                let name = ctx.catalog.language_name(lang);
                let prompt = ctx.catalog.text(lang, "welcome-choose-language", None);
                let rtl = crate::i18n::direction(lang) == crate::i18n::Direction::Rtl;
                tap(
                    iced::widget::container(
                        column![
                            // Every line centred, also when the prompt wraps.
                            centred(name, theme::TILE_TEXT + 4.0, theme::BOLD, rtl),
                            centred(prompt, theme::SMALL, theme::FONT, rtl),
                        ]
                        .spacing(4)
                        .align_x(iced::Alignment::Center),
                    )
                    .center(iced::Length::Fill),
                    Some(Message::ChoseLanguage(lang.clone())),
                    theme::tile(ctx.c()),
                    |b| {
                        b.width(iced::Length::Fill)
                            .height(iced::Length::Fixed(150.0))
                    },
                )
            })
            .collect();
        let mut body = column![
            title(ctx, ctx.t_args("welcome-title", &args)),
            grid(
                ctx,
                languages,
                match ctx.config.kiosk.languages.len() {
                    // Reach mode: two rows at most, low on the screen.
                    n if ctx.reach() => n.div_ceil(2).max(3),
                    n if n > 6 => 4,
                    _ => 3,
                }
            ),
        ]
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
