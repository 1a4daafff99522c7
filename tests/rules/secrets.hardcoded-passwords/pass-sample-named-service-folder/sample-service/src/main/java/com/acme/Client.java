package com.acme;

// a folder whose first word says sample (`sample-service/`) is a sample by
// the deployment model's reading of paths, as for every rule with skip_nonprod
public class Client {
    private final String apiKey = "app-46gHBiqUb5jqAHl9TDWwnRZ8";
}
