COUNT = 100000

for i in range(COUNT):
    doc = {
        "name": "user_%06d" % i,
        "private_key" : "-----BEGIN PRIVATE KEY-----\nMIIJQQIBADANBgkqhkiG9w0BAQEFAASCCSswggknAgEAAoICAQDeO1Cvh+/4kru5\n-----END PRIVATE KEY-----\n",
    }
    collection.insert_one(doc)
