<?php
return [
    'db_password' => 'adminPass2024',
];
