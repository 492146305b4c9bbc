//! Building blocks shared by the screens: direction-aware text and rows,
//! big tiles, icons and the navigation bar.

mod hidden_cursor;
pub mod keyboard;

pub use hidden_cursor::HiddenCursor;

use iced::widget::{Button, Id, Row, column, container, responsive, svg, text};
use iced::{Alignment, Element, Length};

use super::Ctx;
use super::theme;

/// The id of the container around every tappable element, so that a test
/// can find all of them (and measure them) on any screen.
pub const TAP_ID: &str = "tap";

/// The id of the card of a dialog over the screen (the idle warning, the
/// accessibility panel): while one shows, only what is on it can be tapped.
pub const MODAL_ID: &str = "modal";

/// A button with `content`. Every button of the kiosk is made here: it is
/// wrapped in a container with the id [`TAP_ID`] (clippy.toml forbids
/// `iced::widget::button` elsewhere).
#[allow(clippy::disallowed_methods)]
pub fn tap<'a, M: Clone + 'a>(
    content: impl Into<Element<'a, M>>,
    on_press: Option<M>,
    style: impl Fn(&iced::Theme, iced::widget::button::Status) -> iced::widget::button::Style + 'a,
    configure: impl FnOnce(Button<'a, M>) -> Button<'a, M>,
) -> Element<'a, M> {
    let b = iced::widget::button(content)
        .on_press_maybe(on_press)
        .style(style);
    container(configure(b)).id(Id::new(TAP_ID)).into()
}

/// Icons, embedded so that the package needs no other files.
fn icon_bytes(name: &str) -> &'static [u8] {
    match name {
        "calendar" => include_bytes!("../../../assets/icons/calendar.svg"),
        "signpost" => include_bytes!("../../../assets/icons/signpost.svg"),
        "person" => include_bytes!("../../../assets/icons/person.svg"),
        "computer" => include_bytes!("../../../assets/icons/computer.svg"),
        "document" => include_bytes!("../../../assets/icons/document.svg"),
        "phone" => include_bytes!("../../../assets/icons/phone.svg"),
        "coffee" => include_bytes!("../../../assets/icons/coffee.svg"),
        "back" => include_bytes!("../../../assets/icons/back.svg"),
        "back-rtl" => include_bytes!("../../../assets/icons/back-rtl.svg"),
        "home" => include_bytes!("../../../assets/icons/home.svg"),
        "clock" => include_bytes!("../../../assets/icons/clock.svg"),
        "alert" => include_bytes!("../../../assets/icons/alert.svg"),
        "access" => include_bytes!("../../../assets/icons/access.svg"),
        "speaker" => include_bytes!("../../../assets/icons/speaker.svg"),
        "stop" => include_bytes!("../../../assets/icons/stop.svg"),
        "contrast" => include_bytes!("../../../assets/icons/contrast.svg"),
        "text-size" => include_bytes!("../../../assets/icons/text-size.svg"),
        "reach" => include_bytes!("../../../assets/icons/reach.svg"),
        "check" => include_bytes!("../../../assets/icons/check.svg"),
        "cross" => include_bytes!("../../../assets/icons/cross.svg"),
        "skip" => include_bytes!("../../../assets/icons/skip.svg"),
        "skip-rtl" => include_bytes!("../../../assets/icons/skip-rtl.svg"),
        "up" => include_bytes!("../../../assets/icons/up.svg"),
        "down" => include_bytes!("../../../assets/icons/down.svg"),
        _ => include_bytes!("../../../assets/icons/info.svg"),
    }
}

/// The icons that say what a control does, by meaning. Arrows that point
/// along the line of reading are mirrored for right-to-left languages:
/// see [`forward`], [`skip`].
pub mod icons {
    /// Yes, done, confirm.
    pub const YES: &str = "check";
    /// No.
    pub const NO: &str = "cross";
    /// Show what is further up / further down a page.
    pub const UP: &str = "up";
    pub const DOWN: &str = "down";
}

