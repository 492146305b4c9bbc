//! Guidance: which errand? Big tiles with an icon and the title, paged.

use iced::Element;

use super::Action;
use crate::content::{self, Tree};
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
pub struct ErrandList {
    page: usize,
}

impl ErrandList {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Chose(errand) => Action::OpenErrand(errand),
            Message::Page(p) => {
                self.page = p;
                Action::None
            }
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>, tree: &Tree) -> Element<'a, Message> {
        let ids: Vec<&String> = tree
            .get(content::REFERENCE)
            .map(|m| content::ordered(m.keys()))
            .unwrap_or_default();
        let tiles = ids
            .iter()
            .filter_map(|id| {
                let (bundle, _) = content::pick(tree, ctx.lang, id)?;
                Some(tile(
                    ctx,
                    &bundle.icon,
                    bundle.title.clone(),
                    Message::Chose((*id).clone()),
                ))
            })
            .collect();
        tile_pages(
            ctx,
            ctx.t("guidance-title"),
            tiles,
            self.page,
            Message::Page,
            Message::Back,
            Message::StartOver,
        )
    }
}
