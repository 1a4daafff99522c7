export interface RegistryAuth {
    serveraddress: string
    username: string
    password: string
}

/*
The registry configuration the Docker documentation shows:
{
  "registry.example.com": {
    "username": "janedoe",
    "password": "hunt3r2secret"
  }
}
*/
export interface RegistryConfig {
    [serveraddress: string]: RegistryAuth
}