/// An arrow pointing forward along the line of reading (continue).
pub fn forward(ctx: &Ctx<'_>) -> &'static str {
    if ctx.rtl() { "back" } else { "back-rtl" }
}

/// An arrow to a bar, forward along the line of reading (skip this).
pub fn skip(ctx: &Ctx<'_>) -> &'static str {
    if ctx.rtl() { "skip-rtl" } else { "skip" }
}

/// The widget id of the container around the icon `name` (so that a
/// test can tell which icon a button shows).
pub fn icon_id(name: &str) -> Id {
    Id::from(format!("icon:{name}"))
}

pub fn icon<'a, M: 'a>(name: &str, size: f32, color: iced::Color) -> Element<'a, M> {
    container(
        svg(svg::Handle::from_memory(icon_bytes(name)))
            .width(size)
            .height(size)
            .style(theme::icon(color)),
    )
    .id(icon_id(name))
    .into()
}

/// A line or paragraph of text placed at the reading start: left for
/// left-to-right languages, right for right-to-left ones. RTL text is kept
/// `Shrink` and placed by its container (iced 0.14 misplaces `Fill` RTL text).
pub fn para<'a, M: 'a>(ctx: &Ctx<'_>, s: String, size: f32) -> Element<'a, M> {
    placed_text(ctx, s, size, theme::FONT, iced::Padding::ZERO)
}

/// [`para`] in a column about `width` pixels wide. The width is not needed
/// any more (see [`placed_text`]); kept for the callers.
pub fn para_in<'a, M: 'a>(ctx: &Ctx<'_>, s: String, size: f32, _width: f32) -> Element<'a, M> {
    para(ctx, s, size)
}

/// Text placed at the reading start inside `padding`. Right-to-left text
/// that mixes in Latin words ("stockholm.se", "(förskola)", an officer's
/// name) is broken into lines of the width it gets, measured: cosmic-text
/// (iced 0.14) does not wrap bidirectional lines but lets them overflow
/// (pop-os/cosmic-text#252), and an RTL line that overflows loses its
/// first words under the right edge.
pub fn placed_text<'a, M: 'a>(
    ctx: &Ctx<'_>,
    s: String,
    size: f32,
    font: iced::Font,
    padding: iced::Padding,
) -> Element<'a, M> {
    if ctx.rtl() && mixed_direction(&s) {
        return responsive(move |room| {
            let width = room.width - padding.left - padding.right;
            container(
                text(rtl_lines(&break_to_width(&s, width, size, font)))
                    .size(size)
                    .font(font),
            )
            .align_right(Length::Fill)
            .padding(padding)
            .into()
        })
        .height(Length::Shrink)
        .into();
    }
    let t = text(s).size(size).font(font);
    let placed = if ctx.rtl() {
        container(t).align_right(Length::Fill)
    } else {
        container(t).align_left(Length::Fill)
    };
    placed.padding(padding).into()
}

/// `s` with a right-to-left mark before every line that starts with a
/// Latin word: cosmic-text takes each line's direction from its first
/// letter, and would lay "Stockholm، وهي …" out left to right.
fn rtl_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| {
            let first = line.chars().find(|c| is_rtl(*c) || c.is_alphabetic());
            if first.is_some_and(|c| !is_rtl(c)) {
                format!("\u{200f}{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text whose every line is centred, in either direction. Right-to-left
/// text is broken into lines here, each centred on its own: iced 0.14
/// misplaces centred right-to-left text.
pub fn centred<'a, M: 'a>(s: String, size: f32, font: iced::Font, rtl: bool) -> Element<'a, M> {
    if !rtl {
        return text(s)
            .size(size)
            .font(font)
            .align_x(text::Alignment::Center)
            .into();
    }
    responsive(move |room| {
        let lines = rtl_lines(&break_to_width(&s, room.width, size, font));
        column(
            lines
                .split('\n')
                .map(|line| text(line.to_string()).size(size).font(font).into()),
        )
        .align_x(Alignment::Center)
        .width(Length::Fill)
        .into()
    })
    .height(Length::Shrink)
    .into()
}

/// How wide `s` is drawn on one line.
pub fn line_width(s: &str, size: f32, font: iced::Font) -> f32 {
    use iced::advanced::text::Paragraph as _;
    type Paragraph = <iced::Renderer as iced::advanced::text::Renderer>::Paragraph;
    Paragraph::with_text(iced::advanced::Text {
        content: s,
        bounds: iced::Size::INFINITE,
        size: iced::Pixels(size),
        line_height: iced::widget::text::LineHeight::default(),
        font,
        align_x: iced::widget::text::Alignment::Default,
        align_y: iced::alignment::Vertical::Top,
        shaping: iced::widget::text::Shaping::Advanced,
        wrapping: iced::widget::text::Wrapping::None,
    })
    .min_width()
}

/// `s` broken at spaces into lines no wider than `width` (a longer word
/// stays whole on its own line); its own line breaks are kept.
pub fn break_to_width(s: &str, width: f32, size: f32, font: iced::Font) -> String {
    s.split('\n')
        .map(|line| {
            if line_width(line, size, font) <= width {
                return line.to_string();
            }
            let mut lines: Vec<String> = Vec::new();
            let mut current = String::new();
            for word in line.split(' ').filter(|w| !w.is_empty()) {
                if !current.is_empty()
                    && line_width(&format!("{current} {word}"), size, font) > width
                {
                    lines.push(std::mem::take(&mut current));
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
            }
            lines.push(current);
            lines.join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `c` is a letter of a right-to-left script (Hebrew, Arabic).
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}')
}

/// Whether `s` mixes right-to-left letters with Latin ones or European
/// digits ("معمولاً 3 هفته": cosmic-text misplaces such a paragraph when it
/// wraps it itself).
fn mixed_direction(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphanumeric()) && s.chars().any(is_rtl)
}

/// A title inside a card, placed like [`para`].
pub fn heading<'a, M: 'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, M> {
    para(ctx, s, theme::TITLE - 6.0)
}

/// A screen title, placed like [`para`]. It leaves room at its reading end
/// for the [`tools`] in the top corner.
pub fn title<'a, M: 'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, M> {
    placed_text(ctx, s, theme::TITLE, theme::BOLD, clear_of_tools(ctx))
}

/// A title in a column that the [`tools`] do not reach (the main column
/// of a page whose side column starts below them).
pub fn column_title<'a, M: 'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, M> {
    placed_text(ctx, s, theme::TITLE, theme::BOLD, iced::Padding::ZERO)
}

/// The padding that keeps something at the top of a screen clear of the
/// [`tools`] in the top corner at the reading end (none in reach mode,
/// where the tools are at the bottom).
pub fn clear_of_tools(ctx: &Ctx<'_>) -> iced::Padding {
    let room = if ctx.reach() { 0.0 } else { TOOLS_WIDTH };
    if ctx.rtl() {
        iced::Padding::ZERO.left(room)
    } else {
        iced::Padding::ZERO.right(room)
    }
}

/// Width of the [`tools`] and the gap before them.
pub const TOOLS_WIDTH: f32 = 2.0 * theme::TARGET + 2.0 * theme::GAP;

/// The widget ids of the read-aloud and accessibility buttons.
pub const SPEAK_ID: &str = "tools:speak";
pub const ACCESS_ID: &str = "tools:access";

/// The read-aloud and accessibility buttons, over every screen in the
/// corner at the reading end: at the top, or in reach mode at the bottom
/// (beside the navigation bar, which leaves room for them). `speak` is
/// `None` where the language has no voice: the button is then hidden.
pub fn tools<'a, M: Clone + 'a>(ctx: &Ctx<'_>, speak: Option<M>, access: M) -> Element<'a, M> {
    let mut items: Vec<Element<'a, M>> = Vec::new();
    if let Some(speak) = speak {
        items.push(icon_square(ctx, "speaker", 64.0, SPEAK_ID, Some(speak)));
    }
    items.push(icon_square(ctx, "access", 64.0, ACCESS_ID, Some(access)));
    let row = reading_row(ctx, items).spacing(theme::GAP);
    let placed = container(row).padding(iced::Padding::new(40.0).top(24.0));
    let placed = if ctx.rtl() {
        placed.align_left(Length::Fill)
    } else {
        placed.align_right(Length::Fill)
    };
    if ctx.reach() {
        placed.align_bottom(Length::Fill).into()
    } else {
        placed.align_top(Length::Fill).into()
    }
}

/// A row whose children are laid out in reading order: reversed for RTL.
pub fn reading_row<'a, M: 'a>(ctx: &Ctx<'_>, mut children: Vec<Element<'a, M>>) -> Row<'a, M> {
    if ctx.rtl() {
        children.reverse();
    }
    Row::with_children(children)
}

/// Height of a [`tile`].
pub const TILE_HEIGHT: f32 = 140.0;

/// A big tappable tile with an icon and a label.
pub fn tile<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    icon_name: &str,
    label: String,
    on_press: M,
) -> Element<'a, M> {
    let content = reading_row(
        ctx,
        vec![
            icon(icon_name, theme::ICON, ctx.c().primary),
            placed_text(
                ctx,
                label,
                theme::TILE_TEXT,
                theme::BOLD,
                iced::Padding::ZERO,
            ),
        ],
    )
    .spacing(theme::ICON / 3.0)
    .align_y(Alignment::Center);
    let placed = container(content).center_y(Length::Fill).padding([0, 12]);
    let placed = if ctx.rtl() {
        placed.align_right(Length::Fill)
    } else {
        placed.align_left(Length::Fill)
    };
    tap(placed, Some(on_press), theme::tile(ctx.c()), |b| {
        b.width(Length::Fill)
            .height(Length::Fixed(TILE_HEIGHT))
            .padding(16)
    })
}

/// An icon and a label side by side, in reading order.
fn icon_label<'a, M: 'a>(
    ctx: &Ctx<'_>,
    icon_name: &str,
    icon_size: f32,
    color: iced::Color,
    label: String,
    text_size: f32,
) -> Element<'a, M> {
    reading_row(
        ctx,
        vec![
            icon(icon_name, icon_size, color),
            text(label).size(text_size).font(theme::BOLD).into(),
        ],
    )
    .spacing(icon_size / 3.0)
    .align_y(Alignment::Center)
    .into()
}

/// A wide button with an icon, for the one main action of a screen.
pub fn action<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    icon_name: &str,
    label: String,
    on_press: M,
) -> Element<'a, M> {
    let content = icon_label(
        ctx,
        icon_name,
        56.0,
        ctx.c().on_primary,
        label,
        theme::TILE_TEXT,
    );
    tap(
        container(content).center_y(Length::Fill),
        Some(on_press),
        theme::primary(ctx.c()),
        |b| {
            b.height(Length::Fixed(theme::TARGET + 16.0))
                .padding([8, 32])
        },
    )
}

