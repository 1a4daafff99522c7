public class ApiTests { [Fact] public void Works() => Assert.True(true); }
