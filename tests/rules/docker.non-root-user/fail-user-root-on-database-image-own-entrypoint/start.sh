#!/bin/sh
exec mariadbd --user=root
