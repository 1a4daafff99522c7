#!/bin/sh
exec java -jar /opt/app/app.jar
