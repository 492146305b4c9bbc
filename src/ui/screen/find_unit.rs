//! Check-in, list mode, step 1: which unit is the appointment with?
//! Units as big tiles, paged with big buttons (no drag-scrolling).

use iced::Element;

use super::Action;
use crate::directory::Directory;
use crate::ui::Ctx;
use crate::ui::widget::{tile, tile_pages};

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
        // Computed when the directory was made, not for each frame.
        let tiles = dir
            .units_with_officers()
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
        tile_pages(
            ctx,
            ctx.t("checkin-units-title"),
            tiles,
            self.page,
            Message::Page,
            Message::Back,
            Message::StartOver,
        )
    }
}
