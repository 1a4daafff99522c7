Package.describe({ name: 'app-ldap' });

Npm.depends({
  ldapts: '4.2.6',
  'limax': '4.1.0'
});
