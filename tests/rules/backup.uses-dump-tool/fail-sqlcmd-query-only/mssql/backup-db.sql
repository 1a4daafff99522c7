SELECT name FROM sys.databases
