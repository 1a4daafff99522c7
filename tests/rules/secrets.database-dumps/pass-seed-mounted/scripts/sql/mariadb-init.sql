CREATE DATABASE IF NOT EXISTS keycloak;
CREATE USER IF NOT EXISTS keycloak@'%' IDENTIFIED BY 'keycloak';

--
-- Dumping data for table `REALM`
--

INSERT INTO `REALM` VALUES ('master',60,300);
