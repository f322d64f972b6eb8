//! Inter-annotator agreement (being built; see issue 3).
