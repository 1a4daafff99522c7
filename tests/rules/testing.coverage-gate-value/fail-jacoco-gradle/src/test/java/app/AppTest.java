package app;

class AppTest {}
