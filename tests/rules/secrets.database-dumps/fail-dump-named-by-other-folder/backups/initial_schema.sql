--
-- Dumping data for table `customers`
--

INSERT INTO `customers` (`id`, `email`) VALUES
    (1, 'alice@example.com');
