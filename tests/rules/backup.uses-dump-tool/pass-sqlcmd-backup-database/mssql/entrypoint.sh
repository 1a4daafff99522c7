#!/bin/sh
exec /opt/mssql/bin/sqlservr
