#!/bin/sh
curl -H "Authorization: token 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" https://api.github.com/user
