<?php
$client = new Api(['api_key' => 'sk9f8Q2mZx71Lp0w']);
