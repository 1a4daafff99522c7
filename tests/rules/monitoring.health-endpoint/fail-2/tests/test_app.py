def test_ping(client):
    assert client.get("/health").status_code == 200
