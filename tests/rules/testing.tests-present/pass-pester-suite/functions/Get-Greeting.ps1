function Get-Greeting {
    param([string]$Name)
    "Hello, $Name"
}
