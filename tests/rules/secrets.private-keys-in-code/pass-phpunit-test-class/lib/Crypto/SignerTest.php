<?php
use PHPUnit\Framework\TestCase;

class SignerTest extends TestCase
{
    private const KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDR7cKx2Lm9pQ4vT8sW3eJ1nB6hY0fG5aZ2uX7oM\n-----END PRIVATE KEY-----";
}
