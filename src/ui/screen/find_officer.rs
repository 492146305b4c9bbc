//! Check-in, list mode, step 2: that unit's officers as big tiles, paged.

use iced::Element;
use iced::widget::column;

use super::Action;
use crate::directory::{self, Directory};
use crate::ui::widget::{grid, nav_bar_with, page, pager, tile, title};
use crate::ui::{Ctx, theme};

pub use super::find_unit::PER_PAGE;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Index into the directory's officers.
    Chose(usize),
    Page(usize),
    Back,
    StartOver,
}

#[derive(Debug)]
pub struct FindOfficer {
    unit: String,
    page: usize,
}

impl FindOfficer {
    pub fn new(unit: String) -> Self {
        FindOfficer { unit, page: 0 }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Chose(i) => Action::ChoseOfficer(i),
            Message::Page(p) => {
                self.page = p;
                Action::None
            }
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>, dir: &Directory) -> Element<'a, Message> {
        let officers: Vec<(usize, &crate::config::Officer)> = dir
            .officers
            .iter()
            .enumerate()
            .filter(|(_, o)| o.unit == self.unit)
            .collect();
        let (shown, pages) = directory::page(&officers, self.page, PER_PAGE);
        let tiles = shown
            .iter()
            .map(|(i, o)| tile(ctx, "person", o.name.clone(), Message::Chose(*i)))
            .collect();
        let body = column![
            title(ctx, ctx.t("checkin-officers-title")),
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
