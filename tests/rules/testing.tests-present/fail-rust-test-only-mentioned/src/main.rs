// TODO: add a #[cfg(test)] module once the routes settle
fn main() {
    println!("ok");
}
