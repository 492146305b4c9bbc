//! The on-screen keyboard. iced has none and the kiosk has no physical
//! keyboard: visitors type the first letters of a case officer's name
//! (Latin script, Swedish names with å ä ö é) and, if the office asks for
//! it, their own first name or initials.
//!
//! The keyboard is plain data first: a [`Layout`] has its keys in
//! [`rows`](Layout::rows), and [`apply`] turns one [`Key`] into an edit of
//! the typed text. [`view`] only draws the keys and reports taps as
//! [`Message::Pressed`]; the parent owns the text, calls [`apply`] and
//! handles [`Key::Switch`] (it toggles between the visitor's layout and
//! [`Layout::Latin`], since officers' names are written in Latin script).
//!
//! Layouts:
//! - **Swedish**: Swedish QWERTY (`qwertyuiopå` / `asdfghjklöä` /
//!   `zxcvbnm`), with `é` (as in *Renée*) and `-` (as in *Anna-Karin*) on
//!   the bottom letter row instead of behind dead keys.
//! - **Latin**: plain international QWERTY a–z and `-`.
//! - **Arabic** (also Persian): the letters of the common Arabic (101)
//!   keyboard in its rows, left to right as printed on the keys; the
//!   shifted hamza forms (أ إ آ) and ذ get keys of their own, there is no
//!   shift. Persian-only letters (پ چ ژ گ) are not on it.
//! - **Ethiopic** (Tigrinya, Amharic): an Ethiopic syllable is a consonant
//!   with one of seven vowels ("orders"), and Unicode lays each consonant
//!   out as a block of eight code points: base (first order, *ä*) + order.
//!   A touch screen cannot show all ~250 syllables, so typing takes two
//!   steps: the consonant rows (in fidel order, ሀ ለ ሐ መ …) type a
//!   consonant in its first order, the form the fidel chart is learnt by;
//!   then a key of the order row ([`ORDER_KEYS`]: ሉ ሊ ላ ሌ ል ሎ ሏ, the
//!   orders of ለ, shown in a tinted colour) changes the last typed syllable
//!   to that order: ለ then ሊ gives ሊ, ደ then ሉ gives ዱ. Tapping another
//!   order key changes it again. A vowel on its own is the glottal አ with
//!   its order (አ then ሌ gives ኤ), as in the fidel chart. The last order key
//!   (ሏ, *wa*) gives the labialised form: ሏ, ሟ …, and ቋ ኳ ጓ … for ቀ ከ ገ
//!   and the other consonants whose *wa* form lives in a separate block.
//!   An order key with no Ethiopic syllable before it does nothing.
//!
//! Typed letters are capitalised at the start of every word (after a space
//! or a hyphen), so names come out as names: Å s a gives "Åsa". Key labels
//! are the letters themselves (upper case where the script has case), so the
//! keyboard needs no translated strings. Rows are not mirrored for
//! right-to-left languages: physical keyboards are not either.

use iced::widget::{Id, Row, button, column, container, responsive, row, svg, text};
use iced::{Background, Element, Length, Theme};

use crate::ui::{Ctx, theme};

/// Height of every key; the public-kiosk minimum for a touch target.
pub const KEY_HEIGHT: f32 = 80.0;
/// The least height of a key in large-text mode, where everything is
/// drawn larger: at a scale of 1.5, 96 screen pixels.
pub const KEY_HEIGHT_LARGE: f32 = 64.0;

/// The height of a key on `ctx`'s screen, in layout pixels: in large-text
/// mode as low as keeps it `[kiosk] min_target_px` on screen (so that the
/// keyboard screens still fit), never lower than [`KEY_HEIGHT_LARGE`].
pub fn key_height(ctx: &Ctx<'_>) -> f32 {
    if ctx.access.large_text {
        let min = ctx.config.kiosk.min_target_px as f32;
        (min / ctx.scale).ceil().clamp(KEY_HEIGHT_LARGE, KEY_HEIGHT)
    } else {
        KEY_HEIGHT
    }
}
/// Keys are never narrower than this when the keyboard gets the width it
/// needs (1048 px for the 12-key rows of [`Layout::Arabic`] and
/// [`Layout::Ethiopic`]).
pub const KEY_MIN_WIDTH: f32 = 80.0;
/// Keys are never wider than this, so that short rows stay compact.
pub const KEY_MAX_WIDTH: f32 = 110.0;
/// Space between keys.
pub const KEY_GAP: f32 = 8.0;
/// Size of the letters on the keys; Arabic and Ethiopic letters are drawn
/// larger (see [`Layout::text_size`]), since their glyphs are smaller than
/// Latin capitals at the same size.
pub const KEY_TEXT: f32 = 36.0;

