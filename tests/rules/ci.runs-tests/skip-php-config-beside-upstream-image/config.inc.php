<?php
$cfg["Servers"][1]["host"] = getenv("DB_HOST");
