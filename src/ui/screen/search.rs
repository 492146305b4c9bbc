//! Check-in, search mode: the visitor types the first letters of their
//! officer's name on the on-screen keyboard and picks from at most six
//! matches. The staff list itself is never shown.

use iced::widget::{column, container, text};
use iced::{Element, Length};

use super::Action;
use crate::directory::Directory;
use crate::ui::widget::keyboard::KEY_GAP;
use crate::ui::widget::keyboard::{self, Layout};
use crate::ui::widget::{clear_of_tools, grid_with, nav_bar, page, para, tap};
use crate::ui::{Ctx, theme};

/// Longest query the field takes.
const MAX_QUERY: usize = 30;
/// Height of a match: the minimum touch target.
const RESULT_HEIGHT: f32 = 80.0;
/// Height of the text field.
pub const FIELD_HEIGHT: f32 = 72.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Keyboard(keyboard::Message),
    /// Index into the directory's officers.
    Chose(usize),
    Back,
    StartOver,
}

#[derive(Debug, Default)]
pub struct Search {
    query: String,
}

impl Search {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Keyboard(keyboard::Message::Pressed(key)) => {
                // Officers' names are Latin: the Swedish layout (with åäö).
                keyboard::apply(&mut self.query, &key, MAX_QUERY, Layout::Swedish);
                Action::None
            }
            Message::Chose(i) => Action::ChoseOfficer(i),
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>, dir: &Directory) -> Element<'a, Message> {
        let field = text_field(ctx, &self.query, ctx.t("checkin-search-title"));
        // Indexes into the officers; the folded names were computed when
        // the directory was made.
        let hits = dir.search_indexes(&self.query);
        // One row of matches in reach mode, so that they sit low enough,
        // and in large-text mode, so that the screen fits.
        let (rows, per_row) = if ctx.reach() || ctx.access.large_text {
            (1, 4)
        } else {
            (2, 3)
        };
        let results: Element<'a, Message> = if hits.is_empty() {
            let hint = if self.query.chars().filter(|c| c.is_alphanumeric()).count()
                < crate::directory::MIN_QUERY
            {
                ctx.t("checkin-search-hint")
            } else {
                ctx.t("checkin-search-none")
            };
            para(ctx, hint, theme::BODY)
        } else {
            let tiles = hits
                .iter()
                .map(|&i| {
                    let o = &dir.officers[i];
                    tap(
                        container(text(o.name.clone()).size(theme::BODY).font(theme::BOLD))
                            .center_y(Length::Fill),
                        Some(Message::Chose(i)),
                        theme::tile(ctx.c()),
                        |b| {
                            b.width(Length::Fill)
                                .height(Length::Fixed(RESULT_HEIGHT))
                                .padding([0, 20])
                        },
                    )
                })
                .take(rows * per_row)
                .collect();
            grid_with(ctx, tiles, per_row, KEY_GAP)
        };
        let body = column![
            field,
            // Room for the rows of matches, so that the keyboard never moves.
            container(results).height(Length::Fixed(
                rows as f32 * RESULT_HEIGHT + (rows - 1) as f32 * KEY_GAP
            )),
            keyboard::view(ctx, Layout::Swedish, false).map(Message::Keyboard),
        ]
        .spacing(8);
        page(
            ctx,
            body.into(),
            Some(nav_bar(ctx, Message::Back, Message::StartOver)),
        )
    }
}

/// What has been typed, shown big; the prompt while it is empty.
pub fn text_field<'a, M: 'a>(ctx: &Ctx<'_>, typed: &str, prompt: String) -> Element<'a, M> {
    let (content, size, font) = if typed.is_empty() {
        (prompt, theme::BODY, theme::FONT)
    } else {
        (format!("{typed}|"), theme::TITLE - 6.0, theme::BOLD)
    };
    let t = text(content).size(size).font(font);
    let placed = if ctx.rtl() && typed.is_empty() {
        container(t).align_right(Length::Fill)
    } else {
        container(t).align_left(Length::Fill)
    };
    let mut field = placed
        .center_y(Length::Fixed(FIELD_HEIGHT))
        .padding([0, 24])
        .style(theme::card(ctx.c()));
    if !typed.is_empty() {
        // What the visitor typed is never read aloud.
        field = field.id(iced::widget::Id::new(crate::ui::read_aloud::TYPED_ID));
    }
    container(field).padding(clear_of_tools(ctx)).into()
}
