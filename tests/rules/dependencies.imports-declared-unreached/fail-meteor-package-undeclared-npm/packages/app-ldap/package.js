Package.describe({ name: 'app-ldap' });

Npm.depends({
  'limax': '4.1.0'
});
