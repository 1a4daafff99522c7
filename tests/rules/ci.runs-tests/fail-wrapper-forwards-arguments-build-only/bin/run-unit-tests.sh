#!/bin/bash
set -ex
./manage.py test --noinput $@
