//! "I want help from a guide" (`flow = "register"`): the visitor says what
//! it is about, which language, any needs and where they will wait, one
//! step at a time. Nothing is typed and no name is asked. The [`Choice`]
//! lives here only; the idle reset drops the screen and with it the choice.
//!
//! Every step has Back and Start over and one forward button ("Next"; on
//! the last step "Register"); the optional steps (needs, zone) also have
//! "Skip". Step 1 goes on by itself when a tile is tapped.

use iced::widget::{Column, button, column, container};
use iced::{Alignment, Element, Length};

use super::Action;
use crate::config::FloorZone;
use crate::content::{self, Tree};
use crate::floor::{Choice, Need};
use crate::ui::widget::{
    action, forward, grid, icon, icons, nav_bar_with, nav_button, page, pager, para, placed_text,
    reading_row, skip, tap, title,
};
use crate::ui::{Ctx, theme};

/// The steps, in order. [`Step::Zone`] only when `[[floor.zone]]` exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Errand,
    Language,
    Needs,
    Zone,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A tile of step 1: the errand id, `None` for "Something else".
    Errand(Option<String>),
    Page(usize),
    Language(String),
    /// "Other languages": show (or hide) the other configured languages.
    MoreLanguages,
    Need(Need),
    /// The zone at this index of `[[floor.zone]]`.
    Zone(usize),
    Next,
    Skip,
    Back,
    StartOver,
}

/// Tiles of step 1 on one page (as the errand list: two columns, three rows).
const PER_PAGE: usize = 6;

#[derive(Debug)]
pub struct Register {
    step: Step,
    page: usize,
    /// Whether step 1 has been answered (`choice.errand == None` is also
    /// an answer: "Something else").
    errand_chosen: bool,
    more_languages: bool,
    zones: Vec<FloorZone>,
    choice: Choice,
}

impl Register {
    /// The flow at its first step; `lang` is the visit's language (the
    /// preselected answer of step 2), `zones` the kiosk's `[[floor.zone]]`.
    pub fn new(lang: &str, zones: Vec<FloorZone>) -> Self {
        Register {
            step: Step::Errand,
            page: 0,
            errand_chosen: false,
            more_languages: false,
            zones,
            choice: Choice {
                language: lang.to_string(),
                ..Choice::default()
            },
        }
    }

    pub fn step(&self) -> Step {
        self.step
    }

    /// What the visitor has chosen so far.
    pub fn choice(&self) -> &Choice {
        &self.choice
    }

    /// Changes whenever the picture changes (for the app's full repaint).
    pub fn view_key(&self) -> usize {
        let step = self.step as usize;
        let needs: usize = self.choice.needs.iter().map(|n| 1 << (*n as usize)).sum();
        let zone = self
            .choice
            .zone
            .as_ref()
            .and_then(|z| self.zones.iter().position(|x| x == z))
            .map_or(0, |i| i + 1);
        let errand = usize::from(self.errand_chosen);
        let lang = self.choice.language.bytes().map(usize::from).sum::<usize>() % 256;
        step + 4 * needs
            + 32 * zone
            + 512 * (self.page % 16)
            + 8192 * errand
            + 16384 * usize::from(self.more_languages)
            + 32768 * lang
    }

    fn steps(&self) -> Vec<Step> {
        let mut steps = vec![Step::Errand, Step::Language, Step::Needs];
        if !self.zones.is_empty() {
            steps.push(Step::Zone);
        }
        steps
    }

    fn is_last(&self) -> bool {
        self.steps().last() == Some(&self.step)
    }

    /// The next step, or the registration after the last.
    fn next(&mut self) -> Action {
        let steps = self.steps();
        let at = steps.iter().position(|s| *s == self.step).unwrap_or(0);
        match steps.get(at + 1) {
            Some(next) => {
                self.step = *next;
                Action::None
            }
            None => Action::Register(self.choice.clone()),
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Errand(errand) => {
                self.choice.errand = errand;
                self.errand_chosen = true;
                self.next()
            }
            Message::Page(p) => {
                self.page = p;
                Action::None
            }
            Message::Language(lang) => {
                self.choice.language = lang;
                Action::None
            }
            Message::MoreLanguages => {
                self.more_languages = !self.more_languages;
                Action::None
            }
            Message::Need(need) => {
                if let Some(i) = self.choice.needs.iter().position(|n| *n == need) {
                    self.choice.needs.remove(i);
                } else {
                    self.choice.needs.push(need);
                    self.choice.needs.sort();
                }
                Action::None
            }
            Message::Zone(i) => {
                let zone = self.zones.get(i).cloned();
                self.choice.zone = if self.choice.zone == zone { None } else { zone };
                Action::None
            }
            Message::Next => {
                if self.step == Step::Errand && !self.errand_chosen {
                    return Action::None;
                }
                self.next()
            }
            Message::Skip => {
                match self.step {
                    Step::Needs => self.choice.needs.clear(),
                    Step::Zone => self.choice.zone = None,
                    // Only the optional steps offer Skip.
                    Step::Errand | Step::Language => return Action::None,
                }
                self.next()
            }
            Message::Back => {
                let steps = self.steps();
                match steps.iter().position(|s| *s == self.step) {
                    Some(at) if at > 0 => {
                        self.step = steps[at - 1];
                        Action::None
                    }
                    _ => Action::Back,
                }
            }
            Message::StartOver => Action::StartOver,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>, tree: &Tree) -> Element<'a, Message> {
        match self.step {
            Step::Errand => self.errand_view(ctx, tree),
            Step::Language => self.language_view(ctx),
            Step::Needs => self.needs_view(ctx),
            Step::Zone => self.zone_view(ctx),
        }
    }