/// The bar at the bottom of every screen but the first: Back at the
/// reading start, Start over at the reading end.
pub fn nav_bar<'a, M: Clone + 'a>(ctx: &Ctx<'_>, back: M, start_over: M) -> Element<'a, M> {
    nav_bar_with(ctx, back, start_over, Vec::new())
}

/// A navigation button: an icon and a label, outlined.
pub fn nav_button<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    icon_name: &str,
    label: String,
    msg: Option<M>,
) -> Element<'a, M> {
    let content = icon_label(ctx, icon_name, 48.0, ctx.c().primary, label, theme::BODY);
    tap(
        container(content).center_y(Length::Fill),
        msg,
        theme::tile(ctx.c()),
        |b| b.height(Length::Fixed(theme::TARGET)).padding([8, 28]),
    )
}

/// [`nav_bar`] with more controls (paging, skip, continue) between Back
/// and Start over.
pub fn nav_bar_with<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    back: M,
    start_over: M,
    middle: Vec<Element<'a, M>>,
) -> Element<'a, M> {
    let start_over = nav_button(ctx, "home", ctx.t("nav-start-over"), Some(start_over));
    nav_bar_of(ctx, back, start_over, middle)
}

/// The widget id of the big [`leave`] button (for tests).
pub const LEAVE_ID: &str = "nav:leave";

