package com.acme;

public class Client {
    // the service's real upstream key, committed by mistake
    private final String apiKey = "app-46gHBiqUb5jqAHl9TDWwnRZ8";
}
