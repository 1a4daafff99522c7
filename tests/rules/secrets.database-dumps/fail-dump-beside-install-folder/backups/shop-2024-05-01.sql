-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
-- Host: db.internal    Database: shop

--
-- Dumping data for table `oc_customer`
--

INSERT INTO `oc_customer` (`customer_id`, `email`, `password`) VALUES (1, 'jane@example.net', '$2y$10$abcdefghijklmnopqrstuv');
