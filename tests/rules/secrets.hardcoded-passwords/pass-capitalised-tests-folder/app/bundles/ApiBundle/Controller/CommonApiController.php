<?php
class CommonApiController
{
}
