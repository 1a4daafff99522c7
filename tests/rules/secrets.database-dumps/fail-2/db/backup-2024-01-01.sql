-- MySQL dump 10.13
--
-- Dumping data for table `users`
--
INSERT INTO `users` VALUES (1,'a@example.com');
