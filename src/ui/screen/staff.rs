//! The hidden staff exit: after the top-left corner has been held for five
//! seconds, a PIN pad. The right PIN closes the kiosk for IT; three wrong
//! ones return to the welcome screen. Shown in the office language.

use iced::widget::{column, container, text};
use iced::{Element, Length};

use crate::ui::widget::keyboard::{KEY_GAP, KEY_HEIGHT};
use crate::ui::widget::{grid_with, nav_button, page, para, tap, title};
use crate::ui::{Ctx, theme};

/// Wrong PINs before the pad closes.
pub const ATTEMPTS: u8 = 3;
const MAX_DIGITS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Digit(char),
    Erase,
    Enter,
    Cancel,
}

/// What the pad asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    None,
    /// Check this PIN.
    Check(String),
    Cancel,
}

#[derive(Debug, Default)]
pub struct Staff {
    typed: String,
    pub wrong: u8,
}

impl Staff {
    /// What decides the picture (for the app's full repaint on change).
    pub fn view_key(&self) -> usize {
        self.typed.len() + 100 * usize::from(self.wrong)
    }

    pub fn update(&mut self, message: Message) -> Outcome {
        match message {
            Message::Digit(d) if self.typed.len() < MAX_DIGITS && d.is_ascii_digit() => {
                self.typed.push(d);
                Outcome::None
            }
            Message::Digit(_) => Outcome::None,
            Message::Erase => {
                self.typed.clear();
                Outcome::None
            }
            Message::Enter => Outcome::Check(std::mem::take(&mut self.typed)),
            Message::Cancel => Outcome::Cancel,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let c = ctx.c();
        let key = |label: String, message: Message| {
            tap(
                container(text(label).size(theme::TITLE).font(theme::BOLD)).center(Length::Fill),
                Some(message),
                theme::tile(c),
                |b| {
                    b.width(Length::Fixed(160.0))
                        .height(Length::Fixed(KEY_HEIGHT))
                },
            )
        };
        let mut keys: Vec<Element<'a, Message>> = ('1'..='9')
            .map(|d| key(d.to_string(), Message::Digit(d)))
            .collect();
        keys.push(key("C".into(), Message::Erase));
        keys.push(key("0".into(), Message::Digit('0')));
        keys.push(key("OK".into(), Message::Enter));
        let dots = "•".repeat(self.typed.len());
        let mut body = column![
            title(ctx, ctx.t("staff-title")),
            container(text(dots).size(theme::TITLE))
                .center_x(Length::Fill)
                .height(Length::Fixed(48.0)),
        ]
        .spacing(theme::GAP);
        if self.wrong > 0 {
            body = body.push(para(ctx, ctx.t("staff-wrong"), theme::BODY));
        }
        body = body.push(container(grid_with(ctx, keys, 3, KEY_GAP)).center_x(Length::Fill));
        page(
            ctx,
            body.into(),
            Some(nav_button(
                ctx,
                "home",
                ctx.t("staff-cancel"),
                Some(Message::Cancel),
            )),
        )
    }
}
