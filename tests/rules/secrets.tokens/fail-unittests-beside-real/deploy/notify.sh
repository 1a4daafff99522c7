#!/bin/sh
curl -H "Authorization: token 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" https://api.github.com/user
