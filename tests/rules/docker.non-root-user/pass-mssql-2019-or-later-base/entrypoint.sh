#!/bin/bash
/opt/mssql/bin/sqlservr
