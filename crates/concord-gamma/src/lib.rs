//! Gamma agreement (being built; see issue 3).
