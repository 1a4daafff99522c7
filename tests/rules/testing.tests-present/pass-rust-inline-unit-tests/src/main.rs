fn status(path: &str) -> u16 {
    if path == "/health" { 200 } else { 404 }
}

fn main() {
    println!("{}", status("/health"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_is_ok() {
        assert_eq!(status("/health"), 200);
    }
}
