using Microsoft.AspNetCore.Mvc;

namespace Api.Controllers;

[Route("")]
public class IconsController : Controller
{
    [HttpGet("{hostname}/favicon.ico")]
    public IActionResult Get(string hostname) => Ok();
}
