public class PlexTests {
    void Setup() {
        var r = new { authToken = "auth-token-2x9" };
    }
}