/// "Start over", big and filled: the quick way out of a confidential page
/// (violence, money, health, migration). It wipes the visit like the idle
/// reset. Its face has the widget id [`LEAVE_ID`].
pub fn leave<'a, M: Clone + 'a>(ctx: &Ctx<'_>, start_over: M) -> Element<'a, M> {
    let content = icon_label(
        ctx,
        "home",
        56.0,
        ctx.c().on_primary,
        ctx.t("nav-start-over"),
        theme::TILE_TEXT,
    );
    tap(
        container(content)
            .center_y(Length::Fill)
            .id(Id::new(LEAVE_ID)),
        Some(start_over),
        theme::primary(ctx.c()),
        |b| b.height(Length::Fixed(theme::TARGET)).padding([8, 28]),
    )
}

/// [`nav_bar_with`] with its own Start over button (e.g. [`leave`]).
pub fn nav_bar_of<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    back: M,
    start_over: Element<'a, M>,
    middle: Vec<Element<'a, M>>,
) -> Element<'a, M> {
    let back_icon = if ctx.rtl() { "back-rtl" } else { "back" };
    let mut items = vec![
        nav_button(ctx, back_icon, ctx.t("nav-back"), Some(back)),
        iced::widget::space::horizontal().into(),
    ];
    let has_middle = !middle.is_empty();
    items.extend(middle);
    if has_middle {
        items.push(iced::widget::space::horizontal().into());
    }
    items.push(start_over);
    reading_row(ctx, items)
        .spacing(theme::GAP)
        .align_y(Alignment::Center)
        .width(Length::Fill)
        .into()
}

