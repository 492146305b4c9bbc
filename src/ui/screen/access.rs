//! "Make the screen easier to use": high contrast, larger text and reach
//! mode, switched on and off for this visit only. Shown over the current
//! screen from the accessibility button that every screen has.

use iced::widget::{button, column, container, opaque, text};
use iced::{Alignment, Element, Length};

use crate::ui::widget::{action, heading, icon, reading_row, tap};
use crate::ui::{Access, Ctx, theme};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    HighContrast,
    LargeText,
    Reach,
    Close,
}

/// What the panel asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Changed(Access),
    Close,
}

pub fn update(access: Access, message: Message) -> Outcome {
    let mut next = access;
    match message {
        Message::HighContrast => next.high_contrast = !next.high_contrast,
        Message::LargeText => next.large_text = !next.large_text,
        Message::Reach => next.reach = !next.reach,
        Message::Close => return Outcome::Close,
    }
    Outcome::Changed(next)
}

pub fn view<'a>(ctx: &Ctx<'a>) -> Element<'a, Message> {
    let a = ctx.access;
    let card = container(
        column![
            heading(ctx, ctx.t("access-title")),
            toggle(
                ctx,
                "contrast",
                ctx.t("access-contrast"),
                a.high_contrast,
                Message::HighContrast
            ),
            toggle(
                ctx,
                "text-size",
                ctx.t("access-large-text"),
                a.large_text,
                Message::LargeText
            ),
            toggle(ctx, "reach", ctx.t("access-reach"), a.reach, Message::Reach),
            container(action(ctx, "check", ctx.t("access-done"), Message::Close))
                .center_x(Length::Fill),
        ]
        .spacing(theme::GAP),
    )
    .padding(24)
    .max_width(900)
    .style(theme::card(ctx.c()))
    .id(iced::widget::Id::new(crate::ui::widget::MODAL_ID));
    let placed = container(card).center_x(Length::Fill).padding(24);
    // In reach mode the panel sits at the bottom, like every control.
    let placed = if a.reach {
        placed.align_bottom(Length::Fill)
    } else {
        placed.center_y(Length::Fill)
    };
    opaque(placed.style(theme::backdrop(ctx.c())))
}

/// A setting: its icon and name, and a check mark while it is on (the
/// tile is then filled, so the state is not told by colour alone).
fn toggle<'a>(
    ctx: &Ctx<'_>,
    icon_name: &str,
    label: String,
    on: bool,
    message: Message,
) -> Element<'a, Message> {
    let c = ctx.c();
    let color = if on { c.on_primary } else { c.primary };
    let mark: Element<'a, Message> = if on {
        icon("check", 48.0, color)
    } else {
        iced::widget::space::horizontal().width(48).into()
    };
    let content = reading_row(
        ctx,
        vec![
            icon(icon_name, 56.0, color),
            text(label).size(theme::TILE_TEXT).font(theme::BOLD).into(),
            iced::widget::space::horizontal().into(),
            mark,
        ],
    )
    .spacing(theme::GAP)
    .align_y(Alignment::Center);
    let style = move |_: &iced::Theme, status| {
        theme::tile_style(c, if on { button::Status::Pressed } else { status })
    };
    tap(
        container(content).center_y(Length::Fill),
        Some(message),
        style,
        |b| {
            b.width(Length::Fill)
                .height(Length::Fixed(theme::TARGET))
                .padding([8, 24])
        },
    )
}
