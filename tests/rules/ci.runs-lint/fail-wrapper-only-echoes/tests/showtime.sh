#!/bin/env bash
echo "would run: $@"