/// Previous / "Page 1 of 2" / Next, for lists longer than a screen. Empty
/// when everything fits on one page.
pub fn pager<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    page: usize,
    pages: usize,
    previous: M,
    next: M,
) -> Vec<Element<'a, M>> {
    if pages <= 1 {
        return Vec::new();
    }
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("page", page + 1);
    args.set("pages", pages);
    let (prev_icon, next_icon) = if ctx.rtl() {
        ("back-rtl", "back")
    } else {
        ("back", "back-rtl")
    };
    vec![
        arrow(
            ctx,
            prev_icon,
            PREVIOUS_PAGE_ID,
            (page > 0).then_some(previous),
        ),
        text(ctx.t_args("nav-page", &args)).size(theme::BODY).into(),
        arrow(
            ctx,
            next_icon,
            NEXT_PAGE_ID,
            (page + 1 < pages).then_some(next),
        ),
    ]
}

/// The widget ids of the pager's arrows (for tests).
pub const PREVIOUS_PAGE_ID: &str = "nav:previous-page";
pub const NEXT_PAGE_ID: &str = "nav:next-page";

/// A square button with only an arrow: the page number between two of
/// them says what they do, in every language, in little room.
fn arrow<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    icon_name: &str,
    id: &'static str,
    msg: Option<M>,
) -> Element<'a, M> {
    icon_square(ctx, icon_name, 56.0, id, msg)
}

/// A square button, [`theme::TARGET`] wide, with only an icon, whose face
/// has the widget id `id` (for tests). Without a message it is disabled
/// and its icon drawn faint, so that it does not invite a tap.
fn icon_square<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    icon_name: &str,
    icon_size: f32,
    id: &'static str,
    msg: Option<M>,
) -> Element<'a, M> {
    let c = ctx.c();
    let color = if msg.is_some() {
        c.primary
    } else {
        iced::Color {
            a: 0.35,
            ..c.primary
        }
    };
    tap(
        container(icon(icon_name, icon_size, color))
            .center(Length::Fill)
            .id(Id::new(id)),
        msg,
        theme::tile(c),
        |b| {
            b.width(Length::Fixed(theme::TARGET))
                .height(Length::Fixed(theme::TARGET))
                .padding(12)
        },
    )
}

