//! After "Register": while the hub is asked, then the visitor's code ("Your
//! number is K27."), that a guide will come to them (to their zone), how
//! many are ahead and the wait; or, honestly, "We could not reach the
//! guides. Please go to the reception." Then "Start your errand while you
//! wait" (the chosen errand's steps and QR code) and "Done".

use fluent_bundle::FluentArgs;
use iced::widget::{Column, container, text};
use iced::{Element, Length};

use super::Action;
use crate::floor::Outcome;
use crate::ui::widget::{
    TOOLS_WIDTH, action, centred, icon, icons, nav_button, page, para, reading_row,
};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// "Start your errand while you wait".
    Meanwhile,
    /// "Done": the visit ends.
    Done,
}

/// Size of the code on screen: readable across the room.
pub const CODE_SIZE: f32 = 200.0;

/// The widget id of the container around the big code (for tests).
pub const CODE_ID: &str = "register:code";

#[derive(Debug)]
pub struct Registered {
    /// The chosen errand (`None`: "Something else": no steps to start).
    errand: Option<String>,
    /// The message id of the chosen zone's label.
    zone_label: Option<String>,
    /// `None` while the hub is being asked.
    outcome: Option<Outcome>,
}

impl Registered {
    /// Waiting for the hub's answer.
    pub fn sending(errand: Option<String>, zone_label: Option<String>) -> Self {
        Registered {
            errand,
            zone_label,
            outcome: None,
        }
    }

    pub fn settle(&mut self, outcome: Outcome) {
        self.outcome = Some(outcome);
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// 0 while sending, 1 registered, 2 sent to the desk.
    pub fn view_key(&self) -> u8 {
        match self.outcome {
            None => 0,
            Some(Outcome::Registered(_)) => 1,
            Some(Outcome::Desk) => 2,
        }
    }

    /// The chosen errand (`None`: "Something else").
    pub fn errand(&self) -> Option<&str> {
        self.errand.as_deref()
    }

    /// The visitor's code, once the hub gave one.
    pub fn code(&self) -> Option<&str> {
        match &self.outcome {
            Some(Outcome::Registered(r)) => Some(&r.code),
            _ => None,
        }
    }

    /// What read-aloud says instead of what the screen shows, once there
    /// is a code (see [`Spelled`]).
    pub fn spelled(&self, ctx: &Ctx<'_>) -> Option<Spelled> {
        let code = self.code()?;
        let mut args = FluentArgs::new();
        args.set("spelled", spell(code));
        Some(Spelled {
            code: code.to_string(),
            shown: code_line(ctx, code),
            spoken: ctx.t_args("register-code-spoken", &args),
        })
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Meanwhile => match &self.errand {
                Some(id) => Action::Meanwhile(id.clone()),
                None => Action::None,
            },
            Message::Done => Action::StartOver,
        }
    }

    /// `has_steps`: whether the chosen errand has a page to start on.
    pub fn view<'a>(&self, ctx: &Ctx<'a>, has_steps: bool) -> Element<'a, Message> {
        let c = ctx.c();
        let mut body = Column::new().spacing(theme::GAP * 1.5);
        match &self.outcome {
            None => {
                body = body
                    .push(container(icon("clock", 120.0, c.primary)).center_x(Length::Fill))
                    .push(
                        container(para(ctx, ctx.t("register-sending"), theme::TITLE - 8.0))
                            .padding(32)
                            .style(theme::card(c)),
                    );
                return page(ctx, body.into(), None);
            }
            Some(Outcome::Desk) => {
                body = body
                    .push(container(icon("alert", 120.0, c.warning)).center_x(Length::Fill))
                    .push(
                        container(para(ctx, ctx.t("register-failed"), theme::TITLE - 8.0))
                            .padding(32)
                            .style(theme::card(c)),
                    );
            }
            Some(Outcome::Registered(r)) => {
                let mut lines = Column::new().spacing(theme::GAP);
                let comes = match &self.zone_label {
                    Some(label) => {
                        let mut args = FluentArgs::new();
                        args.set("zone", ctx.t(label));
                        ctx.t_args("register-comes-zone", &args)
                    }
                    None => ctx.t("register-comes"),
                };
                lines = lines.push(para(ctx, comes, theme::TITLE - 12.0));
                let mut args = FluentArgs::new();
                args.set("ahead", r.ahead);
                lines = lines.push(para(ctx, ctx.t_args("register-ahead", &args), theme::BODY));
                // A wait of 0 would read "about 0 minutes": said from 1.
                if let Some(minutes) = r.wait_min.filter(|m| *m > 0) {
                    let mut args = FluentArgs::new();
                    args.set("minutes", minutes);
                    lines = lines.push(para(ctx, ctx.t_args("register-wait", &args), theme::BODY));
                }
                body = body
                    // Centred over the code, clear of the tools on
                    // either side.
                    .push(
                        container(centred(
                            code_line(ctx, &r.code),
                            theme::TITLE,
                            theme::BOLD,
                            ctx.rtl(),
                        ))
                        .center_x(Length::Fill)
                        .padding([0.0, TOOLS_WIDTH]),
                    )
                    .push(
                        container(
                            container(text(r.code.clone()).size(CODE_SIZE).font(theme::BOLD))
                                .padding([0, 48])
                                .style(theme::card(c))
                                .id(iced::widget::Id::new(CODE_ID)),
                        )
                        .center_x(Length::Fill),
                    )
                    .push(container(lines).padding(8));
            }
        }
        let mut buttons = Vec::new();
        if has_steps && matches!(self.outcome, Some(Outcome::Registered(_))) {
            buttons.push(action(
                ctx,
                "document",
                ctx.t("register-meanwhile"),
                Message::Meanwhile,
            ));
        }
        // "Done" is the main button only where there is nothing to start.
        buttons.push(if buttons.is_empty() {
            action(ctx, icons::YES, ctx.t("register-done"), Message::Done)
        } else {
            nav_button(ctx, icons::YES, ctx.t("register-done"), Some(Message::Done))
        });
        // At the bottom, where the other screens have their bar: the same
        // place whatever the lines above say (and low, for a seated
        // visitor).
        let buttons =
            container(reading_row(ctx, buttons).spacing(theme::GAP * 2.0)).center_x(Length::Fill);
        page(ctx, body.into(), Some(buttons.into()))
    }
}

/// Read-aloud of the code: the line "Your number is K27." is said with the
/// code spelled letter and digit by digit ("K, 2, 7"), and the big code on
/// its own is not said again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelled {
    code: String,
    shown: String,
    spoken: String,
}

impl Spelled {
    /// `text` as [`crate::ui::read_aloud`] gathered it from the screen.
    pub fn apply(&self, text: &str) -> String {
        text.split(".\n")
            .filter(|line| line.trim() != self.code)
            .map(|line| {
                if line.trim() == self.shown.trim() {
                    self.spoken.as_str()
                } else {
                    line
                }
            })
            .collect::<Vec<_>>()
            .join(".\n")
    }
}

/// "Your number is K27." in the visitor's language.
fn code_line(ctx: &Ctx<'_>, code: &str) -> String {
    let mut args = FluentArgs::new();
    args.set("code", code.to_string());
    ctx.t_args("register-code", &args)
}

/// A code spelled for reading aloud: "K27" → "K, 2, 7".
pub fn spell(code: &str) -> String {
    code.chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(", ")
}
