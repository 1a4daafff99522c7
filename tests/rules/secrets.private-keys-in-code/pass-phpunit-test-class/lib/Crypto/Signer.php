<?php
class Signer
{
}
