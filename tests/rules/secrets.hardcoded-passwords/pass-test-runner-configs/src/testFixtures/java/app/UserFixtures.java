package app;

class UserFixtures {
  static final String password = "gradleF1xturePw";
}
