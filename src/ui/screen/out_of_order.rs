//! "Out of order – please ask at the desk", in every configured language.
//! Shown instead of a crash; the cause goes to the log, never to the screen.

use iced::widget::{Column, column, container};
use iced::{Element, Length};

use crate::ui::widget::{icon, para};
use crate::ui::{Ctx, theme};

pub fn view<'a, M: 'a>(ctx: &Ctx<'a>) -> Element<'a, M> {
    let mut lines = Column::new().spacing(theme::GAP * 1.5).max_width(1400);
    for lang in &ctx.config.kiosk.languages {
        let c = Ctx { lang, ..*ctx };
        lines = lines.push(
            column![
                para(&c, c.t("out-of-order-title"), theme::TITLE - 6.0),
                para(&c, c.t("out-of-order-body"), theme::BODY),
            ]
            .spacing(8),
        );
    }
    container(
        column![icon("alert", 120.0, theme::WARNING), lines]
            .spacing(theme::GAP * 2.0)
            .align_x(iced::Alignment::Center),
    )
    .center(Length::Fill)
    .padding(40)
    .style(theme::screen)
    .into()
}
