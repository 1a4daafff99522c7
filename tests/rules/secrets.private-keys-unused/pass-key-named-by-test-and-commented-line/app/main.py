import os
print(os.environ["SIGNING_KEY_PATH"])
