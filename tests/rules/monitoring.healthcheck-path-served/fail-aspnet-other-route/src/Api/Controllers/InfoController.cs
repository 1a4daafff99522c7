using Microsoft.AspNetCore.Mvc;

namespace Api.Controllers;

public class InfoController : Controller
{
    [HttpGet("~/now")]
    public DateTime GetNow() => DateTime.UtcNow;
}
