//! Who holds a mail's lease: this process, named so that another process
//! can tell whether the holder still runs.
//!
//! An owner is `BOOT:PID:START` (the kernel's boot id, the process id and
//! its start time in clock ticks since boot, from `/proc`). A lease is
//! provably from a dead owner when it was taken in another boot, or when
//! no process with that id and start time runs now. Without `/proc` the
//! owner is `?:PID:RANDOM` and is never taken for dead: its leases are
//! taken over only once they expire.

use std::sync::LazyLock;

static OWNER: LazyLock<String> = LazyLock::new(|| {
    let pid = std::process::id();
    match (boot_id(), start_ticks(pid)) {
        (Some(boot), Some(start)) => format!("{boot}:{pid}:{start}"),
        _ => format!("?:{pid}:{:016x}", fastrand::u64(..)),
    }
});

/// This process as a lease owner.
pub fn owner() -> &'static str {
    &OWNER
}

/// Whether `owner` is provably a process that no longer runs. An owner
/// that cannot be checked (another system, no `/proc`) is not.
pub fn is_dead(owner: &str) -> bool {
    let mut parts = owner.splitn(3, ':');
    let (Some(boot), Some(pid), Some(start)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let (Some(our_boot), Ok(pid)) = (boot_id(), pid.parse::<u32>()) else {
        return false;
    };
    if boot == "?" {
        return false;
    }
    if boot != our_boot {
        // Taken before the last reboot.
        return true;
    }
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(_) => false,
        Ok(stat) => parse_start(&stat).is_some_and(|now| now.to_string() != start),
    }
}

fn boot_id() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && !s.contains(':'))
}

fn start_ticks(pid: u32) -> Option<u64> {
    parse_start(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// Field 22 of `/proc/PID/stat` (start time); the command name (field 2)
/// may hold spaces and parentheses, so fields are counted after its last `)`.
fn parse_start(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_others_are_told_apart() {
        let me = owner();
        assert!(!is_dead(me), "{me}");
        if me.starts_with('?') {
            return;
        }
        let (boot, rest) = me.split_once(':').unwrap();
        let (pid, start) = rest.split_once(':').unwrap();
        // The same pid started at another time: a later process reused it.
        let other_start: u64 = start.parse::<u64>().unwrap() + 1;
        assert!(is_dead(&format!("{boot}:{pid}:{other_start}")));
        // Another boot.
        assert!(is_dead(&format!("00000000-dead:{pid}:{start}")));
        // No such process (pid_max is at most 2^22).
        assert!(is_dead(&format!("{boot}:4294967:1")));
        // Not an owner this code wrote: never taken for dead.
        assert!(!is_dead("?:1:abc"));
        assert!(!is_dead("garbage"));
    }

    #[test]
    fn the_start_time_is_found_after_an_odd_command_name() {
        let stat = "42 (a) b) c) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 777 19 20";
        assert_eq!(parse_start(stat), Some(777));
    }
}
