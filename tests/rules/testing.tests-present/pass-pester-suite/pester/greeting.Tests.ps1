# Pester names its test files NAME.Tests.ps1
BeforeAll {
    . $PSScriptRoot/../functions/Get-Greeting.ps1
}

Describe 'Get-Greeting' {
    It 'greets by name' {
        Get-Greeting -Name 'Ada' | Should -Be 'Hello, Ada'
    }
}
