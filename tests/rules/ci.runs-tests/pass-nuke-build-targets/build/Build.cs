using Nuke.Common;
using static Nuke.Common.Tools.DotNet.DotNetTasks;
class Build : NukeBuild
{
    public static int Main() => Execute<Build>(x => x.BuildAndUnitTests);
    Target Compile => _ => _.Executes(() => DotNetBuild());
    Target BuildAndUnitTests => _ => _.DependsOn(Compile).Executes(() => DotNetTest());
}
