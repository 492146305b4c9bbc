//! The first screen: the office's name and the languages, each by its own
//! name in its own script. Tapping a language starts the visit in it.

use iced::Element;
use iced::widget::{column, text};

use super::Action;
use crate::ui::widget::{grid, page, para, title};
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
                let name = ctx.catalog.language_name(lang);
                iced::widget::button(
                    iced::widget::container(text(name).size(theme::TILE_TEXT).font(theme::BOLD))
                        .center(iced::Length::Fill),
                )
                .on_press(Message::ChoseLanguage(lang.clone()))
                .width(iced::Length::Fill)
                .height(iced::Length::Fixed(120.0))
                .style(theme::tile)
                .into()
            })
            .collect();
        let mut body = column![
            title(ctx, ctx.t_args("welcome-title", &args)),
            para(ctx, ctx.t("welcome-choose-language"), theme::BODY),
            grid(ctx, languages, 3),
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
        page(body.into(), None)
    }
}
