#!/bin/sh
# the first fails its checksum, the second on the same line holds it
export OLD=ghp_R7vQ2mWk9sLp4TzX8cNb3HdJf6Ya1Ue5Gi0K NEW=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
curl -H "Authorization: token $NEW" https://api.github.com/user
