<?php
$db = getenv("DATABASE_URL");
echo "ok";
