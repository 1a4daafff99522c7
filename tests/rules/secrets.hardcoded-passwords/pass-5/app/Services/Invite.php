<?php
// a validation rule, not a credential
$rules = ['password' => 'required|alpha_dash|string|max:255'];
// a column type
$schema = ["client_secret" => "VARCHAR(80)"];
