//! Notices: what an import or export did that the user should know, as data.
//!
//! A reader meets the same thing many times (a relation on every line, a cancelled annotation
//! in every task), so it counts them in a [`Tally`] and says it once, at the first place.

use std::fmt;

use crate::error::Location;

/// Something the conversion did that the user should know: what a format cannot carry and was
/// dropped, a discontinuous span that was split, a label that was renamed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Notice {
    pub location: Option<Location>,
    pub message: String,
}

impl Notice {
    pub fn new(location: Option<Location>, message: impl Into<String>) -> Notice {
        Notice { location, message: message.into() }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// How many times something happened in an input, and where it first did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: usize,
    pub first: Option<Location>,
}

impl Tally {
    pub fn add(&mut self, at: &Location) {
        self.add_many(1, at);
    }

    pub fn add_many(&mut self, n: usize, at: &Location) {
        if n > 0 {
            self.count += n;
            self.first.get_or_insert_with(|| at.clone());
        }
    }

    /// One notice at the first place, worded by `message` from the count; none for zero.
    pub fn notice(&self, message: impl FnOnce(usize) -> String) -> Option<Notice> {
        (self.count > 0).then(|| Notice::new(self.first.clone(), message(self.count)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_says_it_once_at_the_first_place() {
        let mut tally = Tally::default();
        assert_eq!(tally.notice(|n| format!("{n} skipped")), None);
        tally.add(&Location::at("a.ann", 3, 1));
        tally.add_many(0, &Location::at("a.ann", 1, 1));
        tally.add_many(2, &Location::at("a.ann", 9, 1));
        let notice = tally.notice(|n| format!("{n} relation(s) skipped")).expect("counted");
        assert_eq!(notice.to_string(), "a.ann:3:1: 3 relation(s) skipped");
    }
}
