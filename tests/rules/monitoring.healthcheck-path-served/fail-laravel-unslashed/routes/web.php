<?php
use Illuminate\Support\Facades\Route;

Route::get('service/health-check', 'HealthCheckController@get');
