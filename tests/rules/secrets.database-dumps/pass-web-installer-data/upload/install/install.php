<?php
// loads the install data of the chosen language
$lines = file(DIR_APPLICATION . "shop-" . $code . ".sql");
