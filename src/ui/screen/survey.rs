//! The office's two questions, each one tap or skipped: "Did you learn
//! something new today?" and "Do you think you can handle this yourself
//! next time?"; then the optional "Are you …" (woman, man, another answer,
//! prefer not to say) with one line on why it is asked. Asked after
//! guidance, and on its own from the welcome screen's exit tile.
//!
//! Every step has Back and Start over; skipping never blocks. The answers
//! live only in this screen's state until the last step, and go with it.

use entre_core::protocol::Gender;
use iced::widget::{column, container};
use iced::{Element, Length};

use super::Action;
use crate::ui::widget::{
    action, centred, clear_of_tools, grid, icons, nav_bar, nav_button, page, para, reading_row,
    skip, tap, title,
};
use crate::ui::{Ctx, theme};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// An answer to the question on screen (`None`: skipped).
    Answer(Option<bool>),
    /// The answer to "Are you …" (`None`: skipped).
    Gender(Option<Gender>),
    /// One step back (from the first: the screen before the survey).
    Back,
    StartOver,
}

/// The questions, in the order they are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    #[default]
    Learned,
    SelfNextTime,
    Gender,
}

/// Where the survey was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// After a guidance page: the answers belong to that visit.
    #[default]
    Guidance,
    /// The welcome screen's "How was your visit?": a survey answer on its
    /// own.
    Exit,
}

/// Height of the four answers to "Are you …".
pub const GENDER_HEIGHT: f32 = 112.0;
/// The same in large text (× the large-text scale on screen).
pub const GENDER_HEIGHT_LARGE_TEXT: f32 = 88.0;

/// The four answers to "Are you …", in the order shown, with their
/// message ids.
pub const GENDERS: [(Gender, &str); 4] = [
    (Gender::Woman, "survey-gender-woman"),
    (Gender::Man, "survey-gender-man"),
    (Gender::Another, "survey-gender-another"),
    (Gender::PreferNotToSay, "survey-gender-no-say"),
];

#[derive(Debug, Default)]
pub struct Survey {
    origin: Origin,
    step: Step,
    learned: Option<bool>,
    self_next_time: Option<bool>,
}

impl Survey {
    /// The survey after a guidance page.
    pub fn after_guidance() -> Self {
        Survey::default()
    }

    /// The survey on its own (the welcome screen's exit tile).
    pub fn exit() -> Self {
        Survey {
            origin: Origin::Exit,
            ..Survey::default()
        }
    }

    pub fn origin(&self) -> Origin {
        self.origin
    }

    pub fn step(&self) -> Step {
        self.step
    }

    /// What changes the picture: the step.
    pub fn view_key(&self) -> usize {
        self.step as usize
    }

    pub fn update(&mut self, message: Message) -> Action {
        match (self.step, message) {
            (_, Message::StartOver) => Action::StartOver,
            (Step::Learned, Message::Back) => Action::Back,
            (Step::SelfNextTime, Message::Back) => {
                self.step = Step::Learned;
                Action::None
            }
            (Step::Gender, Message::Back) => {
                self.step = Step::SelfNextTime;
                Action::None
            }
            (Step::Learned, Message::Answer(a)) => {
                self.learned = a;
                self.step = Step::SelfNextTime;
                Action::None
            }
            (Step::SelfNextTime, Message::Answer(a)) => {
                self.self_next_time = a;
                self.step = Step::Gender;
                Action::None
            }
            (Step::Gender, Message::Gender(gender)) => Action::SurveyDone {
                learned: self.learned,
                self_next_time: self.self_next_time,
                gender,
            },
            // A late tap meant for another step.
            _ => Action::None,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let body = match self.step {
            Step::Learned => question(ctx, ctx.t("survey-learned")),
            Step::SelfNextTime => question(ctx, ctx.t("survey-self")),
            Step::Gender => gender(ctx),
        };
        page(
            ctx,
            body,
            Some(nav_bar(ctx, Message::Back, Message::StartOver)),
        )
    }
}

/// A yes/no question: Yes, No and Skip, in reading order.
fn question<'a>(ctx: &Ctx<'a>, question: String) -> Element<'a, Message> {
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
    column![
        title(ctx, question),
        container(answers).center_x(Length::Fill).padding([48, 0]),
    ]
    .spacing(theme::GAP * 2.0)
    .into()
}

/// "Are you …": why it is asked, the four answers as big tiles, and Skip.
fn gender<'a>(ctx: &Ctx<'a>) -> Element<'a, Message> {
    let rtl = ctx.rtl();
    // Large text scales the whole window: lower tiles keep Skip on screen
    // (still well over the smallest target once scaled).
    let height = if ctx.access.large_text {
        GENDER_HEIGHT_LARGE_TEXT
    } else {
        GENDER_HEIGHT
    };
    let choices = GENDERS
        .iter()
        .map(|&(gender, id)| {
            tap(
                container(centred(ctx.t(id), theme::TILE_TEXT, theme::BOLD, rtl))
                    .center(Length::Fill),
                Some(Message::Gender(Some(gender))),
                theme::tile(ctx.c()),
                |b| {
                    b.width(Length::Fill)
                        .height(Length::Fixed(height))
                        .padding([8, 16])
                },
            )
        })
        .collect();
    let skip = nav_button(
        ctx,
        skip(ctx),
        ctx.t("survey-skip"),
        Some(Message::Gender(None)),
    );
    column![
        title(ctx, ctx.t("survey-gender")),
        container(para(ctx, ctx.t("survey-gender-why"), theme::BODY)).padding(clear_of_tools(ctx)),
        grid(ctx, choices, 2),
        container(skip).center_x(Length::Fill),
    ]
    .spacing(theme::GAP)
    .into()
}
