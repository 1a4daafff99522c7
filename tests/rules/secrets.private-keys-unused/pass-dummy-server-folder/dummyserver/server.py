import ssl

CERTS = "dummyserver/certs"
ctx = ssl.create_default_context()
ctx.load_cert_chain(CERTS + "/server.crt", CERTS + "/server.key")
