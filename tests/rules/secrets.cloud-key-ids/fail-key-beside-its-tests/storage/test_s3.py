from storage.s3 import Bucket


def test_bucket_keeps_the_key_it_is_given():
    b = Bucket(access_key="AKIAQ3EGRIT7BXK4NM2P", secret="x")
    assert b.key_id.startswith("AKIA")
