//! Check-in, list mode, step 2: that unit's officers as big tiles, paged.

use iced::Element;

use super::Action;
use crate::directory::Directory;
use crate::ui::Ctx;
use crate::ui::widget::{tile, tile_pages};

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
        // The unit's officers were indexed when the directory was made.
        let tiles = dir
            .officer_indexes_in(&self.unit)
            .iter()
            .map(|&i| {
                let name = dir.officers[i].name.clone();
                tile(ctx, "person", name, Message::Chose(i))
            })
            .collect();
        tile_pages(
            ctx,
            ctx.t("checkin-officers-title"),
            tiles,
            self.page,
            Message::Page,
            Message::Back,
            Message::StartOver,
        )
    }
}
