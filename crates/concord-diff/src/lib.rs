//! concord-diff (being built; see issue 4).
