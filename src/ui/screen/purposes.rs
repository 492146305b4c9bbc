//! "What do you want to do today?": one big tile per `[[purpose]]`.

use iced::Element;
use iced::widget::column;

use super::Action;
use crate::ui::widget::{grid, nav_bar, page, tile, title};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Chose(usize),
    Back,
    StartOver,
}

#[derive(Debug, Default)]
pub struct Purposes;

impl Purposes {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Chose(i) => Action::OpenPurpose(i),
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tiles = ctx
            .config
            .purposes
            .iter()
            .enumerate()
            .map(|(i, p)| tile(ctx, &p.icon, ctx.t(&p.label), Message::Chose(i)))
            .collect();
        let body = column![title(ctx, ctx.t("purpose-title")), grid(ctx, tiles, 2)]
            .spacing(theme::GAP * 1.5);
        page(
            ctx,
            body.into(),
            Some(nav_bar(ctx, Message::Back, Message::StartOver)),
        )
    }
}
