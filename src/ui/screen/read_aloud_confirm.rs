//! Before a confidential page (`confidential = true` in its guidance
//! bundle) is read aloud: "The text will be read aloud. People nearby can
//! hear it." and "Read aloud" / "No", over the page. Only "Read aloud"
//! speaks; "No" is the way back to the page, silent.

use iced::widget::{column, container, opaque};
use iced::{Alignment, Element, Length};

use crate::ui::widget::{action, icons, nav_button, para, reading_row};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    ReadAloud,
    No,
}

pub fn view<'a>(ctx: &Ctx<'a>) -> Element<'a, Message> {
    let buttons = reading_row(
        ctx,
        vec![
            nav_button(ctx, icons::NO, ctx.t("readaloud-no"), Some(Message::No)),
            iced::widget::space::horizontal().into(),
            action(ctx, "speaker", ctx.t("readaloud-yes"), Message::ReadAloud),
        ],
    )
    .spacing(theme::GAP)
    .align_y(Alignment::Center)
    .width(Length::Fill);
    let card = container(
        column![
            para(ctx, ctx.t("readaloud-confirm"), theme::TITLE - 8.0),
            buttons,
        ]
        .spacing(theme::GAP * 1.5),
    )
    .padding(48)
    .max_width(900)
    .style(theme::card(ctx.c()))
    .id(iced::widget::Id::new(crate::ui::widget::MODAL_ID));
    let placed = container(card).center_x(Length::Fill).padding(40);
    // In reach mode the question sits low, like every control.
    let placed = if ctx.reach() {
        placed.align_bottom(Length::Fill)
    } else {
        placed.center_y(Length::Fill)
    };
    opaque(placed.style(theme::backdrop(ctx.c())))
}
