//! Failed attempts per key in a fixed window, in memory: the public lookup counts wrong
//! second factors per dossier code, so the last 4 digits of a phone (10,000 possibilities)
//! cannot be guessed by trying them all. A restart forgets the counts, which only gives an
//! attacker a fresh 10 tries, far from the thousands they need.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct FailureWindow {
    max_failures: u32,
    window: Duration,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

/// How long until the key may be tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl FailureWindow {
    pub fn new(max_failures: u32, window: Duration) -> FailureWindow {
        FailureWindow {
            max_failures,
            window,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// The lookup's default: 10 wrong keys per code per hour.
    pub fn for_lookup() -> FailureWindow {
        FailureWindow::new(10, Duration::from_secs(3600))
    }

    /// `Err` while `key` has used up its failures in the current window.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), RetryAfter> {
        let counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        match counts.get(key) {
            Some((start, n)) if *n >= self.max_failures && now < *start + self.window => {
                Err(RetryAfter(*start + self.window - now))
            }
            _ => Ok(()),
        }
    }

    /// Counts one failure of `key`.
    pub fn fail(&self, key: &str, now: Instant) {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if counts.len() > 50_000 {
            let window = self.window;
            counts.retain(|_, (start, _)| now < *start + window);
        }
        let entry = counts.entry(key.to_owned()).or_insert((now, 0));
        if now >= entry.0 + self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_until_the_window_ends() {
        let w = FailureWindow::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(w.check("A", t0).is_ok());
            w.fail("A", t0);
        }
        assert_eq!(
            w.check("A", t0 + Duration::from_secs(10)),
            Err(RetryAfter(Duration::from_secs(50)))
        );
        assert!(w.check("B", t0).is_ok(), "other keys are not affected");
        assert!(w.check("A", t0 + Duration::from_secs(60)).is_ok());
        w.fail("A", t0 + Duration::from_secs(61));
        assert!(
            w.check("A", t0 + Duration::from_secs(61)).is_ok(),
            "a new window starts"
        );
    }
}
