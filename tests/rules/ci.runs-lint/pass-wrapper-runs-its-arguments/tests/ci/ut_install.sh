#!/bin/bash
set -e
make go_check