/// The order keys of [`Layout::Ethiopic`]: the second to eighth orders of
/// ለ (u, i, a, e, ə, o, wa). Each one changes the last typed syllable to
/// its order (see the module documentation).
pub const ORDER_KEYS: [char; 7] = ['ሉ', 'ሊ', 'ላ', 'ሌ', 'ል', 'ሎ', 'ሏ'];

/// A set of keys, one per script the kiosk's visitors write in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    Swedish,
    Latin,
    Arabic,
    Ethiopic,
}

/// The layout for a visitor's language (a language code such as `sv`,
/// `ar` or `ti-ER`).
pub fn layout_for(lang: &str) -> Layout {
    let primary = lang.split(['-', '_']).next().unwrap_or_default();
    match primary.to_ascii_lowercase().as_str() {
        "sv" => Layout::Swedish,
        "ar" | "fa" => Layout::Arabic,
        "ti" | "am" => Layout::Ethiopic,
        _ => Layout::Latin,
    }
}

const SWEDISH: [&str; 3] = ["qwertyuiopå", "asdfghjklöä", "zxcvbnmé-"];
const LATIN: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm-"];
const ARABIC: [&str; 3] = ["ضصثقفغعهخحجد", "شسيبلاتنمكطذ", "ئءؤرىةوزظأإآ"];
const ETHIOPIC: [&str; 3] = ["ሀለሐመሠረሰሸቀቐበቨ", "ተቸኀነኘአከኸወዐዘዠ", "የደጀገጠጨጰጸፀፈፐ"];

impl Layout {
    /// The character keys, row by row from the top, each row from the
    /// left. For [`Layout::Ethiopic`] the last row is [`ORDER_KEYS`].
    pub fn rows(&self) -> Vec<Vec<char>> {
        let letters: &[&str] = match self {
            Layout::Swedish => &SWEDISH,
            Layout::Latin => &LATIN,
            Layout::Arabic => &ARABIC,
            Layout::Ethiopic => &ETHIOPIC,
        };
        let mut rows: Vec<Vec<char>> = letters.iter().map(|r| r.chars().collect()).collect();
        if *self == Layout::Ethiopic {
            rows.push(ORDER_KEYS.to_vec());
        }
        rows
    }

    /// A few letters of the layout's script, for the key that switches to
    /// it from [`Layout::Latin`].
    pub fn sample(&self) -> &'static str {
        match self {
            Layout::Swedish => "ÅÄÖ",
            Layout::Latin => "ABC",
            Layout::Arabic => "أ ب",
            Layout::Ethiopic => "ሀ ለ",
        }
    }

    /// The size of the letters on this layout's keys.
    pub fn text_size(&self) -> f32 {
        match self {
            Layout::Swedish | Layout::Latin => KEY_TEXT,
            Layout::Arabic => KEY_TEXT + 6.0,
            Layout::Ethiopic => KEY_TEXT + 4.0,
        }
    }

    /// The height of the keyboard drawn by [`view`] for this layout: the
    /// character rows and the row with space and backspace.
    pub fn height(&self) -> f32 {
        let rows = self.rows().len() as f32 + 1.0;
        rows * KEY_HEIGHT + (rows - 1.0) * KEY_GAP
    }
}

/// A key on the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Space,
    Backspace,
    /// Toggle between the visitor's layout and [`Layout::Latin`]; handled by
    /// the parent, [`apply`] ignores it.
    Switch,
}

/// What the keyboard reports; the parent maps it into its own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Pressed(Key),
}

/// The widget id of a key's face, for tests and for anything that needs to
/// find a key on screen: `key:<char>`, `key:space`, `key:backspace`,
/// `key:switch`. The face covers the whole key.
pub fn key_id(key: &Key) -> Id {
    match key {
        Key::Char(c) => Id::from(format!("key:{c}")),
        Key::Space => Id::new("key:space"),
        Key::Backspace => Id::new("key:backspace"),
        Key::Switch => Id::new("key:switch"),
    }
}

