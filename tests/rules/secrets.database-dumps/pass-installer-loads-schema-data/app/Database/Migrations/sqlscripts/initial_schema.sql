--
-- Table structure for table `app_config`
--

CREATE TABLE `app_config` (
    `key` varchar(50) NOT NULL,
    `value` varchar(500) NOT NULL,
    PRIMARY KEY (`key`)
);

--
-- Dumping data for table `app_config`
--

INSERT INTO `app_config` (`key`, `value`) VALUES
    ('currency_symbol', '$'),
    ('timezone', 'UTC');
