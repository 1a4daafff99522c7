public class S3ClientTests
{
    const string KeyId = "AKIAQ3EGRIT7BXK4NM2P";
}
