//! "Out of order – please ask at the desk", in every configured language.
//! Shown instead of a crash; the cause goes to the log, never to the screen.

use iced::widget::{column, container};
use iced::{Element, Length};

use crate::ui::widget::{grid, icon, para};
use crate::ui::{Ctx, theme};

pub fn view<'a, M: 'a>(ctx: &Ctx<'a>) -> Element<'a, M> {
    let cells: Vec<Element<'a, M>> = ctx
        .config
        .kiosk
        .languages
        .iter()
        .map(|lang| {
            let c = Ctx { lang, ..*ctx };
            column![
                para(&c, c.t("out-of-order-title"), theme::BODY),
                para(&c, c.t("out-of-order-body"), theme::SMALL),
            ]
            .spacing(4)
            .into()
        })
        .collect();
    // Two columns when there are many languages, so that all fit.
    let per_row = if cells.len() > 4 { 2 } else { 1 };
    container(
        column![
            container(icon("alert", 96.0, ctx.c().warning)).center_x(Length::Fill),
            grid(ctx, cells, per_row),
        ]
        .spacing(theme::GAP * 1.5)
        .max_width(1400),
    )
    .center(Length::Fill)
    .padding(40)
    .style(theme::screen(ctx.c()))
    .into()
}
