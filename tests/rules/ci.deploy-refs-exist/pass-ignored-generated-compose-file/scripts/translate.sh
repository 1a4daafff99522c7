#!/bin/bash
# extract strings in the development stack
make compose-sources
docker-compose -f tools/compose/_generated/docker-compose.yml run app make messages