/// The label of a character key: the character, in upper case where the
/// script has case.
pub fn label(c: char) -> String {
    c.to_uppercase().collect()
}

/// Applies one key to the typed text.
///
/// - a character is appended while the text has fewer than `max_chars`
///   characters; a letter that starts a word is capitalised;
/// - a space or a hyphen is appended only after a letter: never at the
///   start, never two separators in a row;
/// - backspace removes the last character;
/// - with [`Layout::Ethiopic`], an order key ([`ORDER_KEYS`]) changes the
///   last character to that order when it is an Ethiopic syllable, and does
///   nothing otherwise;
/// - [`Key::Switch`] is the parent's business and changes nothing.
pub fn apply(text: &mut String, key: &Key, max_chars: usize, layout: Layout) {
    let last = text.chars().next_back();
    let full = text.chars().count() >= max_chars;
    let after_letter = last.is_some_and(|c| !is_separator(c));
    match *key {
        Key::Backspace => {
            text.pop();
        }
        Key::Switch => {}
        Key::Space => {
            if after_letter && !full {
                text.push(' ');
            }
        }
        Key::Char(c) if layout == Layout::Ethiopic && ORDER_KEYS.contains(&c) => {
            let order = c as u32 - 0x1208;
            if let Some(changed) = last.and_then(|l| with_order(l, order)) {
                text.pop();
                text.push(changed);
            }
        }
        Key::Char(c) if is_separator(c) => {
            if after_letter && !full {
                text.push(c);
            }
        }
        Key::Char(c) => {
            if full {
                return;
            }
            let mut upper = c.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(u), None) if !after_letter => text.push(u),
                _ => text.push(c),
            }
        }
    }
}

fn is_separator(c: char) -> bool {
    c == ' ' || c == '-'
}

/// Blocks of labialised syllables (qʷä, qʷi, qʷa, qʷe, qʷə) and the
/// consonant each one belongs to.
const LABIALISED: [(u32, u32); 6] = [
    (0x1248, 0x1240), // ቈ ← ቀ
    (0x1258, 0x1250), // ቘ ← ቐ
    (0x1288, 0x1280), // ኈ ← ኀ
    (0x12B0, 0x12A8), // ኰ ← ከ
    (0x12C0, 0x12B8), // ዀ ← ኸ
    (0x1310, 0x1308), // ጐ ← ገ
];

/// Consonants whose eighth code point is not a *wa* form (an *oa* form or
/// nothing) and that have no labialised block either.
const NO_WA: [u32; 5] = [0x1200, 0x12C8, 0x12D0, 0x12E8, 0x1340];

/// The syllable of the same consonant as `syllable` in `order` (1 = u …
/// 6 = o, 7 = wa), if `syllable` is an Ethiopic syllable and the form
/// exists.
fn with_order(syllable: char, order: u32) -> Option<char> {
    let code = syllable as u32;
    // The syllables with seven or eight regular orders end at U+1357.
    if !(0x1200..0x1358).contains(&code) {
        return None;
    }
    let block = code - (code - 0x1200) % 8;
    let base = LABIALISED
        .iter()
        .find(|(labialised, _)| *labialised == block)
        .map_or(block, |(_, plain)| *plain);
    let target = match order {
        1..=6 => base + order,
        7 => match LABIALISED.iter().find(|(_, plain)| *plain == base) {
            // qʷa: the fourth code point of the labialised block.
            Some((labialised, _)) => labialised + 3,
            None if NO_WA.contains(&base) => return None,
            None => base + 7,
        },
        _ => return None,
    };
    char::from_u32(target)
}

