//! Where to go at the office for the chosen purpose. "info" purposes show
//! their configured text; check-in and guidance show where to go until
//! their full flows arrive.

use iced::widget::{column, container, row};
use iced::{Alignment, Element, Length};

use super::Action;
use crate::ui::widget::{icon, nav_bar, page, para, reading_row, title};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Back,
    StartOver,
}

#[derive(Debug)]
pub struct Destination {
    /// Index into `[[purpose]]`.
    pub purpose: usize,
}

impl Destination {
    pub fn new(purpose: usize) -> Self {
        Self { purpose }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let Some(purpose) = ctx.config.purposes.get(self.purpose) else {
            return page(
                ctx,
                column![].into(),
                Some(nav_bar(ctx, Message::Back, Message::StartOver)),
            );
        };
        let heading = reading_row(
            ctx,
            vec![
                icon(&purpose.icon, 96.0, ctx.c().primary),
                container(title(ctx, ctx.t(&purpose.label)))
                    .width(Length::Fill)
                    .into(),
            ],
        )
        .spacing(theme::GAP)
        .align_y(Alignment::Center);
        let info = container(para(ctx, ctx.t(&purpose.info), theme::BODY + 4.0))
            .padding(32)
            .width(Length::Fill)
            .style(theme::card(ctx.c()));
        let body = column![heading, row![info]].spacing(theme::GAP * 1.5);
        page(
            ctx,
            body.into(),
            Some(nav_bar(ctx, Message::Back, Message::StartOver)),
        )
    }
}
