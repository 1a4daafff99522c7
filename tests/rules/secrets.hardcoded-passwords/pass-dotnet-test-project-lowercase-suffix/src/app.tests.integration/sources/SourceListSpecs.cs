// an integration test project named app.tests.integration: the password
// is the test source's own fixture value
public class SourceListSpecs
{
    public void Context()
    {
        Configuration.SourceCommand.Username = "user";
        Configuration.SourceCommand.Password = "Kx9vQm2Lp7w";
    }
}