/// The keyboard: the rows of `layout` and a row with space and backspace,
/// plus — when `latin_switch` and the visitor's language has a layout of
/// its own — a key that switches to Latin ("ABC") and back (labelled with
/// letters of the visitor's script).
///
/// It fills the width it is given: keys are as wide as the longest row
/// allows (at most [`KEY_MAX_WIDTH`]), rows are centred, and the height is
/// [`Layout::height`].
pub fn view<'a>(ctx: &Ctx<'_>, layout: Layout, latin_switch: bool) -> Element<'a, Message> {
    let own = layout_for(ctx.lang);
    let switch: Option<&'static str> = match (latin_switch, layout, own) {
        // Swedish letters include the Latin ones: nothing to switch to.
        (false, _, _)
        | (_, Layout::Latin, Layout::Latin)
        | (_, Layout::Swedish | Layout::Latin, Layout::Swedish) => None,
        (true, Layout::Latin, own) => Some(own.sample()),
        (true, _, _) => Some(Layout::Latin.sample()),
    };
    let rows = layout.rows();
    let text_size = layout.text_size();
    let colors = ctx.c();
    let height = key_height(ctx);
    responsive(move |size| board(&rows, switch, text_size, size.width, (height, colors)))
        .height(Length::Shrink)
        .into()
}

fn board<'a>(
    rows: &[Vec<char>],
    switch: Option<&'static str>,
    text_size: f32,
    width: f32,
    (height, c): (f32, &'static theme::Colors),
) -> Element<'a, Message> {
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1).max(4) as f32;
    let key_width = ((width - (widest - 1.0) * KEY_GAP) / widest)
        .min(KEY_MAX_WIDTH)
        .floor();
    let span = |keys: f32| keys * key_width + (keys - 1.0) * KEY_GAP;

    let mut board = column![].spacing(KEY_GAP);
    for keys in rows {
        let cells: Vec<Element<'a, Message>> = keys
            .iter()
            .map(|&ch| {
                let tinted = ORDER_KEYS.contains(&ch);
                key(
                    Key::Char(ch),
                    lettering(ch, text_size),
                    (key_width, height),
                    key_style(c, tinted),
                )
            })
            .collect();
        board = board.push(centred(Row::with_children(cells)));
    }

    let mut bottom = row![].spacing(KEY_GAP);
    let mut space_keys = widest - 2.0;
    if let Some(sample) = switch {
        let face = text(sample).size(theme::BODY).font(theme::BOLD);
        bottom = bottom.push(key(
            Key::Switch,
            face.into(),
            (span(2.0), height),
            key_style(c, false),
        ));
        space_keys -= 2.0;
    }
    bottom = bottom
        .push(key(
            Key::Space,
            symbol(SPACE_SVG, 64.0, 32.0, c),
            (span(space_keys), height),
            key_style(c, false),
        ))
        .push(key(
            Key::Backspace,
            symbol(BACKSPACE_SVG, 56.0, 56.0, c),
            (span(2.0), height),
            key_style(c, false),
        ));
    board.push(centred(bottom)).into()
}

fn centred<'a>(keys: Row<'a, Message>) -> Element<'a, Message> {
    container(keys.spacing(KEY_GAP))
        .center_x(Length::Fill)
        .into()
}

/// A character on a key. Shrink-sized and centred by its container: iced
/// 0.14 misplaces `Fill`-width right-to-left text. A hyphen is drawn
/// larger: at letter size it is a speck.
fn lettering<'a>(c: char, size: f32) -> Element<'a, Message> {
    let size = if c == '-' { size * 1.6 } else { size };
    text(label(c)).size(size).font(theme::BOLD).into()
}

fn symbol<'a>(
    svg_source: &'static str,
    width: f32,
    height: f32,
    c: &theme::Colors,
) -> Element<'a, Message> {
    svg(svg::Handle::from_memory(svg_source.as_bytes()))
        .width(width)
        .height(height)
        .style(theme::icon(c.text))
        .into()
}

fn key<'a>(
    key: Key,
    face: Element<'a, Message>,
    (width, height): (f32, f32),
    style: impl Fn(&Theme, button::Status) -> button::Style + 'a,
) -> Element<'a, Message> {
    let face = container(face).center(Length::Fill).id(key_id(&key));
    super::tap(face, Some(Message::Pressed(key)), style, |b| {
        b.width(Length::Fixed(width))
            .height(Length::Fixed(height))
            .padding(0)
    })
}

/// A key: a tile. Ethiopic order keys (`tinted`) are tinted, so that they
/// read as a different kind of key from the consonants above them.
fn key_style(
    c: &'static theme::Colors,
    tinted: bool,
) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |_, status| {
        let style = theme::tile_style(c, status);
        if tinted && !matches!(status, button::Status::Pressed) {
            button::Style {
                background: Some(Background::Color(c.key_tint)),
                ..style
            }
        } else {
            style
        }
    }
}

