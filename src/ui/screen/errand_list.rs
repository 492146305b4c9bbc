//! Guidance: which errand? Big tiles with an icon and the title, paged.

use iced::Element;
use iced::widget::column;

use super::Action;
use crate::content::{self, Tree};
use crate::directory;
use crate::ui::widget::{grid, nav_bar_with, page, pager, tile, title};
use crate::ui::{Ctx, theme};

pub use super::find_unit::PER_PAGE;

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
        let (shown, pages) = directory::page(&ids, self.page, PER_PAGE);
        let tiles = shown
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
        let body =
            column![title(ctx, ctx.t("guidance-title")), grid(ctx, tiles, 2)].spacing(theme::GAP);
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
