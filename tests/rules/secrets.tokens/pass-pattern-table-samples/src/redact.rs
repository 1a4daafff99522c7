// Patterns the history redactor hides, each with a sample it must match.
pub static PATTERNS: &[(&str, &str, TestValue)] = &[
    ("GitHub PAT (old)", "ghp_[a-zA-Z0-9]{36}", TestValue::Single("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")), // real once, revoked
    (
        "GitHub PAT (new)",
        "github_pat_[0-9][A-Za-z0-9]{21}_[A-Za-z0-9]{59}",
        TestValue::Multiple(&[
            "github_pat_11QWERTYU0asdfghjklZxC_vbnmQWERTYuiopASDFghjklZXCVbnm1234567890QWERTYuiopASDFghjkl9", // expired
        ]),
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn samples_match() {
        let _ = TestValue::Single("glpat-Ab3dE5fG7hJ9kL1mN3pQ");
    }
}
