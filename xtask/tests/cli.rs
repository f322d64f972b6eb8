//! The command line as a user meets it: arguments, output and exit codes (0 clean, 1 findings,
//! 2 usage or I/O error). Each case is a file in tests/cmd/; `TRYCMD=overwrite` refreshes them.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