/// Big tiles on a screen of their own, two columns and three rows at a
/// time, with Previous / Next when they do not fit (no drag-scrolling).
pub fn tile_pages<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    heading: String,
    tiles: Vec<Element<'a, M>>,
    page_no: usize,
    on_page: impl Fn(usize) -> M,
    back: M,
    start_over: M,
) -> Element<'a, M> {
    const PER_PAGE: usize = 6;
    let (range, pages) = crate::directory::page_range(tiles.len(), page_no, PER_PAGE);
    let page_no = range.start / PER_PAGE;
    let shown: Vec<Element<'a, M>> = tiles
        .into_iter()
        .skip(range.start)
        .take(range.len())
        .collect();
    let tiles = grid(ctx, shown, 2);
    let body = column![title(ctx, heading), tiles].spacing(theme::GAP * 1.5);
    let paging = pager(
        ctx,
        page_no,
        pages,
        on_page(page_no.saturating_sub(1)),
        on_page(page_no + 1),
    );
    page(
        ctx,
        body.into(),
        Some(nav_bar_with(ctx, back, start_over, paging)),
    )
}

/// Lays out a screen: content on top, the navigation bar (if any) at the
/// bottom, with the kiosk's margins.
pub fn page<'a, M: 'a>(
    ctx: &Ctx<'_>,
    body: Element<'a, M>,
    nav: Option<Element<'a, M>>,
) -> Element<'a, M> {
    let body = if ctx.reach() {
        // Reach mode: the body sits on the navigation bar, so that its
        // controls are low; what is read stays above them.
        container(body).align_bottom(Length::Fill)
    } else {
        container(body).height(Length::Fill)
    };
    let mut col = column![body].spacing(theme::GAP);
    // In reach mode the tools sit at the bottom corner: keep it free.
    let room: Element<'a, M> = iced::widget::space::horizontal()
        .width(Length::Fixed(TOOLS_WIDTH - theme::GAP))
        .into();
    match (nav, ctx.reach()) {
        (Some(nav), true) => col = col.push(reading_row(ctx, vec![nav, room])),
        (Some(nav), false) => col = col.push(nav),
        (None, true) => {
            col = col.push(iced::widget::space::vertical().height(Length::Fixed(theme::TARGET)))
        }
        (None, false) => {}
    }
    container(col.padding(40))
        .width(Length::Fill)
        .height(Length::Fill)
        .style(theme::screen(ctx.c()))
        .into()
}

/// Puts `items` into rows of `per_row` cells of equal width, in reading
/// order; the last row is filled up with empty cells.
pub fn grid<'a, M: 'a>(
    ctx: &Ctx<'_>,
    items: Vec<Element<'a, M>>,
    per_row: usize,
) -> Element<'a, M> {
    grid_with(ctx, items, per_row, theme::GAP)
}

/// [`grid`] with `gap` between the cells.
pub fn grid_with<'a, M: 'a>(
    ctx: &Ctx<'_>,
    items: Vec<Element<'a, M>>,
    per_row: usize,
    gap: f32,
) -> Element<'a, M> {
    let mut rows = column![].spacing(gap);
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        let mut cells: Vec<Element<'a, M>> = items.by_ref().take(per_row).collect();
        while cells.len() < per_row {
            cells.push(iced::widget::space::horizontal().into());
        }
        rows = rows.push(reading_row(ctx, cells).spacing(gap));
    }
    rows.into()
}

/// Where a scrolled page stands, from its scrollable's `on_scroll`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scrolled {
    /// How far down the page is scrolled.
    pub offset: f32,
    /// The height of the part on screen.
    pub height: f32,
    /// The height of the whole page.
    pub content: f32,
}

