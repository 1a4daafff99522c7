#!/bin/sh
# the scanner must report a token in its input
printf 'GITHUB_TOKEN=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\n' > input.txt
./scan input.txt && exit 1
exit 0
