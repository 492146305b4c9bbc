//! Check-in: "Shall we tell Anna Lind that you are here?" One tap sends.

use iced::widget::{column, container};
use iced::{Element, Length};

use super::Action;
use crate::ui::widget::{action, icons, nav_bar, page, title};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Yes,
    Back,
    StartOver,
}

#[derive(Debug)]
pub struct Confirm {
    officer: String,
}

impl Confirm {
    pub fn new(officer: String) -> Self {
        Confirm { officer }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Yes => Action::ConfirmCheckin,
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("officer", self.officer.clone());
        let body = column![
            title(ctx, ctx.t_args("checkin-confirm-title", &args)),
            container(action(
                ctx,
                icons::YES,
                ctx.t("checkin-confirm-yes"),
                Message::Yes
            ))
            .center_x(Length::Fill)
            .padding([48, 0]),
        ]
        .spacing(theme::GAP * 2.0);
        page(
            ctx,
            body.into(),
            Some(nav_bar(ctx, Message::Back, Message::StartOver)),
        )
    }
}
