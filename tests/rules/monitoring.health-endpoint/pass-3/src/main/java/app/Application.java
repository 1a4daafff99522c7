package app;

public class Application {
  public static void main(String[] args) {}
}
