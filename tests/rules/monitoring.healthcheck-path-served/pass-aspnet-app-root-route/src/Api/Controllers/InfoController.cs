using Microsoft.AspNetCore.Mvc;

namespace Api.Controllers;

public class InfoController : Controller
{
    [HttpGet("~/alive")]
    public DateTime GetAlive() => DateTime.UtcNow;
}
