//! Counted nouns in messages (`1 error`, `3 warnings`), written one way by every command.

/// `n` and `word`, with an `s` unless `n` is 1; for words whose plural is a plain `s`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_and_zero_is_plural() {
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(1, "annotation file"), "1 annotation file");
        assert_eq!(plural(2, "warning"), "2 warnings");
    }
}
