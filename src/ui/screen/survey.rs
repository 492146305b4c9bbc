//! After guidance: the office's two questions, each one tap or skipped.
//! "Did you learn something new today?" and "Do you think you can handle
//! this yourself next time?"

use iced::widget::{column, container};
use iced::{Element, Length};

use super::Action;
use crate::ui::widget::{action, icons, nav_button, page, reading_row, skip, title};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Answer(Option<bool>),
}

#[derive(Debug, Default)]
pub struct Survey {
    learned: Option<Option<bool>>,
}

impl Survey {
    pub fn update(&mut self, message: Message) -> Action {
        let Message::Answer(a) = message;
        match self.learned {
            None => {
                self.learned = Some(a);
                Action::None
            }
            Some(learned) => Action::SurveyDone {
                learned,
                self_next_time: a,
            },
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let question = if self.learned.is_none() {
            ctx.t("survey-learned")
        } else {
            ctx.t("survey-self")
        };
        // Yes first in reading order.
        let answers = reading_row(
            ctx,
            vec![
                action(
                    ctx,
                    icons::YES,
                    ctx.t("survey-yes"),
                    Message::Answer(Some(true)),
                ),
                action(
                    ctx,
                    icons::NO,
                    ctx.t("survey-no"),
                    Message::Answer(Some(false)),
                ),
                nav_button(
                    ctx,
                    skip(ctx),
                    ctx.t("survey-skip"),
                    Some(Message::Answer(None)),
                ),
            ],
        )
        .spacing(theme::GAP * 2.0);
        let body = column![
            title(ctx, question),
            container(answers).center_x(Length::Fill).padding([48, 0]),
        ]
        .spacing(theme::GAP * 2.0);
        page(ctx, body.into(), None)
    }
}
