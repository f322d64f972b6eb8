//! concord-report (being built; see issue 4).
