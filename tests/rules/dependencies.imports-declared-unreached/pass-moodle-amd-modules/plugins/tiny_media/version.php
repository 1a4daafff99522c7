<?php
$plugin->component = 'tiny_media';
$plugin->version = 2024100100;
