pub fn endpoint() -> &'static str {
    "https://fcm.googleapis.com/v1/projects/{}/messages:send"
}

#[cfg(test)]
pub mod tests {
    use serde_json::json;

    pub fn service_key() -> String {
        json!({
            "type": "service_account",
            "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQDemmylrvp1KcOn\n-----END PRIVATE KEY-----\n",
        })
        .to_string()
    }
}
