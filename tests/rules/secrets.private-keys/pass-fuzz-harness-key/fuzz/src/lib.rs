// loads cert.key beside the harness
pub fn key_path() -> &'static str { "cert.key" }
