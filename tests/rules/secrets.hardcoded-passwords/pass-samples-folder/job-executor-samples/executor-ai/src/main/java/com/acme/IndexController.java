package com.acme;

public class IndexController {
    // dify config sample
    private final String apiKey = "app-46gHBiqUb5jqAHl9TDWwnRZ8";
    private final String baseUrl = "http://localhost/v1";
}
