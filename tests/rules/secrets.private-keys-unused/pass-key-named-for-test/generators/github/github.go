package github
