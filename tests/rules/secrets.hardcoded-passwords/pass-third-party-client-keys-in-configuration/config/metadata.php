<?php
// the shared key every install of the catalogue uses for the film database
return ['films' => ['api_key' => 'f3a91c7e52b04d68a1e9c0b7d2f45e83']];
