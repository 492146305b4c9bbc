//! Guidance: one errand, step by step, with a QR code that takes the
//! e-service to the visitor's own phone.

use iced::widget::{Column, column, container, qr_code, responsive, row, rule, text};
use iced::{Alignment, Element, Length};

use super::Action;
use crate::content::{self, Bundle, Tree};
use crate::ui::widget::{
    Scrolled, action, clear_of_tools, column_title, icons, leave, line_width, nav_bar_of,
    nav_bar_with, page, para, para_in, reading_row, scroll_page,
};
use crate::ui::{Ctx, theme};

/// Width of the steps column in the 1280 px demo window (the narrowest
/// the kiosk runs in), for breaking mixed-direction lines.
const MAIN_WIDTH: f32 = 640.0;
/// Width of text in the side column's cards.
const SIDE_WIDTH: f32 = 380.0;

/// Size of a Swedish word in the list of terms.
const TERM_SIZE: f32 = theme::BODY + 2.0;

/// Size of one QR module: a 25–33 module code with its margin is then
/// 200–260 px, over 40 mm on a 22" 1080p screen.
pub const QR_CELL: f32 = 7.0;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Done,
    Back,
    StartOver,
    /// The page was scrolled (or first drawn).
    Scrolled(Scrolled),
    MoreAbove,
    MoreBelow,
}

/// The widget id of the page's scrollable.
pub const SCROLL_ID: &str = "errand:page";

pub struct Errand {
    pub id: String,
    qr: Option<qr_code::Data>,
    /// Where the page stands; `None` until it is first drawn.
    pub scrolled: Option<Scrolled>,
}

impl std::fmt::Debug for Errand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Errand").field("id", &self.id).finish()
    }
}

impl Errand {
    pub fn new(id: String, tree: &Tree, lang: &str) -> Self {
        let qr = content::pick(tree, lang, &id)
            .and_then(|(b, _)| b.link.as_ref())
            .and_then(|l| qr_code::Data::new(&l.url).ok());
        Errand {
            id,
            qr,
            scrolled: None,
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Done => Action::ErrandDone,
            Message::Back => Action::Back,
            Message::StartOver => Action::StartOver,
            Message::Scrolled(at) => {
                self.scrolled = Some(at);
                Action::None
            }
            Message::MoreAbove => self.scroll(-1.0),
            Message::MoreBelow => self.scroll(1.0),
        }
    }

