//! Check-in: the visitor may type their first name or initials (as
//! `[privacy] visitor_name` allows) on the on-screen keyboard, or skip.

use iced::Element;
use iced::widget::column;

use super::Action;
use super::search::text_field;
use crate::config::VisitorName as Mode;
use crate::outbound::mail::MAX_VISITOR_CHARS;
use crate::ui::widget::keyboard::{self, Layout, layout_for};
use crate::ui::widget::{action, forward, nav_bar_with, nav_button, page, para, skip};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Keyboard(keyboard::Message),
    Skip,
    Next,
    Back,
    StartOver,
}

#[derive(Debug)]
pub struct VisitorName {
    mode: Mode,
    typed: String,
    layout: Layout,
}

impl VisitorName {
    pub fn new(mode: Mode, lang: &str) -> Self {
        VisitorName {
            mode,
            typed: String::new(),
            layout: layout_for(lang),
        }
    }

    pub fn update(&mut self, message: Message, lang: &str) -> Action {
        match message {
            Message::Keyboard(keyboard::Message::Pressed(keyboard::Key::Switch)) => {
                self.layout = if self.layout == Layout::Latin {
                    layout_for(lang)
                } else {
                    Layout::Latin
                };
                Action::None
            }
            Message::Keyboard(keyboard::Message::Pressed(key)) => {
                keyboard::apply(&mut self.typed, &key, MAX_VISITOR_CHARS, self.layout);
                Action::None
            }
            Message::Skip => Action::NameDone(String::new()),
            Message::Next => Action::NameDone(self.typed.clone()),
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let prompt = match self.mode {
            Mode::Initials => ctx.t("checkin-name-title-initials"),
            _ => ctx.t("checkin-name-title-first"),
        };
        let mut body = column![text_field(ctx, &self.typed, prompt)].spacing(8);
        // In large text the keyboard needs the room (Ethiopic has six rows).
        if !ctx.access.large_text {
            body = body.push(para(ctx, ctx.t("checkin-name-why"), theme::BODY - 4.0));
        }
        // The keyboard sits low, just above the navigation bar.
        let body = body
            .push(iced::widget::space::vertical())
            .push(keyboard::view(ctx, self.layout, true).map(Message::Keyboard));
        let next = if self.typed.trim().is_empty() {
            nav_button(
                ctx,
                skip(ctx),
                ctx.t("checkin-name-skip"),
                Some(Message::Skip),
            )
        } else {
            action(ctx, forward(ctx), ctx.t("checkin-name-next"), Message::Next)
        };
        page(
            ctx,
            body.into(),
            Some(nav_bar_with(
                ctx,
                Message::Back,
                Message::StartOver,
                vec![next],
            )),
        )
    }
}
