//! Check-in result: honest about whether the officer was reached. Returns
//! to the welcome screen by itself after `[checkin] done_after_s`.

use iced::time::Instant;
use iced::widget::{column, container};
use iced::{Element, Length};

use super::Action;
use crate::ui::widget::{action, icon, icons, page, para};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Waiting (at most `confirm_within_s`) for the relay.
    Sending,
    /// The relay accepted the mail.
    Delivered,
    /// Not (yet) delivered: the outbox keeps trying.
    Failed,
    /// The officer is marked away: no mail, go to the desk.
    Away,
    /// After the guidance survey: thanks.
    Thanks,
    /// The officer was told several times within minutes: no mail, go to
    /// the desk (a flood of check-ins must not flood their inbox).
    AskDesk,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Done,
}

#[derive(Debug)]
pub struct Arrival {
    pub officer: String,
    pub outcome: Outcome,
    /// When the final outcome was shown.
    pub since: Option<Instant>,
}

impl Arrival {
    pub fn new(officer: String, outcome: Outcome) -> Self {
        let since = (outcome != Outcome::Sending).then(Instant::now);
        Arrival {
            officer,
            outcome,
            since,
        }
    }

    pub fn settle(&mut self, delivered: bool) {
        self.outcome = if delivered {
            Outcome::Delivered
        } else {
            Outcome::Failed
        };
        self.since = Some(Instant::now());
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Done => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("officer", self.officer.clone());
        let (id, icon_name, color) = match self.outcome {
            Outcome::Sending => ("checkin-sending", "clock", ctx.c().primary),
            Outcome::Delivered => ("checkin-done-ok", icons::YES, ctx.c().primary),
            Outcome::Failed => ("checkin-done-failed", "alert", ctx.c().warning),
            Outcome::Away => ("checkin-away", "alert", ctx.c().warning),
            Outcome::Thanks => ("survey-thanks", icons::YES, ctx.c().primary),
            Outcome::AskDesk => ("checkin-ask-desk", "alert", ctx.c().warning),
        };
        let mut body = column![
            container(icon(icon_name, 120.0, color)).center_x(Length::Fill),
            container(para(ctx, ctx.t_args(id, &args), theme::TITLE - 8.0))
                .padding(32)
                .style(theme::card(ctx.c())),
        ]
        .spacing(theme::GAP * 2.0);
        if self.outcome != Outcome::Sending {
            body = body.push(
                container(action(
                    ctx,
                    "home",
                    ctx.t("checkin-done-button"),
                    Message::Done,
                ))
                .center_x(Length::Fill),
            );
        }
        page(ctx, body.into(), None)
    }
}
