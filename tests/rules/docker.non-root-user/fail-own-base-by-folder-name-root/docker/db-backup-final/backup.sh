#!/bin/sh
exec mysqldump --all-databases
