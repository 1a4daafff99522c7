#!/bin/sh
# the install tree the image is built from
./gradlew installDist
rm -rf app-build && cp -r build/install/app app-build
