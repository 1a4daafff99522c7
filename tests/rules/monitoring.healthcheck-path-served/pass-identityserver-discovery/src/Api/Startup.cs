public class Startup
{
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddIdentityServer();
    }

    public void Configure(IApplicationBuilder app)
    {
        app.UseRouting();
        app.UseIdentityServer();
    }
}
