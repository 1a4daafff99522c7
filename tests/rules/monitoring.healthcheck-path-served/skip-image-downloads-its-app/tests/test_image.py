def test_info(host):
    assert host
