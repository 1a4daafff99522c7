public static class FeatureFlagKeys
{
    public const string PM27086_UpdateApisForInputPassword = "pm-27086-update-apis-for-input-password";
    public const string PM2042_RotateApiKey = "pm-2042-rotate-api-key";
}
