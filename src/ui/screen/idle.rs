//! The idle warning: "Are you still there?" with a countdown and a big
//! "I need more time" button, shown over the current screen.

use iced::widget::{column, container, opaque};
use iced::{Element, Length};

use crate::ui::widget::{action, para, title};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    MoreTime,
}

pub fn view<'a>(ctx: &Ctx<'a>, seconds_left: u64) -> Element<'a, Message> {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("seconds", seconds_left);
    let card = container(
        column![
            title(ctx, ctx.t("idle-title")),
            para(ctx, ctx.t_args("idle-countdown", &args), theme::BODY),
            container(action(
                ctx,
                "clock",
                ctx.t("idle-more-time"),
                Message::MoreTime
            ))
            .center_x(Length::Fill),
        ]
        .spacing(theme::GAP * 1.5),
    )
    .padding(48)
    .max_width(900)
    .style(theme::card(ctx.c()))
    .id(iced::widget::Id::new(crate::ui::widget::MODAL_ID));
    opaque(
        container(card)
            .center(Length::Fill)
            .padding(40)
            .style(theme::backdrop(ctx.c())),
    )
}
