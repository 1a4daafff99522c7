<?php
require "includes/header.php";
echo "hello";
