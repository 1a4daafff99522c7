<?php
use Illuminate\Support\Facades\Route;

Route::get('api/service/health-check', 'HealthCheckController@get');
