-- MySQL dump 10.13
--
-- Table structure for table `django_migrations`
--

CREATE TABLE `django_migrations` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `app` varchar(255) NOT NULL,
  `name` varchar(255) NOT NULL,
  PRIMARY KEY (`id`)
);

--
-- Dumping data for table `django_migrations`
--

INSERT INTO `django_migrations` VALUES (1,'contenttypes','0001_initial');