/// "Erase to the left" (⌫): the embedded fonts have no glyph for it.
const BACKSPACE_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" fill="none" stroke="#000" stroke-width="6" stroke-linecap="round" stroke-linejoin="round">
  <path d="M34 20H80a6 6 0 0 1 6 6V70a6 6 0 0 1-6 6H34L10 48Z"/>
  <path d="M44 36L68 60M68 36L44 60"/>
</svg>"##;

/// "Open box" (␣), the usual mark of the space bar.
const SPACE_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="96" height="48" viewBox="0 0 96 48" fill="none" stroke="#000" stroke-width="6" stroke-linecap="round" stroke-linejoin="round">
  <path d="M8 14V38H88V14"/>
</svg>"##;

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(layout: Layout, keys: &[Key]) -> String {
        let mut s = String::new();
        for k in keys {
            apply(&mut s, k, 40, layout);
        }
        s
    }

    fn chars(s: &str) -> Vec<Key> {
        s.chars()
            .map(|c| if c == ' ' { Key::Space } else { Key::Char(c) })
            .collect()
    }

    #[test]
    fn languages_get_their_layouts() {
        assert_eq!(layout_for("sv"), Layout::Swedish);
        assert_eq!(layout_for("sv-SE"), Layout::Swedish);
        assert_eq!(layout_for("ar"), Layout::Arabic);
        assert_eq!(layout_for("fa"), Layout::Arabic);
        assert_eq!(layout_for("ti"), Layout::Ethiopic);
        assert_eq!(layout_for("am"), Layout::Ethiopic);
        assert_eq!(layout_for("en"), Layout::Latin);
        assert_eq!(layout_for("so"), Layout::Latin);
        assert_eq!(layout_for(""), Layout::Latin);
    }

    #[test]
    fn layouts_have_the_letters_they_need_and_fit_twelve_a_row() {
        let all = |l: Layout| l.rows().concat();
        for c in 'a'..='z' {
            assert!(all(Layout::Latin).contains(&c), "{c} in Latin");
            assert!(all(Layout::Swedish).contains(&c), "{c} in Swedish");
        }
        for c in ['å', 'ä', 'ö', 'é'] {
            assert!(all(Layout::Swedish).contains(&c), "{c} in Swedish");
        }
        for c in "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars() {
            assert!(all(Layout::Arabic).contains(&c), "{c} in Arabic");
        }
        for c in "ሀለሐመሰረሸቀቐበተቸኀነኘአከኸወዐዘዠየደጀገጠጨጰጸፈፐ".chars()
        {
            assert!(all(Layout::Ethiopic).contains(&c), "{c} in Ethiopic");
            assert_eq!((c as u32 - 0x1200) % 8, 0, "{c} is a first order");
        }
        for l in [
            Layout::Swedish,
            Layout::Latin,
            Layout::Arabic,
            Layout::Ethiopic,
        ] {
            let keys = all(l);
            assert!(l.rows().iter().all(|r| r.len() <= 12), "{l:?}");
            let mut unique = keys.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), keys.len(), "{l:?} has no key twice");
        }
    }

    #[test]
    fn letters_are_capitalised_at_word_starts() {
        assert_eq!(typed(Layout::Swedish, &chars("åsa")), "Åsa");
        assert_eq!(
            typed(Layout::Swedish, &chars("anna-karin ek")),
            "Anna-Karin Ek"
        );
        assert_eq!(typed(Layout::Swedish, &chars("éva")), "Éva");
        assert_eq!(typed(Layout::Arabic, &chars("سعاد")), "سعاد");
    }

    #[test]
    fn separators_only_follow_a_letter() {
        let keys = [
            Key::Space,
            Key::Char('-'),
            Key::Char('a'),
            Key::Space,
            Key::Space,
            Key::Char('-'),
            Key::Char('b'),
            Key::Char('-'),
            Key::Char('-'),
            Key::Space,
        ];
        assert_eq!(typed(Layout::Latin, &keys), "A B-");
    }

    #[test]
    fn backspace_removes_the_last_character_and_stops_at_empty() {
        let mut s = String::from("Åsa");
        apply(&mut s, &Key::Backspace, 40, Layout::Swedish);
        assert_eq!(s, "Ås");
        for _ in 0..5 {
            apply(&mut s, &Key::Backspace, 40, Layout::Swedish);
        }
        assert_eq!(s, "");
        // After a backspace the next letter starts the word again.
        apply(&mut s, &Key::Char('ö'), 40, Layout::Swedish);
        assert_eq!(s, "Ö");
    }

    #[test]
    fn the_length_is_capped_in_characters() {
        let mut s = String::new();
        for _ in 0..50 {
            apply(&mut s, &Key::Char('ä'), 40, Layout::Swedish);
        }
        assert_eq!(s.chars().count(), 40);
        apply(&mut s, &Key::Space, 40, Layout::Swedish);
        assert_eq!(s.chars().count(), 40);
        let mut e = String::new();
        for _ in 0..45 {
            apply(&mut e, &Key::Char('ለ'), 40, Layout::Ethiopic);
        }
        assert_eq!(e.chars().count(), 40);
        // Changing the order of the last syllable is still possible.
        apply(&mut e, &Key::Char('ሉ'), 40, Layout::Ethiopic);
        assert!(e.ends_with('ሉ'));
        assert_eq!(e.chars().count(), 40);
    }

    #[test]
    fn switch_changes_nothing() {
        let mut s = String::from("Ab");
        apply(&mut s, &Key::Switch, 40, Layout::Latin);
        assert_eq!(s, "Ab");
    }

    #[test]
    fn order_keys_change_the_last_syllable() {
        let k = |c| Key::Char(c);
        // ዳኒኤል (Daniel): ደ+a, ነ+i, አ+e, ለ+ə.
        let daniel = [
            k('ደ'),
            k('ላ'),
            k('ነ'),
            k('ሊ'),
            k('አ'),
            k('ሌ'),
            k('ለ'),
            k('ል'),
        ];
        assert_eq!(typed(Layout::Ethiopic, &daniel), "ዳኒኤል");
        // Another order key changes it again, back and forth.
        assert_eq!(typed(Layout::Ethiopic, &[k('መ'), k('ሉ'), k('ሎ')]), "ሞ");
        // wa: in the block, or in the separate labialised block.
        assert_eq!(typed(Layout::Ethiopic, &[k('ለ'), k('ሏ')]), "ሏ");
        assert_eq!(typed(Layout::Ethiopic, &[k('ገ'), k('ሏ')]), "ጓ");
        assert_eq!(typed(Layout::Ethiopic, &[k('ቀ'), k('ሏ')]), "ቋ");
        assert_eq!(typed(Layout::Ethiopic, &[k('ከ'), k('ሏ'), k('ሊ')]), "ኪ");
        // No wa for ሀ, ወ, ዐ, የ: nothing changes.
        assert_eq!(typed(Layout::Ethiopic, &[k('የ'), k('ሏ')]), "የ");
        assert_eq!(typed(Layout::Ethiopic, &[k('ሀ'), k('ሏ')]), "ሀ");
        // Nothing to change: nothing happens.
        assert_eq!(typed(Layout::Ethiopic, &[k('ሉ')]), "");
        assert_eq!(typed(Layout::Ethiopic, &[k('ለ'), Key::Space, k('ሉ')]), "ለ ");
        // Outside the Ethiopic layout, ሉ is just a character.
        assert_eq!(typed(Layout::Latin, &[k('ሉ')]), "ሉ");
    }

    #[test]
    fn every_order_of_every_consonant_key_exists() {
        for c in Layout::Ethiopic.rows().concat() {
            if ORDER_KEYS.contains(&c) {
                continue;
            }
            for order in 1..=6 {
                let changed = with_order(c, order).expect("orders 2 to 7 exist");
                assert_eq!(changed as u32, c as u32 + order);
            }
        }
        for (c, wa) in [('ሐ', 'ሗ'), ('ኀ', 'ኋ'), ('ኸ', 'ዃ'), ('ቐ', 'ቛ'), ('አ', 'ኧ')]
        {
            assert_eq!(with_order(c, 7), Some(wa), "{c}");
        }
        assert_eq!(with_order('a', 1), None);
        assert_eq!(with_order('፡', 1), None);
    }
}
