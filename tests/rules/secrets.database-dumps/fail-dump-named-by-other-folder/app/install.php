<?php
// the installer loads its own schema, in another folder than the backup
execute_script(__DIR__ . '/sqlscripts/initial_schema.sql');
