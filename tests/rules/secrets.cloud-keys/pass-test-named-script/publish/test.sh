#!/bin/sh
printf 'AWS_SECRET_ACCESS_KEY = 0qk+o7XctJMmG6ydO8q37c9+TofLJU1K0PiVBXSg\n' > large-input.txt
./scanner large-input.txt
