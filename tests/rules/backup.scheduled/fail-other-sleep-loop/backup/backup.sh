#!/bin/sh
pg_dump -U shop shop --file "/backups/shop_$(date +%F).sql"