    /// The bar at the bottom: Back, then Skip (optional steps) and the
    /// forward button, then Start over; `extra` (the pager) first.
    fn nav<'a>(
        &self,
        ctx: &Ctx<'_>,
        mut extra: Vec<Element<'a, Message>>,
        optional: bool,
        can_go_on: bool,
    ) -> Element<'a, Message> {
        if optional {
            extra.push(nav_button(
                ctx,
                skip(ctx),
                ctx.t("register-skip"),
                Some(Message::Skip),
            ));
        }
        if can_go_on {
            let label = if self.is_last() {
                ctx.t("register-submit")
            } else {
                ctx.t("register-next")
            };
            let icon_name = if self.is_last() {
                icons::YES
            } else {
                forward(ctx)
            };
            extra.push(action(ctx, icon_name, label, Message::Next));
        }
        nav_bar_with(ctx, Message::Back, Message::StartOver, extra)
    }

    fn errand_view<'a>(&self, ctx: &Ctx<'a>, tree: &Tree) -> Element<'a, Message> {
        let ids: Vec<&String> = tree
            .get(content::REFERENCE)
            .map(|m| content::ordered(m.keys()))
            .unwrap_or_default();
        let mut tiles: Vec<Element<'a, Message>> = ids
            .iter()
            .filter_map(|id| {
                let (bundle, _) = content::pick(tree, ctx.lang, id)?;
                let chosen = self.errand_chosen && self.choice.errand.as_deref() == Some(id);
                Some(choice_tile(
                    ctx,
                    Some(&bundle.icon),
                    bundle.title.clone(),
                    chosen,
                    Message::Errand(Some((*id).clone())),
                    crate::ui::widget::TILE_HEIGHT,
                ))
            })
            .collect();
        tiles.push(choice_tile(
            ctx,
            Some("info"),
            ctx.t("register-errand-other"),
            self.errand_chosen && self.choice.errand.is_none(),
            Message::Errand(None),
            crate::ui::widget::TILE_HEIGHT,
        ));
        let (range, pages) = crate::directory::page_range(tiles.len(), self.page, PER_PAGE);
        let page_no = range.start / PER_PAGE;
        let shown: Vec<Element<'a, Message>> = tiles
            .into_iter()
            .skip(range.start)
            .take(range.len())
            .collect();
        let body = column![
            title(ctx, ctx.t("register-errand-title")),
            grid(ctx, shown, 2)
        ]
        .spacing(theme::GAP * 1.5);
        let paging = pager(
            ctx,
            page_no,
            pages,
            Message::Page(page_no.saturating_sub(1)),
            Message::Page(page_no + 1),
        );
        page(
            ctx,
            body.into(),
            Some(self.nav(ctx, paging, false, self.errand_chosen)),
        )
    }

    fn language_view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        const SWEDISH: &str = "sv";
        let chosen = self.choice.language.as_str();
        let mut first = vec![language_tile(
            ctx,
            ctx.catalog.language_name(ctx.lang),
            chosen == ctx.lang,
            Message::Language(ctx.lang.to_string()),
        )];
        if ctx.lang != SWEDISH {
            first.push(language_tile(
                ctx,
                ctx.t("register-language-swedish"),
                chosen == SWEDISH,
                Message::Language(SWEDISH.to_string()),
            ));
        }
        let others: Vec<&String> = ctx
            .config
            .kiosk
            .languages
            .iter()
            .filter(|l| *l != ctx.lang && *l != SWEDISH)
            .collect();
        let mut body = Column::new()
            .spacing(theme::GAP)
            .push(title(ctx, ctx.t("register-language-title")))
            .push(para(ctx, ctx.t("register-language-why"), theme::BODY))
            .push(grid(ctx, first, 2));
        let other_chosen = others.iter().any(|l| *l == chosen);
        if !others.is_empty() {
            let label = ctx.t("register-language-more");
            let toggle = if self.more_languages || other_chosen {
                None
            } else {
                Some(Message::MoreLanguages)
            };
            if let Some(msg) = toggle {
                // At the reading start, like the tiles above it.
                let more = container(nav_button(ctx, icons::DOWN, label, Some(msg)));
                body = body.push(if ctx.rtl() {
                    more.align_right(Length::Fill)
                } else {
                    more.align_left(Length::Fill)
                });
            } else {
                let tiles = others
                    .iter()
                    .map(|l| {
                        choice_tile_sized(
                            ctx,
                            None,
                            ctx.catalog.language_name(l),
                            chosen == l.as_str(),
                            Message::Language((*l).clone()),
                            theme::TARGET,
                            theme::BODY,
                        )
                    })
                    .collect();
                body = body.push(crate::ui::widget::grid_with(
                    ctx,
                    tiles,
                    4,
                    theme::GAP / 2.0,
                ));
            }
        }
        page(
            ctx,
            body.into(),
            Some(self.nav(ctx, Vec::new(), false, true)),
        )
    }

    fn needs_view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let mut body = Column::new()
            .spacing(theme::GAP)
            .push(title(ctx, ctx.t("register-needs-title")));
        for need in Need::ALL {
            let on = self.choice.needs.contains(&need);
            body = body.push(toggle(
                ctx,
                ctx.t(&format!("register-need-{}", need.id())),
                on,
                Message::Need(need),
            ));
        }
        page(
            ctx,
            body.into(),
            Some(self.nav(ctx, Vec::new(), true, true)),
        )
    }

    fn zone_view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tiles = self
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| {
                choice_tile(
                    ctx,
                    None,
                    ctx.t(&z.label),
                    self.choice.zone.as_ref() == Some(z),
                    Message::Zone(i),
                    crate::ui::widget::TILE_HEIGHT,
                )
            })
            .collect();
        let body = column![
            title(ctx, ctx.t("register-zone-title")),
            grid(ctx, tiles, 2)
        ]
        .spacing(theme::GAP * 1.5);
        page(
            ctx,
            body.into(),
            Some(self.nav(ctx, Vec::new(), true, true)),
        )
    }
}

