//! The hidden staff exit: after the top-left corner has been held for five
//! seconds, a PIN pad. The right PIN closes the kiosk for IT; three wrong
//! ones return to the welcome screen and lock the corner out ([`Lockouts`]).
//! Shown in the office language.

use std::time::Duration;

use iced::time::Instant;
use iced::widget::{column, container, text};
use iced::{Element, Length};

use crate::ui::widget::keyboard::{KEY_GAP, KEY_HEIGHT};
use crate::ui::widget::{grid_with, nav_button, page, para, tap, title};
use crate::ui::{Ctx, theme};

/// Wrong PINs before the pad closes.
pub const ATTEMPTS: u8 = 3;
const MAX_DIGITS: usize = 12;

/// How long the corner is refused after the first round of wrong PINs;
/// each further round doubles it, up to [`MAX_LOCKOUT`].
pub const FIRST_LOCKOUT: Duration = Duration::from_secs(60);
pub const MAX_LOCKOUT: Duration = Duration::from_secs(3600);
/// Lockouts older than this no longer count for the doubling.
pub const LOCKOUT_MEMORY: Duration = Duration::from_secs(24 * 3600);

/// Rounds of wrong PINs and the corner's lockout. Not visitor data: it
/// survives the idle reset, and (through the store) a restart.
#[derive(Debug, Default, Clone)]
pub struct Lockouts {
    /// When each recent lockout began.
    recent: Vec<Instant>,
    /// The corner is refused until then.
    until: Option<Instant>,
}

impl Lockouts {
    /// The lockouts of the last [`LOCKOUT_MEMORY`] as the store has them
    /// (Unix ms), placed on the monotonic clock: `now` is `now_ms`.
    pub fn from_stored(stored: &[crate::store::StaffLockout], now: Instant, now_ms: i64) -> Self {
        let ms = |d: i64| Duration::from_millis(d.unsigned_abs());
        let mut lockouts = Lockouts::default();
        for l in stored {
            if let Some(at) = now.checked_sub(ms(now_ms - l.at_ms)) {
                lockouts.recent.push(at);
            }
            if l.until_ms > now_ms {
                let until = now + ms(l.until_ms - now_ms);
                lockouts.until = Some(lockouts.until.map_or(until, |u| u.max(until)));
            }
        }
        lockouts
    }

    /// Whether the corner is refused at `now`.
    pub fn refuses(&self, now: Instant) -> bool {
        self.until.is_some_and(|until| now < until)
    }

    /// A round of wrong PINs ended at `now`: the corner is refused for
    /// 1 min, 2, 4, … up to an hour. Returns how long, and the how-manieth
    /// lockout of the last day this is.
    pub fn lock(&mut self, now: Instant) -> (Duration, usize) {
        self.recent
            .retain(|at| now.saturating_duration_since(*at) < LOCKOUT_MEMORY);
        let before = self.recent.len().min(16) as u32;
        let lasts = FIRST_LOCKOUT.saturating_mul(1 << before).min(MAX_LOCKOUT);
        self.recent.push(now);
        self.until = Some(now + lasts);
        (lasts, self.recent.len())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Digit(char),
    Erase,
    Enter,
    Cancel,
}

/// What the pad asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    None,
    /// Check this PIN.
    Check(String),
    Cancel,
}

#[derive(Debug, Default)]
pub struct Staff {
    typed: String,
    pub wrong: u8,
}

impl Staff {
    /// What decides the picture (for the app's full repaint on change).
    pub fn view_key(&self) -> usize {
        self.typed.len() + 100 * usize::from(self.wrong)
    }

    pub fn update(&mut self, message: Message) -> Outcome {
        match message {
            Message::Digit(d) if self.typed.len() < MAX_DIGITS && d.is_ascii_digit() => {
                self.typed.push(d);
                Outcome::None
            }
            Message::Digit(_) => Outcome::None,
            Message::Erase => {
                self.typed.clear();
                Outcome::None
            }
            Message::Enter => Outcome::Check(std::mem::take(&mut self.typed)),
            Message::Cancel => Outcome::Cancel,
        }
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let c = ctx.c();
        let key = |label: String, message: Message| {
            tap(
                container(text(label).size(theme::TITLE).font(theme::BOLD)).center(Length::Fill),
                Some(message),
                theme::tile(c),
                |b| {
                    b.width(Length::Fixed(160.0))
                        .height(Length::Fixed(KEY_HEIGHT))
                },
            )
        };
        let mut keys: Vec<Element<'a, Message>> = ('1'..='9')
            .map(|d| key(d.to_string(), Message::Digit(d)))
            .collect();
        keys.push(key("C".into(), Message::Erase));
        keys.push(key("0".into(), Message::Digit('0')));
        keys.push(key("OK".into(), Message::Enter));
        let dots = "•".repeat(self.typed.len());
        let mut body = column![
            title(ctx, ctx.t("staff-title")),
            container(text(dots).size(theme::TITLE))
                .center_x(Length::Fill)
                .height(Length::Fixed(48.0)),
        ]
        .spacing(theme::GAP);
        if self.wrong > 0 {
            body = body.push(para(ctx, ctx.t("staff-wrong"), theme::BODY));
        }
        body = body.push(container(grid_with(ctx, keys, 3, KEY_GAP)).center_x(Length::Fill));
        page(
            ctx,
            body.into(),
            Some(nav_button(
                ctx,
                "home",
                ctx.t("staff-cancel"),
                Some(Message::Cancel),
            )),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockouts_double_up_to_an_hour_and_are_forgotten_after_a_day() {
        let t0 = Instant::now();
        let mut l = Lockouts::default();
        assert!(!l.refuses(t0));
        let mins: Vec<u64> = (0..9)
            .map(|i| l.lock(t0 + Duration::from_secs(i * 7200)).0.as_secs() / 60)
            .collect();
        assert_eq!(mins, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        let last = t0 + Duration::from_secs(8 * 7200);
        assert!(l.refuses(last + Duration::from_secs(3599)));
        assert!(!l.refuses(last + Duration::from_secs(3600)));
        // A day later the doubling starts again.
        let later = last + LOCKOUT_MEMORY;
        assert_eq!(l.lock(later).0, FIRST_LOCKOUT);
    }
}