    /// About one screen up (-1) or down (1).
    fn scroll(&self, direction: f32) -> Action {
        let page = self.scrolled.map_or(0.0, |s| s.page());
        Action::ScrollBy(SCROLL_ID, (direction * page).round() as i32)
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>, tree: &'a Tree) -> Element<'a, Message> {
        let Some((bundle, fallback)) = content::pick(tree, ctx.lang, &self.id) else {
            return page(
                ctx,
                column![].into(),
                Some(nav_bar_with(
                    ctx,
                    Message::Back,
                    Message::StartOver,
                    Vec::new(),
                )),
            );
        };
        // A bundle shown in Swedish is laid out left to right.
        let lang = if fallback {
            content::REFERENCE
        } else {
            ctx.lang
        };
        let c = Ctx { lang, ..*ctx };
        let mut main = Column::new().spacing(theme::GAP);
        if fallback {
            main = main.push(
                container(para(ctx, ctx.t("guidance-untranslated"), theme::BODY - 4.0))
                    .padding(16)
                    .style(theme::card(ctx.c())),
            );
        }
        // A confidential page (violence, money, health, migration) has its
        // way out at the top, big, beside the title and fixed while the
        // page scrolls: where a quick exit usually is, at the reading end
        // by the tools (but see large text below). In reach mode it is the navigation bar's Start
        // over, low like every control.
        let leave_at_top = bundle.confidential && !ctx.reach();
        if !leave_at_top {
            main = main.push(column_title(&c, bundle.title.clone()));
        }
        main = main.push(para_in(&c, bundle.summary.clone(), theme::BODY, MAIN_WIDTH));
        // How long it takes, under the heading: visitors ask for it first.
        if let Some(time) = &bundle.processing_time {
            main = main.push(
                column![
                    heading(ctx, ctx.t("guidance-time")),
                    para_in(&c, time.clone(), theme::BODY, MAIN_WIDTH),
                ]
                .spacing(8),
            );
        }
        main = main
            .push(heading(ctx, ctx.t("guidance-steps")))
            .push(steps(&c, bundle));
        if !bundle.need.is_empty() {
            main = main.push(heading(ctx, ctx.t("guidance-need")));
            for item in &bundle.need {
                main = main.push(para_in(&c, format!("•  {item}"), theme::BODY, MAIN_WIDTH));
            }
        }
        let side = side(ctx, &c, bundle, self.qr.as_ref());
        // Below the tools in the top corner (see `widget::tools`), unless
        // the bar with the way out is above it.
        let clear = if ctx.reach() || leave_at_top {
            0.0
        } else {
            theme::TARGET
        };
        let columns = reading_row(
            ctx,
            vec![
                container(main).width(Length::FillPortion(3)).into(),
                container(side)
                    .width(Length::FillPortion(2))
                    .padding(iced::Padding::ZERO.top(clear))
                    .into(),
            ],
        )
        .spacing(theme::GAP * 1.5);
        // The title, and on a confidential page the way out beside it.
        let bar = leave_at_top.then(|| {
            container(
                reading_row(
                    ctx,
                    vec![
                        container(column_title(&c, bundle.title.clone()))
                            .width(Length::Fill)
                            .into(),
                        leave(ctx, Message::StartOver),
                    ],
                )
                .spacing(theme::GAP)
                .align_y(Alignment::Center),
            )
            .padding(clear_of_tools(ctx))
        });
        // In large text the bar scrolls with the page (the navigation
        // bar's Start over stays): a 1080p screen at 1.5× leaves too little
        // room below a fixed bar to see a long step whole.
        let (fixed, mut content) = match bar {
            Some(bar) if ctx.access.large_text => (None, Column::new().push(bar)),
            bar => (bar, Column::new()),
        };
        content = content.spacing(theme::GAP).push(columns);
        if !bundle.terms.is_empty() {
            content = content.push(terms(ctx, &c, bundle));
        }
        let scrolled = scroll_page(
            ctx,
            content.into(),
            SCROLL_ID,
            self.scrolled,
            |v| Message::Scrolled(Scrolled::new(v)),
            Message::MoreAbove,
            Message::MoreBelow,
        );
        let body = match fixed {
            Some(bar) => column![bar, scrolled].spacing(theme::GAP).into(),
            None => scrolled,
        };
        let done = vec![action(
            ctx,
            icons::YES,
            ctx.t("guidance-done"),
            Message::Done,
        )];
        let nav = if bundle.confidential && ctx.reach() {
            nav_bar_of(ctx, Message::Back, leave(ctx, Message::StartOver), done)
        } else {
            nav_bar_with(ctx, Message::Back, Message::StartOver, done)
        };
        page(ctx, body, Some(nav))
    }
}

fn heading<'a, M: 'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, M> {
    let t = text(s).size(theme::BODY + 2.0).font(theme::BOLD);
    if ctx.rtl() {
        container(t).align_right(Length::Fill).into()
    } else {
        container(t).align_left(Length::Fill).into()
    }
}

/// Numbered steps, big enough to read from a metre away.
fn steps<'a, M: 'a>(c: &Ctx<'_>, bundle: &Bundle) -> Element<'a, M> {
    let mut col = Column::new().spacing(theme::GAP / 1.5);
    let colors = c.c();
    for (i, step) in bundle.steps.iter().enumerate() {
        let number = container(
            text((i + 1).to_string())
                .size(theme::BODY)
                .font(theme::BOLD)
                .color(c.c().on_primary),
        )
        .center(Length::Fixed(52.0))
        .style(move |_| iced::widget::container::Style {
            background: Some(colors.primary.into()),
            border: iced::Border {
                radius: 26.0.into(),
                ..iced::Border::default()
            },
            ..Default::default()
        });
        col = col.push(
            reading_row(
                c,
                vec![
                    number.into(),
                    container(para_in(
                        c,
                        step.clone(),
                        theme::BODY + 2.0,
                        MAIN_WIDTH - 70.0,
                    ))
                    .width(Length::Fill)
                    .into(),
                ],
            )
            .spacing(theme::GAP / 1.5)
            .align_y(Alignment::Center),
        );
    }
    col.into()
}

/// The QR code, where to get help, privacy, tips.
fn side<'a, M: 'a>(
    ctx: &Ctx<'_>,
    c: &Ctx<'_>,
    bundle: &Bundle,
    qr: Option<&'a qr_code::Data>,
) -> Element<'a, M> {
    let mut side = Column::new().spacing(theme::GAP);
    if let (Some(link), Some(data)) = (&bundle.link, qr) {
        side = side.push(
            container(
                column![
                    heading(ctx, ctx.t("guidance-link")),
                    container(qr_code(data).cell_size(QR_CELL)).center_x(Length::Fill),
                    // Where the code leads, so that a visitor can see it:
                    // the host is Latin and left to right in every
                    // language, kept Shrink and centred (RTL-safe).
                    // A long host ("funktionsnedsattning.stockholm") may
                    // break after a dot, never inside a word.
                    container(
                        text(link.host.replace('.', ".\u{200b}"))
                            .size(theme::BODY - 2.0)
                            .font(theme::BOLD)
                            .align_x(text::Alignment::Center)
                    )
                    .center_x(Length::Fill),
                    para_in(c, link.label.clone(), theme::BODY - 4.0, SIDE_WIDTH),
                    para(ctx, ctx.t("guidance-link-hint"), theme::SMALL),
                ]
                .spacing(12),
            )
            .padding(20)
            .style(theme::card(ctx.c())),
        );
    }
    let mut help = column![
        heading(ctx, ctx.t("guidance-help")),
        para_in(c, bundle.help.clone(), theme::BODY - 2.0, SIDE_WIDTH),
    ]
    .spacing(8);
    if bundle.confidential {
        help = help.push(para(ctx, ctx.t("guidance-private"), theme::BODY - 2.0));
    }
    side = side.push(container(help).padding(20).style(theme::card(ctx.c())));
    let mut tips = column![heading(ctx, ctx.t("guidance-tips"))].spacing(8);
    for tip in &bundle.tips {
        tips = tips.push(para_in(c, tip.clone(), theme::BODY - 4.0, SIDE_WIDTH));
    }
    side = side.push(container(tips).padding(20).style(theme::card(ctx.c())));
    row![side].into()
}

/// The key Swedish words of the errand beside what they mean in the
/// visitor's language, in two columns across the page. The Swedish word
/// is always Swedish and left to right, even on a right-to-left page (it
/// is placed at the reading start, but never reordered); its column is as
/// wide as the longest word needs, up to half the card.
fn terms<'a, M: 'a>(ctx: &Ctx<'_>, c: &Ctx<'a>, bundle: &Bundle) -> Element<'a, M> {
    let rtl = c.rtl();
    let colors = c.c();
    let pairs: Vec<(String, String)> = bundle
        .terms
        .iter()
        .map(|t| (t.sv.clone(), t.meaning.clone()))
        .collect();
    let title = heading(ctx, ctx.t("guidance-terms"));
    let row_ctx = Ctx { ..*c };
    let list = responsive(move |room| {
        let widest = pairs
            .iter()
            .map(|(sv, _)| line_width(sv, TERM_SIZE, theme::BOLD))
            .fold(0.0_f32, f32::max);
        let word_width = (widest + 2.0).min((room.width - theme::GAP) / 2.0);
        let mut col = Column::new().spacing(14);
        for (i, (sv, meaning)) in pairs.iter().enumerate() {
            if i > 0 {
                col = col.push(rule::horizontal(2).style(move |_| rule::Style {
                    color: iced::Color {
                        a: 0.35,
                        ..colors.primary
                    },
                    radius: 0.0.into(),
                    fill_mode: rule::FillMode::Full,
                    snap: true,
                }));
            }
            let word = text(sv.clone())
                .size(TERM_SIZE)
                .font(theme::BOLD)
                .wrapping(text::Wrapping::WordOrGlyph);
            let word = if rtl {
                container(word).align_right(Length::Fixed(word_width))
            } else {
                container(word).align_left(Length::Fixed(word_width))
            };
            col = col.push(
                reading_row(
                    &row_ctx,
                    vec![
                        word.into(),
                        container(para(&row_ctx, meaning.clone(), theme::BODY))
                            .width(Length::Fill)
                            .into(),
                    ],
                )
                .spacing(theme::GAP)
                .align_y(Alignment::Start),
            );
        }
        col.into()
    })
    .height(Length::Shrink);
    container(column![title, list].spacing(16))
        .padding(20)
        .style(theme::card(ctx.c()))
        .into()
}
