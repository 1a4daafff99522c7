#!/bin/sh
# GitHub and npm tokens end in a CRC32 of their random part: these two
# fail theirs, so no one ever issued them.
GH_TOKEN=ghp_R7vQ2mWk9sLp4TzX8cNb3HdJf6Ya1Ue5Gi0K
NPM_TOKEN=npm_Wq4Lz8Tn2Vb6Xs0Rk3Mj7Hp1Fd5Gc9Ya2Ue4B
curl -H "Authorization: token $GH_TOKEN" https://api.github.com/user
