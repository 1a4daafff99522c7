using Microsoft.AspNetCore.Mvc;

namespace Api.Controllers;

[Route("")]
public class IconsController : Controller
{
    [HttpGet("{hostname}/icon.png")]
    public IActionResult Get(string hostname) => Ok();
}
