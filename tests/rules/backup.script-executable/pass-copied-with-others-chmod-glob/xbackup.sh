#!/bin/sh
xtrabackup --backup --target-dir=/root/work
