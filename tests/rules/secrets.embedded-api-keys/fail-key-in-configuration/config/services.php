<?php
return ['akismet' => ['api_key' => 'c2d9e8f71a4b']];
