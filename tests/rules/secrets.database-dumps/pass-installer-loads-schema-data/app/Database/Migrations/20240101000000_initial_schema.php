<?php

namespace App\Database\Migrations;

use CodeIgniter\Database\Migration;

// The first migration creates the tables and the default settings rows.
class Migration_Initial_Schema extends Migration
{
    public function up(): void
    {
        helper('migration');
        execute_script(APPPATH . 'Database/Migrations/sqlscripts/initial_schema.sql');
    }
}
