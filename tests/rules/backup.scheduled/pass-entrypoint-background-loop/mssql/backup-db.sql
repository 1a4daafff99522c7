DECLARE @Name varchar(100) = 'vault'
BACKUP DATABASE @Name TO DISK = '/backups/vault.BAK' WITH INIT
