<?php
$users = [['email' => 'admin@example.test', 'password' => 'admin12345']];
