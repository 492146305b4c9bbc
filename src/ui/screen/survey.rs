//! After guidance: the office's two questions, each one tap or skipped.
//! "Did you learn something new today?" and "Do you think you can handle
//! this yourself next time?"

use iced::widget::{column, container, row};
use iced::{Element, Length};

use super::Action;
use crate::ui::widget::{action, nav_button, page, title};
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
        let answers = row![
            action(
                ctx,
                "calendar",
                ctx.t("survey-yes"),
                Message::Answer(Some(true))
            ),
            action(
                ctx,
                "back-rtl",
                ctx.t("survey-no"),
                Message::Answer(Some(false))
            ),
            nav_button(
                ctx,
                "home",
                ctx.t("survey-skip"),
                Some(Message::Answer(None))
            ),
        ]
        .spacing(theme::GAP * 2.0);
        let answers = if ctx.rtl() {
            // Yes first in reading order.
            row![
                nav_button(
                    ctx,
                    "home",
                    ctx.t("survey-skip"),
                    Some(Message::Answer(None))
                ),
                action(
                    ctx,
                    "back",
                    ctx.t("survey-no"),
                    Message::Answer(Some(false))
                ),
                action(
                    ctx,
                    "calendar",
                    ctx.t("survey-yes"),
                    Message::Answer(Some(true))
                ),
            ]
            .spacing(theme::GAP * 2.0)
        } else {
            answers
        };
        let body = column![
            title(ctx, question),
            container(answers).center_x(Length::Fill).padding([48, 0]),
        ]
        .spacing(theme::GAP * 2.0);
        page(ctx, body.into(), None)
    }
}
