package app;

@SpringBootApplication
@EnableConfigServer
public class ConfigApplication {
  public static void main(String[] args) { SpringApplication.run(ConfigApplication.class, args); }
}
