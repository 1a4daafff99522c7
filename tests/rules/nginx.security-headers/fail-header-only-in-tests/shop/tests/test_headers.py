def test_frame_options(client):
    assert client.get("/").headers.get("X-Frame-Options") is None
    assert "X-Content-Type-Options" not in client.get("/").headers
