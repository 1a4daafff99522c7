<?php
class CommonApiControllerTest
{
    public function testCreate(): void
    {
        $payload = [
            'username' => 'admin',
            'password' => 'Maut1cR0cks!',
        ];
    }
}
