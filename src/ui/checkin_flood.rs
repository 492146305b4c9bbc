//! Check-in flooding: the same officer told again and again within minutes
//! (a prank, or a script tapping the screen) must not flood their inbox.
//! The 4th check-in to one officer within 10 minutes goes to the desk
//! message instead of mail, and no name is kept.
//!
//! Counted in memory, not in the outbox: the answer is due at once, in
//! `update`, where the store is never read (it may be busy), and a restart
//! lets through at most another [`LIMIT`] mails. Kept across the idle
//! reset (it is about officers, not visitors).

use std::collections::HashMap;
use std::time::Duration;

use iced::time::Instant;

/// Check-ins to one officer that go to mail within [`WINDOW`].
pub const LIMIT: usize = 3;
pub const WINDOW: Duration = Duration::from_secs(10 * 60);

/// When each officer was last told, by their address.
#[derive(Debug, Default)]
pub struct FloodGuard {
    told: HashMap<String, Vec<Instant>>,
}

impl FloodGuard {
    /// Whether a check-in to `officer` (their address) at `now` may go to
    /// mail; if so it is counted.
    pub fn allow(&mut self, officer: &str, now: Instant) -> bool {
        // Forget what is out of every window (the map stays small).
        self.told.retain(|_, times| {
            times.retain(|t| now.saturating_duration_since(*t) < WINDOW);
            !times.is_empty()
        });
        let times = self.told.entry(officer.to_string()).or_default();
        if times.len() >= LIMIT {
            return false;
        }
        times.push(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_in_ten_minutes_per_officer() {
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let mut g = FloodGuard::default();
        assert!(g.allow("a@x", at(0)));
        assert!(g.allow("a@x", at(60)));
        assert!(g.allow("b@x", at(61)), "another officer");
        assert!(g.allow("a@x", at(120)));
        assert!(!g.allow("a@x", at(130)), "the 4th");
        assert!(!g.allow("a@x", at(599)));
        // Ten minutes after the first, one more may go.
        assert!(g.allow("a@x", at(600)));
        assert!(!g.allow("a@x", at(601)));
    }
}
