#[cfg(test)]
mod tests {
    #[test]
    fn parses() {
        assert_eq!(1 + 1, 2);
    }
}

pub fn service_key() -> &'static str {
    r#"{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQDemmylrvp1KcOn\n-----END PRIVATE KEY-----\n"}"#
}
