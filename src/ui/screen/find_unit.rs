//! Check-in, list mode, step 1: which unit is the appointment with?
//! Units as big tiles, paged with big buttons (no drag-scrolling).

use iced::Element;
use iced::widget::column;

use super::Action;
use crate::directory::{self, Directory};
use crate::ui::widget::{grid, nav_bar_with, page, pager, tile, title};
use crate::ui::{Ctx, theme};

/// Tiles on one page: two columns, three rows.
pub const PER_PAGE: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Chose(String),
    Page(usize),
    Back,
    StartOver,
}

#[derive(Debug, Default)]
pub struct FindUnit {
    page: usize,
}

impl FindUnit {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Chose(unit) => Action::ChoseUnit(unit),
            Message::Page(p) => {
                self.page = p;
                Action::None
            }
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>, dir: &Directory) -> Element<'a, Message> {
        let units = dir.units_with_officers();
        let (shown, pages) = directory::page(&units, self.page, PER_PAGE);
        let tiles = shown
            .iter()
            .map(|u| {
                tile(
                    ctx,
                    "document",
                    u.name.clone(),
                    Message::Chose(u.id.clone()),
                )
            })
            .collect();
        let body = column![
            title(ctx, ctx.t("checkin-units-title")),
            grid(ctx, tiles, 2)
        ]
        .spacing(theme::GAP);
        let paging = pager(
            ctx,
            self.page.min(pages - 1),
            pages,
            Message::Page(self.page.saturating_sub(1)),
            Message::Page(self.page + 1),
        );
        page(
            body.into(),
            Some(nav_bar_with(ctx, Message::Back, Message::StartOver, paging)),
        )
    }
}
