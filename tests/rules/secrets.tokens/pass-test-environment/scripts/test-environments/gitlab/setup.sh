#!/bin/sh
curl -H "Authorization: token ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5" https://api.github.com/user