/// The mark of a choice: a box, empty while off, filled with a check mark
/// while on (the state is not told by colour alone).
fn check_box<'a>(ctx: &Ctx<'_>, on: bool) -> Element<'a, Message> {
    let c = ctx.c();
    let inner: Element<'a, Message> = if on {
        icon(icons::YES, 44.0, c.primary)
    } else {
        iced::widget::space::horizontal().width(44).into()
    };
    container(inner)
        .center(Length::Fixed(60.0))
        .style(move |_| container::Style {
            background: Some(iced::Background::Color(c.surface)),
            border: iced::Border {
                color: if on { c.on_primary } else { c.primary },
                width: 4.0,
                radius: 8.0.into(),
            },
            ..container::Style::default()
        })
        .into()
}

/// A tile that can be chosen: an optional icon, the label and the
/// [`check_box`]; filled while chosen.
fn choice_tile<'a>(
    ctx: &Ctx<'_>,
    icon_name: Option<&str>,
    label: String,
    chosen: bool,
    message: Message,
    height: f32,
) -> Element<'a, Message> {
    choice_tile_sized(
        ctx,
        icon_name,
        label,
        chosen,
        message,
        height,
        theme::TILE_TEXT,
    )
}

/// [`choice_tile`] with its label at `text_size` (narrow tiles: smaller
/// text and gap, so that a long language name fits).
fn choice_tile_sized<'a>(
    ctx: &Ctx<'_>,
    icon_name: Option<&str>,
    label: String,
    chosen: bool,
    message: Message,
    height: f32,
    text_size: f32,
) -> Element<'a, Message> {
    let c = ctx.c();
    let color = if chosen { c.on_primary } else { c.primary };
    let mut items: Vec<Element<'a, Message>> = Vec::new();
    items.push(check_box(ctx, chosen));
    if let Some(name) = icon_name {
        items.push(icon(name, 64.0, color));
    }
    // Mixed-direction titles ("BankID" in Arabic) are broken into lines
    // by the kiosk itself (see `placed_text`).
    items.push(placed_text(
        ctx,
        label,
        text_size,
        theme::BOLD,
        iced::Padding::ZERO,
    ));
    let gap = if text_size < theme::TILE_TEXT {
        theme::GAP / 2.0
    } else {
        theme::GAP
    };
    let content = reading_row(ctx, items)
        .spacing(gap)
        .align_y(Alignment::Center);
    let placed = container(content).center_y(Length::Fill).padding([0, 8]);
    let placed = if ctx.rtl() {
        placed.align_right(Length::Fill)
    } else {
        placed.align_left(Length::Fill)
    };
    let style = move |_: &iced::Theme, status| {
        theme::tile_style(
            c,
            if chosen {
                button::Status::Pressed
            } else {
                status
            },
        )
    };
    tap(placed, Some(message), style, |b| {
        b.width(Length::Fill)
            .height(Length::Fixed(height))
            .padding(12)
    })
}

fn language_tile<'a>(
    ctx: &Ctx<'_>,
    label: String,
    chosen: bool,
    message: Message,
) -> Element<'a, Message> {
    choice_tile(ctx, None, label, chosen, message, theme::TARGET)
}

/// A need, on or off: one wide tile.
fn toggle<'a>(ctx: &Ctx<'_>, label: String, on: bool, message: Message) -> Element<'a, Message> {
    choice_tile(ctx, None, label, on, message, theme::TARGET + 8.0)
}
