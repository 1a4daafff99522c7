-- MySQL dump 10.13
--
-- Dumping data for table `django_migrations`
--

INSERT INTO `django_migrations` VALUES (1,'contenttypes','0001_initial');

--
-- Dumping data for table `users_user`
--

INSERT INTO `users_user` VALUES (1,'admin','pbkdf2_sha256$x');