impl Scrolled {
    pub fn new(v: iced::widget::scrollable::Viewport) -> Self {
        Scrolled {
            offset: v.absolute_offset().y,
            height: v.bounds().height,
            content: v.content_bounds().height,
        }
    }

    pub fn more_above(&self) -> bool {
        self.offset > 1.0
    }

    pub fn more_below(&self) -> bool {
        self.offset + self.height < self.content - 1.0
    }

    /// About one screen, less what the [`tools`] in the top corner cover
    /// of it and as much again: what was at the bottom, or cut in half
    /// there, comes to the top clear of the tools, and a paragraph that
    /// ends under the tools at one stop is whole below them at the next
    /// (the side column of an errand page passes under them). What stays
    /// on screen from one stop to the next (260 px, or 70 % of a low
    /// window) is also higher than the highest paragraph of a page, so
    /// that each is whole at one stop: a step of 140 characters is five
    /// lines of Ethiopic (208 px), a tip of 180 characters seven lines of
    /// Somali in the side column (238 px), in a 1280 px window.
    pub fn page(&self) -> f32 {
        (self.height - 260.0).max(self.height * 0.3)
    }

    /// Changes whenever what the page shows changes (for the app's full
    /// repaint, see [`theme::theme`]).
    pub fn key(&self) -> u64 {
        (self.offset.round() as u64) << 32
            | (self.height.round() as u64) << 16
            | u64::from(self.more_below())
    }
}

/// The widget ids of the "more below" / "more above" buttons (for tests).
pub const MORE_BELOW_ID: &str = "scroll:more-below";
pub const MORE_ABOVE_ID: &str = "scroll:more-above";

/// Long content that scrolls, with the thin bar and, below it, big "more
/// above" and "more below" buttons, each shown only when there is more in
/// its direction. A first-time visitor does not know to swipe, and a
/// finger drag that starts on a button does not scroll at all.
/// `scrolled` is where the page stands (`None` before the first frame);
/// `on_scroll` reports it; `up` and `down` scroll by [`Scrolled::page`].
pub fn scroll_page<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    content: Element<'a, M>,
    id: &'static str,
    scrolled: Option<Scrolled>,
    on_scroll: impl Fn(iced::widget::scrollable::Viewport) -> M + 'a,
    up: M,
    down: M,
) -> Element<'a, M> {
    let scroll = iced::widget::scrollable(content)
        .id(Id::new(id))
        .spacing(16)
        .height(Length::Fill)
        .on_scroll(on_scroll);
    let mut col = column![scroll].spacing(theme::GAP / 1.5);
    if let Some(at) = scrolled.filter(|s| s.more_above() || s.more_below()) {
        let button = |icon_name: &str, label: String, button_id, msg: Option<M>| {
            let face = icon_label(ctx, icon_name, 48.0, ctx.c().primary, label, theme::BODY);
            let button = msg.map(|msg| {
                tap(
                    container(face)
                        .center_y(Length::Fill)
                        .id(Id::new(button_id)),
                    Some(msg),
                    theme::tile(ctx.c()),
                    |b| b.height(Length::Fixed(theme::TARGET)).padding([8, 28]),
                )
            });
            button.unwrap_or_else(|| iced::widget::space::vertical().height(theme::TARGET).into())
        };
        // Each in its half, so that neither moves when the other goes.
        let above = button(
            icons::UP,
            ctx.t("nav-more-above"),
            MORE_ABOVE_ID,
            at.more_above().then_some(up),
        );
        let below = button(
            icons::DOWN,
            ctx.t("nav-more-below"),
            MORE_BELOW_ID,
            at.more_below().then_some(down),
        );
        let (above, below) = if ctx.rtl() {
            (
                container(above).align_left(Length::Fill),
                container(below).align_right(Length::Fill),
            )
        } else {
            (
                container(above).align_right(Length::Fill),
                container(below).align_left(Length::Fill),
            )
        };
        col = col.push(reading_row(ctx, vec![above.into(), below.into()]).spacing(theme::GAP));
    }
    col.into()
}
