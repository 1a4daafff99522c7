<?php
final class Response
{
    public function sendSecurityHeaders(): void
    {
        header('X-Content-Type-Options: nosniff');
        header("Content-Security-Policy: default-src 'self'");
    }
}
